"""The follow-up timeline chart (QtCharts): eGFR with the baseline and the trial's decline limit
on the left axis, each study drug's dose as a step line on a right axis, drug levels with
their limit on a second right axis. Drawing only: the series come from coordinator.followup.timeline."""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, QPointF, Qt, QTime
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QPen
from PySide6.QtWidgets import QToolTip

from coordinator.followup.timeline import Point, Timeline
from ui.window.core_text import tr_code, tr_core

EGFR_COLOUR = QColor("#1f5fbf")
LIMIT_COLOUR = QColor("#c62828")
BASELINE_COLOUR = QColor("#555555")
DOSE_COLOURS = [QColor("#2e7d32"), QColor("#6a1b9a"), QColor("#00838f")]
LEVEL_COLOUR = QColor("#e65100")


def _ms(day: dt.date) -> float:
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


def _pen(colour: QColor, width: float = 2.0, style=Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, width)
    pen.setStyle(style)
    return pen


def _nice_step(top: float, intervals: int = 5) -> float:
    """A round tick interval (1, 2, 2.5 or 5 times a power of ten) giving about `intervals` ticks."""
    rough = top / intervals
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)


def _decimals(step: float, top: float) -> int:
    """Decimals for an axis's labels: as many as the step needs, and at least one below 10.
    QtCharts keeps the width of "..." beside a vertical title for the labels, so labels of a
    single digit ("0".."5") leave the title less room than it measures and it is cut to "..."
    (in Chinese, whose glyphs are taller, at any window size)."""
    needed = next(d for d in range(7) if abs(round(step, d) - step) < 1e-9 * step)  # 0.25 -> 2
    return max(needed, 1 if top < 10 else 0)


def _axis(title: str, colour: QColor, top: float) -> QValueAxis:
    """A value axis from 0 with round ticks, coloured like its series."""
    top = top if top > 0 else 1
    step = _nice_step(top)
    axis = QValueAxis()
    axis.setTitleText(title)
    axis.setRange(0, math.ceil(top / step - 1e-9) * step)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setLabelFormat(f"%.{_decimals(step, axis.max())}f")
    axis.setTitleBrush(colour)
    axis.setLabelsColor(colour)
    return axis


class TimelineChart(QChartView):
    """`show_timeline(series)` redraws the chart; hovering a point tells its value and origin."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(self.tr("Follow-up timeline chart"))
        self.setMinimumHeight(260)
        self.timeline: Timeline | None = None
        self.show_timeline(None)

    def series_named(self) -> dict[str, QLineSeries]:
        """The chart's series by their legend name (what a reader, and the tests, look for)."""
        return {series.name(): series for series in self.chart().series()}

    def show_timeline(self, timeline: Timeline | None) -> None:
        self.timeline = timeline
        chart = QChart()
        chart.setMargins(chart.margins() * 0)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setFont(QFont(self.font().family(), max(8, self.font().pointSize() - 1)))
        self.setChart(chart)  # the view owns and deletes the previous chart
        if timeline is None:
            chart.setTitle(self.tr("Choose an enrolled patient to see the timeline"))
            return
        axis_x = QDateTimeAxis()
        axis_x.setFormat("yyyy-MM-dd")
        margin = max(1, (timeline.on - timeline.start).days // 40)  # room for the end points' markers
        axis_x.setRange(QDateTime(_qdate(timeline.start), QTime(0, 0)),
                        QDateTime(_qdate(timeline.on + dt.timedelta(days=margin)), QTime(0, 0)))
        axis_x.setTickCount(min(8, max(3, self.width() // 130)))
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        self._add_egfr(chart, axis_x, timeline)
        self._add_doses(chart, axis_x, timeline)
        self._add_levels(chart, axis_x, timeline)
        description = [self.tr("%n eGFR value(s)", "", len(timeline.egfr))]
        if timeline.baseline is not None:
            description.append(self.tr("baseline {0:g}").format(timeline.baseline))
        self.setAccessibleDescription(", ".join(description))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        for axis in self.chart().axes(Qt.Orientation.Horizontal):
            axis.setTickCount(min(8, max(3, self.width() // 130)))

    # -- the series -------------------------------------------------------------------------------
    def _line(self, chart: QChart, name: str, pen: QPen, points, axes) -> QLineSeries:
        series = QLineSeries()
        series.setName(name)
        series.setPen(pen)
        series.append([QPointF(x, y) for x, y in points])
        chart.addSeries(series)
        for axis in axes:
            series.attachAxis(axis)
        return series

    def _add_egfr(self, chart: QChart, axis_x, timeline: Timeline) -> None:
        values = [p.value for p in timeline.egfr] + ([timeline.baseline] if timeline.baseline else [])
        axis_y = _axis(self.tr("eGFR (mL/min/1.73m²)"), EGFR_COLOUR, max(values, default=100) * 1.15)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        axes = (axis_x, axis_y)
        span = [_ms(timeline.start), _ms(timeline.on)]
        if timeline.baseline is not None:
            self._line(chart, self.tr("Baseline {0:g}").format(timeline.baseline),
                       _pen(BASELINE_COLOUR, 1.5, Qt.PenStyle.DashLine), [(x, timeline.baseline) for x in span], axes)
        if timeline.decline_limit is not None:
            self._line(chart, self.tr("−{0:g}% limit {1:g}").format(timeline.decline_pct, timeline.decline_limit),
                       _pen(LIMIT_COLOUR, 1.5, Qt.PenStyle.DashLine),
                       [(x, timeline.decline_limit) for x in span], axes)
        egfr = self._line(chart, self.tr("eGFR"), _pen(EGFR_COLOUR, 2.5),
                          [(_ms(p.day), p.value) for p in timeline.egfr], axes)
        egfr.setPointsVisible(True)
        egfr.hovered.connect(lambda point, state: self._tell(point, state, timeline.egfr, self.tr("eGFR"),
                                                             timeline.egfr_unit))

    def _add_doses(self, chart: QChart, axis_x, timeline: Timeline) -> None:
        drawn = [d for d in timeline.doses if d.steps]
        if not drawn:
            return
        top = max(s.mg_per_day for d in drawn for s in d.steps) * 1.25 or 1
        units = sorted({d.unit for d in drawn})
        axis_y = _axis(self.tr("Dose ({0})").format(", ".join(units)), DOSE_COLOURS[0], top)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignRight)
        for number, drug in enumerate(drawn):
            points: list[tuple[float, float]] = []
            for step in drug.steps:
                x = _ms(max(step.start, timeline.start))
                if points:
                    points.append((x, points[-1][1]))  # the step: the old dose until the change
                points.append((x, step.mg_per_day))
            points.append((_ms(timeline.on), points[-1][1]))
            self._line(chart, self.tr("{0} dose ({1})").format(tr_code(drug.drug, tr_core(drug.name)), drug.unit),
                       _pen(DOSE_COLOURS[number % len(DOSE_COLOURS)], 2.0), points, (axis_x, axis_y))

    def _add_levels(self, chart: QChart, axis_x, timeline: Timeline) -> None:
        if not timeline.levels:
            return
        top = max([level.limit for level in timeline.levels] + [p.value for level in timeline.levels
                                                                 for p in level.points]) * 1.2
        units = sorted({level.unit for level in timeline.levels})
        axis_y = _axis(self.tr("Level ({0})").format(", ".join(units)), LEVEL_COLOUR, top)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignRight)
        span = [_ms(timeline.start), _ms(timeline.on)]
        for level in timeline.levels:
            name = tr_code(level.code, level.name)
            self._line(chart, self.tr("{0} limit {1:g} {2}").format(name, level.limit, level.unit),
                       _pen(LEVEL_COLOUR, 1.2, Qt.PenStyle.DotLine), [(x, level.limit) for x in span],
                       (axis_x, axis_y))
            dots = QScatterSeries()
            dots.setName(self.tr("{0} ({1})").format(name, level.unit))
            dots.setColor(LEVEL_COLOUR)
            dots.setBorderColor(LEVEL_COLOUR)
            dots.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeTriangle)
            dots.setMarkerSize(11)
            dots.append([QPointF(_ms(p.day), p.value) for p in level.points])
            chart.addSeries(dots)
            dots.attachAxis(axis_x)
            dots.attachAxis(axis_y)
            dots.hovered.connect(lambda point, state, level=level, name=name: self._tell(point, state, level.points,
                                                                                         name, level.unit))

    def _tell(self, point: QPointF, state: bool, points: tuple[Point, ...], name: str, unit: str) -> None:
        if not state or not points:
            QToolTip.hideText()
            return
        nearest = min(points, key=lambda p: abs(_ms(p.day) - point.x()))
        text = f"{name} {nearest.value:g} {unit}, {nearest.day.isoformat()}"
        if nearest.derived:
            text += "\n" + self.tr("derived from {0}").format(tr_core(nearest.source))
        QToolTip.showText(QCursor.pos(), text, self)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)
