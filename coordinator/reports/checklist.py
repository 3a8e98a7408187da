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
from coordinator.reports.common import (FAIL, GRID, MUTED_TEXT, SHADE, Rendered, Running, SignatureBox, Styles, build_pdf,
    content_height, content_width, format_time, header_table, sex_label, signature_blocks, split_in_row, styles,
    table_style, text)
from coordinator.phrase import Phrase
from coordinator.reports.model import ChecklistReport, Site
from coordinator.reports.wording import Wording
from coordinator.screening.rules.answers import NEEDS_REVIEW, UNKNOWN, Answer

PAGE = A4

VERDICTS = {
    Verdict.ELIGIBLE: Phrase("ELIGIBLE"),
    Verdict.INELIGIBLE: Phrase("NOT ELIGIBLE (screen failure)"),
    Verdict.INCOMPLETE: Phrase("INCOMPLETE (criteria without a final answer)"),
}
ANSWERS = {Answer.YES: Phrase("yes"), Answer.NO: Phrase("no"), Answer.UNKNOWN: Phrase("unknown"),
           Answer.NEEDS_REVIEW: Phrase("needs review")}
STATUSES = {"in_progress": Phrase("in progress"), "ready_for_review": Phrase("ready for review"),
            "signed": Phrase("signed"), "enrolled": Phrase("enrolled"), "screen_failure": Phrase("screen failure")}
KIND_HEADINGS = {"inclusion": Phrase("Inclusion criteria (must be yes)"),
                 "exclusion": Phrase("Exclusion criteria (must be no)")}
SOURCES = {"override": Phrase("override"), "manual": Phrase("manual"), "automatic": Phrase("automatic")}


def answer_label(answer: Answer, say: Wording = Wording()) -> str:
    return say(ANSWERS.get(answer, str(answer).replace("_", " ")))


def render_checklist(report: ChecklistReport) -> bytes:
    return layout_checklist(report).data


def layout_checklist(report: ChecklistReport) -> Rendered:
    """The PDF and where its signing areas are."""
    st = styles()
    say = Wording(report.language)
    width = content_width(PAGE)
    found: dict[int, SignatureBox] = {}
    checklist = report.checklist
    explained = say(Phrase(
        "Inclusion criteria must be answered <b>yes</b>, exclusion criteria <b>no</b>; a final answer "
        "against this is a screen-failure reason. The automatic answer is TrialDesk's reading of the "
        "recorded data; the final answer is what counts (an investigator's override, else a manual "
        "answer where the data could not decide, else the automatic answer)."))
    if say.chinese:
        explained += " " + say(Phrase("The criteria are printed in their registered English, which governs; the "
                                      "Chinese under each is a reference translation."))
    story: list[Flowable] = [
        Paragraph(say(Phrase("Eligibility screening checklist")), st.title),
        _header(report, st, width, say),
        Spacer(width, 4 * mm),
        Paragraph(say(Phrase("Criteria")), st.heading),
        Paragraph(explained, st.small),
        Spacer(width, 2 * mm),
        _criteria(checklist, report.site, st, width, content_height(PAGE), say),
        Spacer(width, 4 * mm),
        KeepTogether([Paragraph(say(Phrase("Verdict")), st.heading), *_verdict(checklist, st, say)]),
        Spacer(width, 4 * mm),
    ]
    signatures = signature_blocks(report.signatures, report.site, width, st, found, say)
    if signatures:
        story.append(KeepTogether([Paragraph(say(Phrase("Signatures")), st.heading), signatures[0]]))
        story += signatures[1:]
    running = Running(
        left=f"{report.site.name} · {say(Phrase('Eligibility checklist'))} · {report.trial.trial_id} · "
             f"{report.screening_label}",
        right=say(Phrase("Patient {initials}", initials=report.patient_initials)), document_id=report.document_id,
        generated=say(Phrase("Generated {time}", time=format_time(report.generated_at, report.site))),
        audit_head=report.audit_head, say=say)
    data = build_pdf(story, PAGE, running, title=f"Eligibility checklist {report.screening_label}",
                     subject=f"{report.trial.trial_id} {report.trial.title}", author=report.site.name)
    return Rendered(data, tuple(found[i] for i in sorted(found)))


def _header(report: ChecklistReport, st: Styles, width: float, say: Wording) -> Table:
    trial, site, checklist = report.trial, report.site, report.checklist

    def label(value: Phrase) -> Paragraph:
        return Paragraph(say(value), st.small)

    def value(content: object) -> Paragraph:
        return Paragraph(text(content), st.body)

    site_text = site.name + (f", {site.address}" if site.address else "")
    patient = [label(Phrase("Screening number")), value(report.screening_label),
               label(Phrase("Screening date")), value(checklist.on.isoformat())]
    title = say(trial.title) + (f" ({trial.title})" if say(trial.title) != str(trial.title) else "")
    rows = [
        [label(Phrase("Site")), value(site_text), "", ""],
        [label(Phrase("Trial")), Paragraph(f"<b>{text(trial.trial_id)}</b> {text(title)}", st.body), "", ""],
        [label(Phrase("Protocol version")), value(checklist.protocol_version or trial.protocol_version), "", ""],
    ]
    if trial.principal_investigator:
        rows.append([label(Phrase("Principal investigator")), value(trial.principal_investigator), "", ""])
    age = say(Phrase("unknown")) if report.age is None else report.age
    rows += [
        patient,
        [label(Phrase("Patient initials")), value(report.patient_initials),
         label(Phrase("Age / sex")), value(f"{age} / {sex_label(report.sex, say)}")],
    ]
    if report.full_name:
        rows.append([label(Phrase("Full name")), value(report.full_name), "", ""])
    rows.append([label(Phrase("Screening status")), value(say(STATUSES.get(report.status, report.status))),
                 label(Phrase("Verdict")), Paragraph(f"<b>{say(VERDICTS[checklist.verdict])}</b>", st.body)])
    spans = [("SPAN", (1, i), (3, i)) for i, row in enumerate(rows) if row[2] == ""]
    return header_table(rows, width, 30 * mm, spans)


def _decision_lines(result: CriterionResult, checklist: Checklist, site: Site, st: Styles,
                    say: Wording) -> list[Paragraph]:
    lines = []

    def when(decision: Decision) -> str:
        return f", {text(format_time(decision.at, site))}" if decision.at else ""

    override = checklist.overrides.get(result.id)
    if override:
        lines.append(Paragraph(say(Phrase(
            "<b>Override</b> by {by}{when}: final answer <b>{answer}</b> (automatic: {automatic}). Reason: {reason}",
            by=text(override.by), when=when(override), answer=answer_label(override.answer, say),
            automatic=answer_label(result.auto, say), reason=text(override.note) or say(Phrase("(none given)")))),
            st.cell))
    manual = checklist.manual.get(result.id)
    if manual:
        applied = override is None and result.auto in (UNKNOWN, NEEDS_REVIEW)
        status = "" if applied else say(Phrase(" (not used: overridden)") if override else
                                        Phrase(" (not used: the automatic answer decides)"))
        note = say(Phrase(" Note: {note}", note=text(manual.note))) if manual.note else ""
        lines.append(Paragraph(say(Phrase(
            "<b>Manual answer</b> by {by}{when}: <b>{answer}</b>{status}.{note}", by=text(manual.by),
            when=when(manual), answer=answer_label(manual.answer, say), status=status, note=note)), st.cell))
    return lines


def _criteria(checklist: Checklist, site: Site, st: Styles, width: float, frame_height: float,
              say: Wording) -> Table:
    widths = [11 * mm, None, 60 * mm, 17 * mm, 21 * mm]
    widths[1] = width - sum(w for w in widths if w)
    header = [Paragraph(f"<b>{say(name)}</b>", st.head_cell)
              for name in (Phrase("ID"), Phrase("Criterion (verbatim protocol text)"), Phrase("Data used"),
                           Phrase("Automatic"), Phrase("Final"))]
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
            heading = say(KIND_HEADINGS.get(kind, kind))
            rows.append([Paragraph(f"<b>{heading}</b>", st.cell), "", "", "", ""])
            commands += [("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)),
                         ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), SHADE)]

        criterion: list[Flowable] = [Paragraph(text(result.text), st.cell), *_reference(result.text, st, say)]
        for part in result.parts:
            criterion.append(Paragraph(f"{text(part.id)} ({answer_label(part.answer, say)}): {text(part.text)}",
                                       st.small))
            criterion += _reference(part.text, st, say)
        if result.ambiguous:
            criterion.append(Paragraph(f"<b>{say(Phrase('Ambiguous text:'))}</b> {text(say(result.ambiguous))}",
                                       st.small))
        criterion += _decision_lines(result, checklist, site, st, say)

        data: list[Flowable] = [Paragraph("• " + text(say(item)), st.cell) for item in own_evidence(result)]
        data += [Paragraph(say(Phrase("Missing / to answer: {item}", item=text(say(item)))), st.small)
                 for item in result.missing]
        if not data:
            data = [Paragraph(say(Phrase("(none)")), st.small)]

        final = checklist.final(result)
        source = say(SOURCES["override" if result.id in checklist.overrides else
                             "manual" if result.id in checklist.manual and result.auto in (UNKNOWN, NEEDS_REVIEW) else
                             "automatic"])
        if result.id in failed:
            verdict_cell = [Paragraph(f'<font color="{FAIL}"><b>{answer_label(final, say)}</b>'
                                      "</font>", st.cell), Paragraph(source, st.small),
                            Paragraph(say(Phrase("screen failure")), st.small)]
        else:
            verdict_cell = [Paragraph(f"<b>{answer_label(final, say)}</b>", st.cell), Paragraph(source, st.small)]
        rows.append([Paragraph(f"<b>{text(result.id)}</b>", st.cell), criterion, data,
                     Paragraph(answer_label(result.auto, say), st.cell), verdict_cell])
        items: list[CriterionResult | PartResult] = [result, *result.parts]
        for item in items:
            if item.readings:
                rows.append(["", _readings(item, st, width - widths[0] - 8, say), "", "", ""])
                commands.append(("SPAN", (1, len(rows) - 1), (-1, len(rows) - 1)))
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=split_in_row(rows, widths, frame_height))
    table.setStyle(table_style(commands))
    return table


def _reference(registered: str, st: Styles, say: Wording) -> list[Flowable]:
    """The reference translation under registered text, in a Chinese report, marked as such."""
    zh = say.reference(registered)
    if zh is None:
        return []
    marked = say(Phrase("Reference translation (the registered text governs): "))
    return [Paragraph(f'<font color="{MUTED_TEXT}"><i>{text(marked)}</i>{text(zh)}</font>', st.small)]


def _resolution(item: CriterionResult | PartResult, say: Wording) -> str:
    """How the readings of the item were resolved, in a sentence."""
    taken = next((r for r in item.readings if r.id == item.reading), None)
    # the line after "reading ... adopted/chosen by ..." is its reason, when one was given
    reason = item.evidence[1] if len(item.evidence) > 1 and item.evidence[1].startswith("reason: ") else ""
    because = say(Phrase(" Reason: {reason}.", reason=text(reason.removeprefix("reason: ")))) if reason else ""
    if item.resolved_by == ADOPTED and taken:
        return say(Phrase("Reading <b>{label}</b> adopted for the trial at this site.{because}",
                          label=text(say(taken.label)), because=because))
    if item.resolved_by == CHOSEN and taken:
        return say(Phrase("Reading <b>{label}</b> chosen by the investigator for this screening.{because}",
                          label=text(say(taken.label)), because=because))
    if item.resolved_by == AGREEMENT:
        return say(Phrase("All {count} readings agree: the answer stands.", count=len(item.readings)))
    return say(Phrase("The readings disagree or lack data: the investigator chooses a reading."))


def _readings(item: CriterionResult | PartResult, st: Styles, width: float, say: Wording) -> list[Flowable]:
    """The readings of ambiguous text side by side, one column each: label, answer, evidence."""
    cells = []
    for reading in item.readings:
        mark = "★ " if reading.id == item.reading else ""
        literal = say(Phrase(" (literal text)")) if reading.literal else ""
        cell: list[Flowable] = [Paragraph(f"<b>{mark}{text(say(reading.label))}</b>{literal}", st.cell),
                                Paragraph(say(Phrase("Answer: <b>{answer}</b>",
                                                     answer=answer_label(reading.answer, say))), st.cell)]
        cell += [Paragraph("• " + text(say(line)), st.small) for line in reading.evidence]
        cell += [Paragraph(say(Phrase("Missing: {item}", item=text(say(line)))), st.small) for line in reading.missing]
        cells.append(cell)
    inner = Table([cells], colWidths=[width / len(cells) - 1] * len(cells))
    inner.setStyle(table_style([("GRID", (0, 0), (-1, -1), 0.3, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
    heading = say(Phrase("<b>Readings of {id} side by side.</b> {resolution}", id=text(item.id),
                         resolution=_resolution(item, say)))
    return [Paragraph(heading, st.small), inner]


KINDS = {"inclusion": Phrase("inclusion"), "exclusion": Phrase("exclusion")}


def _verdict(checklist: Checklist, st: Styles, say: Wording) -> list[Flowable]:
    texts = {r.id: r for r in checklist.criteria}
    lines: list[Flowable] = [Paragraph(f"<b>{say(VERDICTS[checklist.verdict])}</b>", st.body)]
    if checklist.failed:
        lines.append(Paragraph(say(Phrase("Screen-failure reasons:")), st.body))
        for criterion_id in checklist.failed:
            result = texts[criterion_id]
            lines.append(Paragraph(say(Phrase(
                "<b>{id}</b> ({kind}, final answer {answer}): {text}", id=text(criterion_id),
                kind=say(KINDS.get(result.kind, result.kind)), answer=answer_label(checklist.final(result), say),
                text=text(result.text))), st.cell))
            lines += _reference(result.text, st, say)
    if checklist.open:
        lines.append(Paragraph(say(Phrase("Without a final answer: {ids}", ids=", ".join(text(i) for i in checklist.open))),
                               st.body))
    return lines
