"""The follow-up timeline chart: every axis title shown whole (QtCharts cuts a title it thinks
has no room to "..."), and its names in the interface's language, drugs and labs included."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QGraphicsTextItem

from coordinator.followup.timeline import DoseStep, DrugDoses, Level, Point, Timeline
from ui.window.followup.chart import TimelineChart, _axis
from ui.window.i18n import CHINESE, install_translators, remove_translators

START = dt.date(2026, 4, 20)


def a_timeline(doses: tuple[float, ...] = (4, 3)) -> Timeline:
    days = [START + dt.timedelta(days=14 * n) for n in range(7)]
    return Timeline(
        start=START, enrolled_on=dt.date(2026, 5, 18), on=dt.date(2026, 7, 27),
        egfr=tuple(Point(day, 78 - 5 * n, "recorded") for n, day in enumerate(days)), egfr_unit="mL/min/1.73m2",
        baseline=76.89, baseline_date=dt.date(2026, 5, 18), decline_pct=30,
        doses=(DrugDoses("tacrolimus", "Tacrolimus", "mg/d",
                         tuple(DoseStep(days[2 + n], dose, None) for n, dose in enumerate(doses))),),
        levels=(Level("tacrolimus_trough", "Tacrolimus trough", "ng/mL", 10,
                      tuple(Point(day, 8 + n / 2, "recorded") for n, day in enumerate(days[2:]))),))


@pytest.fixture(params=["en", CHINESE])
def language(request):
    app = QApplication.instance()
    translators = install_translators(app, request.param)
    previous = QLocale()
    QLocale.setDefault(QLocale(request.param))
    yield request.param
    QLocale.setDefault(previous)
    remove_translators(app, translators)


def drawn(qtbot, timeline: Timeline, width: int = 1000, height: int = 370) -> TimelineChart:
    """The chart at about the size it has in the window at its default size (1200 x 760)."""
    chart = TimelineChart()
    qtbot.addWidget(chart)
    chart.resize(width, height)
    chart.show_timeline(timeline)
    chart.show()
    qtbot.waitExposed(chart)
    # QtCharts lays out its items on the next event loop turns
    qtbot.waitUntil(lambda: len(shown_texts(chart)) > 10)
    qtbot.wait(20)
    return chart


def shown_texts(chart: TimelineChart) -> dict[str, QGraphicsTextItem]:
    return {item.toPlainText(): item for item in chart.scene().items()
            if isinstance(item, QGraphicsTextItem) and item.isVisible()}


@pytest.mark.parametrize("doses", [(4, 3), (0.5, 0.25), (40, 30)])
def test_every_axis_title_is_shown_whole_inside_the_chart(qtbot, language, doses):
    chart = drawn(qtbot, a_timeline(doses))
    axes = chart.chart().axes()
    titles = [axis.titleText() for axis in axes if axis.titleText()]
    assert len(titles) == 3  # eGFR, dose, level
    texts = shown_texts(chart)
    view = chart.viewport().rect()
    for title in titles:
        assert title in texts, f"{title!r} is cut: the chart shows {sorted(texts)}"
        rect = texts[title].sceneBoundingRect()
        assert chart.mapFromScene(rect).boundingRect().intersected(view) == chart.mapFromScene(rect).boundingRect()
    assert not [text for text in texts if text.strip() in ("...", "…")]


def test_names_are_in_the_interface_language(qtbot, language):
    chart = drawn(qtbot, a_timeline())
    names = set(chart.series_named())
    titles = {axis.titleText() for axis in chart.chart().axes() if axis.titleText()}
    if language == CHINESE:
        assert names == {"基线 76.89", "下降 30% 界值 53.82", "eGFR", "他克莫司剂量（mg/d）",
                         "他克莫司谷浓度界值 10 ng/mL", "他克莫司谷浓度（ng/mL）"}
        assert titles == {"eGFR (mL/min/1.73m²)", "剂量（mg/d）", "浓度（ng/mL）"}
    else:
        assert names == {"Baseline 76.89", "−30% limit 53.82", "eGFR", "Tacrolimus dose (mg/d)",
                         "Tacrolimus trough limit 10 ng/mL", "Tacrolimus trough (ng/mL)"}
        assert titles == {"eGFR (mL/min/1.73m²)", "Dose (mg/d)", "Level (ng/mL)"}


def test_a_drug_the_vocabulary_does_not_know_keeps_its_own_name(qtbot, language):
    timeline = a_timeline()
    unknown = DrugDoses("xz-101", "XZ-101", "mg/d", timeline.doses[0].steps)
    chart = drawn(qtbot, Timeline(**{**timeline.__dict__, "doses": (unknown,)}))
    assert any(name.startswith("XZ-101") for name in chart.series_named())


@pytest.mark.parametrize("top, step, labels", [(4.6, 1, ["0.0", "1.0", "5.0"]), (1.1, 0.25, ["0.00", "0.25", "1.25"]),
                                               (46, 10, ["0", "10", "50"]), (23, 5, ["0", "5", "25"])])
def test_axis_labels_keep_the_step_exact_and_are_never_a_lone_digit(top, step, labels):
    axis = _axis("Dose (mg/d)", QColor("green"), top)
    assert axis.tickInterval() == step
    shown = [axis.labelFormat() % value for value in (0, step, axis.max())]
    assert shown == labels
