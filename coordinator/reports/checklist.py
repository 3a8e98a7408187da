"""The eligibility checklist PDF: one per screening, portrait A4.

Site and trial header, the patient by screening number, initials, age and sex (the full name only
when the report carries it), every criterion with its verbatim text, the data used, the automatic
and the final answer, overrides and manual answers with their author and reason, ambiguity notes,
the verdict with the screen-failure reasons, and the signature blocks.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from coordinator.screening.eligibility import (ADOPTED, AGREEMENT, CHOSEN, Checklist, CriterionResult, Decision,
    PartResult, Verdict, own_evidence)
from coordinator.reports.common import (FAIL, GRID, SHADE, Rendered, Running, SignatureBox, Styles, build_pdf,
    content_height, content_width, format_time, header_table, sex_label, signature_blocks, split_in_row, styles,
    table_style, text)
from coordinator.reports.model import ChecklistReport, Site
from coordinator.screening.rules.answers import NEEDS_REVIEW, UNKNOWN, Answer

PAGE = A4

VERDICTS = {
    Verdict.ELIGIBLE: "ELIGIBLE",
    Verdict.INELIGIBLE: "NOT ELIGIBLE (screen failure)",
    Verdict.INCOMPLETE: "INCOMPLETE (criteria without a final answer)",
}


def answer_label(answer: Answer) -> str:
    return str(answer).replace("_", " ")


def render_checklist(report: ChecklistReport) -> bytes:
    return layout_checklist(report).data


def layout_checklist(report: ChecklistReport) -> Rendered:
    """The PDF and where its signing areas are."""
    st = styles()
    width = content_width(PAGE)
    found: dict[int, SignatureBox] = {}
    checklist = report.checklist
    story: list[Flowable] = [
        Paragraph("Eligibility screening checklist", st.title),
        _header(report, st, width),
        Spacer(width, 4 * mm),
        Paragraph("Criteria", st.heading),
        Paragraph("Inclusion criteria must be answered <b>yes</b>, exclusion criteria <b>no</b>; a final answer "
                  "against this is a screen-failure reason. The automatic answer is TrialDesk's reading of the "
                  "recorded data; the final answer is what counts (an investigator's override, else a manual "
                  "answer where the data could not decide, else the automatic answer).", st.small),
        Spacer(width, 2 * mm),
        _criteria(checklist, report.site, st, width, content_height(PAGE)),
        Spacer(width, 4 * mm),
        KeepTogether([Paragraph("Verdict", st.heading), *_verdict(checklist, st)]),
        Spacer(width, 4 * mm),
    ]
    signatures = signature_blocks(report.signatures, report.site, width, st, found)
    if signatures:
        story.append(KeepTogether([Paragraph("Signatures", st.heading), signatures[0]]))
        story += signatures[1:]
    running = Running(
        left=f"{report.site.name} · Eligibility checklist · {report.trial.trial_id} · {report.screening_label}",
        right=f"Patient {report.patient_initials}", document_id=report.document_id,
        generated=f"Generated {format_time(report.generated_at, report.site)}", audit_head=report.audit_head)
    data = build_pdf(story, PAGE, running, title=f"Eligibility checklist {report.screening_label}",
                     subject=f"{report.trial.trial_id} {report.trial.title}", author=report.site.name)
    return Rendered(data, tuple(found[i] for i in sorted(found)))


def _header(report: ChecklistReport, st: Styles, width: float) -> Table:
    trial, site, checklist = report.trial, report.site, report.checklist

    def label(value: str) -> Paragraph:
        return Paragraph(value, st.small)

    def value(content: object) -> Paragraph:
        return Paragraph(text(content), st.body)

    site_text = site.name + (f", {site.address}" if site.address else "")
    patient = [label("Screening number"), value(report.screening_label),
               label("Screening date"), value(checklist.on.isoformat())]
    rows = [
        [label("Site"), value(site_text), "", ""],
        [label("Trial"), Paragraph(f"<b>{text(trial.trial_id)}</b> {text(trial.title)}", st.body), "", ""],
        [label("Protocol version"), value(checklist.protocol_version or trial.protocol_version), "", ""],
    ]
    if trial.principal_investigator:
        rows.append([label("Principal investigator"), value(trial.principal_investigator), "", ""])
    rows += [
        patient,
        [label("Patient initials"), value(report.patient_initials),
         label("Age / sex"), value(f"{'unknown' if report.age is None else report.age} / {sex_label(report.sex)}")],
    ]
    if report.full_name:
        rows.append([label("Full name"), value(report.full_name), "", ""])
    rows.append([label("Screening status"), value(report.status.replace("_", " ")),
                 label("Verdict"), Paragraph(f"<b>{VERDICTS[checklist.verdict]}</b>", st.body)])
    spans = [("SPAN", (1, i), (3, i)) for i, row in enumerate(rows) if row[2] == ""]
    return header_table(rows, width, 30 * mm, spans)


def _decision_lines(result: CriterionResult, checklist: Checklist, site: Site, st: Styles) -> list[Paragraph]:
    lines = []

    def when(decision: Decision) -> str:
        return f", {text(format_time(decision.at, site))}" if decision.at else ""

    override = checklist.overrides.get(result.id)
    if override:
        lines.append(Paragraph(
            f"<b>Override</b> by {text(override.by)}{when(override)}: final answer "
            f"<b>{answer_label(override.answer)}</b> (automatic: {answer_label(result.auto)}). "
            f"Reason: {text(override.note) or '(none given)'}", st.cell))
    manual = checklist.manual.get(result.id)
    if manual:
        applied = override is None and result.auto in (UNKNOWN, NEEDS_REVIEW)
        status = "" if applied else (" (not used: overridden)" if override else
                                     " (not used: the automatic answer decides)")
        lines.append(Paragraph(
            f"<b>Manual answer</b> by {text(manual.by)}{when(manual)}: <b>{answer_label(manual.answer)}</b>{status}."
            f"{' Note: ' + text(manual.note) if manual.note else ''}", st.cell))
    return lines


def _criteria(checklist: Checklist, site: Site, st: Styles, width: float, frame_height: float) -> Table:
    widths = [11 * mm, None, 60 * mm, 17 * mm, 21 * mm]
    widths[1] = width - sum(w for w in widths if w)
    header = [Paragraph(f"<b>{name}</b>", st.head_cell)
              for name in ("ID", "Criterion (verbatim protocol text)", "Data used", "Automatic", "Final")]
    rows: list[list] = [header]
    commands: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    failed = set(checklist.failed)
    kind = None
    for result in checklist.criteria:
        if result.kind != kind:
            kind = result.kind
            heading = ("Inclusion criteria (must be yes)" if kind == "inclusion"
                       else "Exclusion criteria (must be no)" if kind == "exclusion" else kind)
            rows.append([Paragraph(f"<b>{heading}</b>", st.cell), "", "", "", ""])
            commands += [("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)),
                         ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), SHADE)]

        criterion: list[Flowable] = [Paragraph(text(result.text), st.cell)]
        for part in result.parts:
            criterion.append(Paragraph(f"{text(part.id)} ({answer_label(part.answer)}): {text(part.text)}", st.small))
        if result.ambiguous:
            criterion.append(Paragraph(f"<b>Ambiguous text:</b> {text(result.ambiguous)}", st.small))
        criterion += _decision_lines(result, checklist, site, st)

        data: list[Flowable] = [Paragraph("• " + text(item), st.cell) for item in own_evidence(result)]
        data += [Paragraph("Missing / to answer: " + text(item), st.small) for item in result.missing]
        if not data:
            data = [Paragraph("(none)", st.small)]

        final = checklist.final(result)
        source = ("override" if result.id in checklist.overrides else
                  "manual" if result.id in checklist.manual and result.auto in (UNKNOWN, NEEDS_REVIEW) else
                  "automatic")
        if result.id in failed:
            verdict_cell = [Paragraph(f'<font color="{FAIL}"><b>{answer_label(final)}</b>'
                                      "</font>", st.cell), Paragraph(source, st.small),
                            Paragraph("screen failure", st.small)]
        else:
            verdict_cell = [Paragraph(f"<b>{answer_label(final)}</b>", st.cell), Paragraph(source, st.small)]
        rows.append([Paragraph(f"<b>{text(result.id)}</b>", st.cell), criterion, data,
                     Paragraph(answer_label(result.auto), st.cell), verdict_cell])
        items: list[CriterionResult | PartResult] = [result, *result.parts]
        for item in items:
            if item.readings:
                rows.append(["", _readings(item, st, width - widths[0] - 8), "", "", ""])
                commands.append(("SPAN", (1, len(rows) - 1), (-1, len(rows) - 1)))
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=split_in_row(rows, widths, frame_height))
    table.setStyle(table_style(commands))
    return table


def _resolution(item: CriterionResult | PartResult) -> str:
    """How the readings of the item were resolved, in a sentence."""
    taken = next((r for r in item.readings if r.id == item.reading), None)
    # the line after "reading ... adopted/chosen by ..." is its reason, when one was given
    reason = item.evidence[1] if len(item.evidence) > 1 and item.evidence[1].startswith("reason: ") else ""
    because = f" Reason: {text(reason.removeprefix('reason: '))}." if reason else ""
    if item.resolved_by == ADOPTED and taken:
        return f"Reading <b>{text(taken.label)}</b> adopted for the trial at this site.{because}"
    if item.resolved_by == CHOSEN and taken:
        return f"Reading <b>{text(taken.label)}</b> chosen by the investigator for this screening.{because}"
    if item.resolved_by == AGREEMENT:
        return f"All {len(item.readings)} readings agree: the answer stands."
    return "The readings disagree or lack data: the investigator chooses a reading."


def _readings(item: CriterionResult | PartResult, st: Styles, width: float) -> list[Flowable]:
    """The readings of ambiguous text side by side, one column each: label, answer, evidence."""
    cells = []
    for reading in item.readings:
        mark = "★ " if reading.id == item.reading else ""
        cell: list[Flowable] = [Paragraph(f"<b>{mark}{text(reading.label)}</b>"
                                          + (" (literal text)" if reading.literal else ""), st.cell),
                                Paragraph(f"Answer: <b>{answer_label(reading.answer)}</b>", st.cell)]
        cell += [Paragraph("• " + text(line), st.small) for line in reading.evidence]
        cell += [Paragraph("Missing: " + text(line), st.small) for line in reading.missing]
        cells.append(cell)
    inner = Table([cells], colWidths=[width / len(cells) - 1] * len(cells))
    inner.setStyle(table_style([("GRID", (0, 0), (-1, -1), 0.3, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
    return [Paragraph(f"<b>Readings of {text(item.id)} side by side.</b> {_resolution(item)}", st.small), inner]


def _verdict(checklist: Checklist, st: Styles) -> list[Flowable]:
    texts = {r.id: r for r in checklist.criteria}
    lines: list[Flowable] = [Paragraph(f"<b>{VERDICTS[checklist.verdict]}</b>", st.body)]
    if checklist.failed:
        lines.append(Paragraph("Screen-failure reasons:", st.body))
        for criterion_id in checklist.failed:
            result = texts[criterion_id]
            lines.append(Paragraph(
                f"<b>{text(criterion_id)}</b> ({result.kind}, final answer {answer_label(checklist.final(result))}): "
                f"{text(result.text)}", st.cell))
    if checklist.open:
        lines.append(Paragraph("Without a final answer: " + ", ".join(text(i) for i in checklist.open), st.body))
    return lines
