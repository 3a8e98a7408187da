"""The screening log PDF: one per trial and period, landscape A4.

One row per screening (number, date, initials, age/sex, outcome, screen-failure reasons, consent
date, subject number and arm when enrolled, comments) under a header repeated on every page, a
summary of counts by outcome and by failure reason, and the investigator's signature block.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, LongTable, Paragraph, Spacer, Table

from coordinator.reports.common import (GRID, SHADE, Rendered, Running, SignatureBox, Styles, age_sex, build_pdf,
                                        content_height, content_width, fitted, format_date, format_time, header_table,
                                        signature_blocks, split_in_row, styles, table_style, text)
from coordinator.phrase import Phrase
from coordinator.reports.model import OUTCOMES, LogRow, ScreeningLogReport
from coordinator.reports.wording import Wording

PAGE = landscape(A4)
PADDING = 2.5  # points either side of a log cell's text

OUTCOME_LABELS = {"eligible": Phrase("eligible"), "screen_failure": Phrase("screen failure"),
                  "pending": Phrase("pending"), "enrolled": Phrase("enrolled")}

# (heading, width in mm; None takes what is left)
COLUMNS = (
    (Phrase("Screening no."), 29), (Phrase("Date screened"), 17), (Phrase("Initials"), 13), (Phrase("Age/sex"), 12),
    (Phrase("Outcome"), 18), (Phrase("Screen-failure reasons"), None), (Phrase("Consent date"), 17),
    (Phrase("Subject no."), 18), (Phrase("Arm"), 20), (Phrase("Comments"), 40),
)


def render_screening_log(report: ScreeningLogReport) -> bytes:
    return layout_screening_log(report).data


def layout_screening_log(report: ScreeningLogReport) -> Rendered:
    """The PDF and where its signing areas are."""
    st = styles(size=8.5)
    say = Wording(report.language)
    width = content_width(PAGE)
    found: dict[int, SignatureBox] = {}
    signatures = signature_blocks(report.signatures, report.site, width * 0.75, st, found, say)
    story: list[Flowable] = [
        Paragraph(say(Phrase("Screening log")), st.title),
        _header(report, st, width, say),
        Spacer(width, 3 * mm),
        Paragraph(say(Phrase("Summary")), st.heading),
        _summary(report, st, width, say),
        Spacer(width, 3 * mm),
        Paragraph(say(Phrase("Screenings ({count})", count=len(report.rows))), st.heading),
        _log(report.rows, st, width, content_height(PAGE), say),
        Spacer(width, 4 * mm),
    ]
    if signatures:
        story.append(KeepTogether([Paragraph(say(Phrase("Signatures")), st.heading), signatures[0]]))
        story += signatures[1:]
    period = say(_period(report))
    running = Running(left=f"{report.site.name} · {say(Phrase('Screening log'))} · {report.trial.trial_id} · {period}",
                      right=say(report.trial.short_name) or report.trial.trial_id, document_id=report.document_id,
                      generated=say(Phrase("Generated {time}", time=format_time(report.generated_at, report.site))),
                      audit_head=report.audit_head, say=say)
    data = build_pdf(story, PAGE, running, title=f"Screening log {report.trial.trial_id} {_period(report)}",
                     subject=f"{report.trial.trial_id} {report.trial.title}", author=report.site.name)
    return Rendered(data, tuple(found[i] for i in sorted(found)))


def _period(report: ScreeningLogReport) -> Phrase:
    start = report.period_from.isoformat() if report.period_from else None
    end = report.period_to.isoformat() if report.period_to else None
    if start and end:
        return Phrase("{start} to {end}", start=start, end=end)
    if start:
        return Phrase("from {start}", start=start)
    if end:
        return Phrase("up to {end}", end=end)
    return Phrase("all dates")


def _header(report: ScreeningLogReport, st: Styles, width: float, say: Wording) -> Table:
    trial, site = report.trial, report.site

    def label(value: Phrase) -> Paragraph:
        return Paragraph(say(value), st.small)

    def value(content: str) -> Paragraph:
        return Paragraph(content, st.body)

    title = say(trial.title) + (f" ({trial.title})" if say(trial.title) != str(trial.title) else "")
    rows = [
        [label(Phrase("Site")), value(text(site.name + (f", {site.address}" if site.address else ""))), "", ""],
        [label(Phrase("Trial")), value(f"{text(trial.trial_id)} {text(title)}"), "", ""],
        [label(Phrase("Protocol version")), value(text(trial.protocol_version)),
         label(Phrase("Principal investigator")), value(text(trial.principal_investigator or ""))],
        [label(Phrase("Period screened")), value(text(say(_period(report)))), label(Phrase("Screenings")),
         value(str(len(report.rows)))],
    ]
    return header_table(rows, width, 34 * mm, [("SPAN", (1, 0), (3, 0)), ("SPAN", (1, 1), (3, 1))])


def _summary(report: ScreeningLogReport, st: Styles, width: float, say: Wording) -> Table:
    counts = report.outcome_counts()
    by_outcome = [[Paragraph(say(Phrase("Outcome")), st.head_cell), Paragraph(say(Phrase("Screenings")), st.head_cell)]]
    by_outcome += [[say(OUTCOME_LABELS[o]), str(counts[o])] for o in OUTCOMES]
    by_outcome.append([say(Phrase("total")), str(len(report.rows))])
    outcome_table = Table(by_outcome, colWidths=[30 * mm, 20 * mm])
    outcome_table.setStyle(table_style([
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEABOVE", (0, -1), (-1, -1), 0.6, GRID),
        ("BOX", (0, 0), (-1, -1), 0.6, GRID),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))

    failures = report.failure_counts()
    reason_width = width - 50 * mm - 8 * mm
    by_reason: list[list] = [[Paragraph(say(Phrase("Screen-failure reason")), st.head_cell), "",
                              Paragraph(say(Phrase("Screenings")), st.head_cell)]]
    by_reason += [[Paragraph(text(i), st.cell), Paragraph(text(t), st.cell), str(n)] for i, t, n in failures]
    if not failures:
        by_reason.append([Paragraph(say(Phrase("no screen failures")), st.cell), "", ""])
        empty = [("SPAN", (0, 1), (-1, 1))]
    else:
        empty = []
    reason_table = Table(by_reason, colWidths=[12 * mm, reason_width - 32 * mm, 20 * mm], repeatRows=1)
    reason_table.setStyle(table_style([
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("SPAN", (0, 0), (1, 0)),
        *empty,
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("BOX", (0, 0), (-1, -1), 0.6, GRID),
        ("LINEBELOW", (0, 0), (-1, -2), 0.25, GRID),
        ("ALIGN", (2, 0), (2, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    note = Paragraph(say(Phrase("A screening may fail on several criteria: it is counted under each.")), st.small)
    layout = Table([[outcome_table, [reason_table, note]]], colWidths=[58 * mm, width - 58 * mm])
    layout.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return layout


def _log(rows: tuple[LogRow, ...], st: Styles, width: float, frame_height: float, say: Wording) -> Table:
    fixed = sum(w for _, w in COLUMNS if w) * mm
    widths = [w * mm if w else width - fixed for _, w in COLUMNS]
    cell = st.cell
    room = [w - 2 * PADDING for w in widths]
    data: list[list] = [[Paragraph(say(heading), st.head_cell) for heading, _ in COLUMNS]]
    outcomes = {outcome: say(label) for outcome, label in OUTCOME_LABELS.items()}
    for row in rows:
        version = "\n" + say(Phrase("protocol {version}", version=row.protocol_version)) if row.protocol_version else ""
        data.append([
            fitted(row.screening_label + version, room[0], cell),
            format_date(row.date_screened),
            fitted(row.initials, room[2], cell),
            fitted(age_sex(row.age, row.sex), room[3], cell),
            outcomes[row.outcome],
            fitted("\n".join(f"{i} {t}" for i, t in row.failure_reasons), room[5], cell),
            format_date(row.consent_date),
            fitted(row.subject_no, room[7], cell),
            fitted(row.arm, room[8], cell),
            fitted(row.comments, room[9], cell),
        ])
    empty = []
    if not rows:
        data.append([Paragraph(say(Phrase("no screenings in this period")), cell)] + [""] * (len(COLUMNS) - 1))
        empty = [("SPAN", (0, 1), (-1, 1))]
    table = LongTable(data, colWidths=widths, repeatRows=1, splitInRow=split_in_row(data, widths, frame_height))
    table.setStyle(table_style([
        *empty,
        ("FONTSIZE", (0, 0), (-1, -1), cell.fontSize),
        ("LEADING", (0, 0), (-1, -1), cell.leading),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ]))
    return table
