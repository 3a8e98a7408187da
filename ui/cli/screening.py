"""Screening from the command line: a checklist (`screen`), verdicts across the registry
(`prescreen`) and the persisted workflow (`screening start | answer | override | choose | submit |
return | sign | enrol | fail | list | show`). Every rule is the core's; this only asks and shows."""

from __future__ import annotations

import datetime as dt
import os
import textwrap

import click

from coordinator.screening.eligibility import Checklist, CriterionResult, PartResult
from coordinator.screening.prescreen import prescreen as prescreen_patients
from coordinator.gc_pause import cyclic_gc_paused
from coordinator.screening.prescreen import (PARALLEL_FROM, Tally, available_cpus, prescreen_parts,
                                              single_threaded)
from coordinator.screening.reads import screening_reads
from coordinator.screening.rules.answers import Answer
from coordinator.signing.esign import Meaning
from coordinator.screening.workflow import Permission, Status
from coordinator.screening.trial_library import load_trials
from db.trial_files import retired_trials
from db.accounts import confirm_signature_password
from db.patients import PatientRepository
from db.screening_parts import screening_parts
from db.readings import adopted_readings
from db.screenings import Enrolment, ScreeningRepository, ScreeningView, trial
from ui.cli.contracts import checklist_json, echo_json, echo_prescreen_json, screenings_json
from ui.cli.common import PASSWORD_VAR, acting, progress_on_stderr, registry, registry_session
from ui.cli.options import (DATE, day_or_today, include_archived_option, json_option, on_option, patient_option,
    trial_option, trials_option)
from ui.cli.readings import item_id
from ui.cli.refusals import refusals_as_messages

ANSWER = click.Choice(["yes", "no"])
MARKS = {Answer.YES: "yes", Answer.NO: "no", Answer.UNKNOWN: "unknown", Answer.NEEDS_REVIEW: "review"}


def _echo_checklist(patient_ref: str, checklist: Checklist, screening: ScreeningView | None) -> None:
    title = f"{patient_ref} for {checklist.trial_id} ({checklist.protocol_version}) on {checklist.on}"
    if screening is not None:
        title += f": screening {screening.label}, {screening.status}" + (", STALE" if screening.stale else "")
    click.echo(title)
    if screening is not None and screening.amendment is not None:
        click.echo(f"REVIEW: {screening.amendment.describe()}")
    for result in checklist.criteria:
        final = checklist.final(result)
        decided = "" if final == result.auto else f" (auto {MARKS[result.auto]})"
        click.echo(f"{result.id:<4} {MARKS[final]:<8}{decided} " + textwrap.shorten(result.text, 90))
        for line in result.evidence:
            click.echo(f"       {line}")
        for line in result.missing:
            click.echo(f"       missing: {line}")
        items: list[CriterionResult | PartResult] = [result, *result.parts]
        for item in items:
            for reading in item.readings:
                taken = " (taken)" if reading.id == item.reading else ""
                literal = ", literal text" if reading.literal else ""
                click.echo(f"       {item.id} reading {reading.id} \u201c{reading.label}\u201d{literal}: "
                           f"{MARKS[reading.answer]}{taken}")
        if result.id in checklist.overrides:
            override = checklist.overrides[result.id]
            click.echo(f"       override by {override.by}: {override.note}")
    click.echo(f"verdict: {checklist.verdict}")
    if checklist.failed:
        click.echo(f"failed: {', '.join(checklist.failed)}")
    if checklist.open:
        click.echo(f"open: {', '.join(checklist.open)}")


def _show(patient_ref: str, checklist: Checklist, screening: ScreeningView | None, as_json: bool) -> None:
    if as_json:
        echo_json(checklist_json(patient_ref, checklist, screening))
    else:
        _echo_checklist(patient_ref, checklist, screening)


@click.command()
@patient_option()
@trial_option()
@on_option("Screening date (default: the open screening's date, else today).")
@json_option()
@click.pass_context
def screen(ctx: click.Context, ref: str, trial_id: str, on: dt.datetime | None, as_json: bool) -> None:
    """A patient's checklist for one trial, criterion by criterion, with evidence and verdict.
    Shows the patient's latest screening for the trial (with its manual answers and
    overrides) unless --on asks for another date. Exit status 0 whatever the verdict."""
    with registry_session(ctx, permission=Permission.READ) as session:
        definition = trial(trial_id)
        screenings = ScreeningRepository(session, acting(ctx))
        current = screenings.latest(ref, definition.trial_id)
        if current is not None and (on is None or on.date() == current.on):
            _show(current.patient_ref, current.checklist, current, as_json)
            return
        patient = PatientRepository(session, screenings.actor.name).require(ref)
        checklist = screenings.preview(patient, definition.trial_id, day_or_today(on))
    _show(patient.registry_no, checklist, None, as_json)


@click.command()
@trials_option("Only these trials (repeatable; default all).")
@click.option("--patient", "refs", multiple=True, metavar="REF", help="Only these patients (repeatable; default all).")
@on_option("Screening date (default: today).")
@click.option("--only", type=click.Choice(["eligible", "ineligible", "incomplete"]), help="Only this verdict.")
@include_archived_option()
@click.option("--workers", type=click.IntRange(min=1), metavar="N",
              help="Processes screening at the same time (default: one per CPU).")
@json_option()
@click.pass_context
def prescreen(ctx: click.Context, trial_ids: tuple[str, ...], refs: tuple[str, ...], on: dt.datetime | None,
              only: str | None, include_archived: bool, workers: int | None, as_json: bool) -> None:
    """The verdict of every patient x trial: one patient against all trials, one trial
    against the whole registry, or everything. Nothing is saved."""
    trials = [trial(trial_id) for trial_id in trial_ids]
    day = day_or_today(on)
    with registry_session(ctx, permission=Permission.READ) as session:
        if not trials:  # every trial in use, but those retired at the site
            retired = retired_trials(session)
            trials = [t for t in load_trials().values() if t.trial_id not in retired]
        repository = PatientRepository(session, acting(ctx).name)
        adopted = {t.trial_id: adopted_readings(session, t.trial_id) for t in trials}
        if refs:
            total = len(refs)
            screened = prescreen_patients([repository.require(ref) for ref in refs], trials, day, workers=workers,
                                          adopted=adopted, classify=True)
        else:  # only what the trials' rules read of each record, parts of the registry read in parallel
            total = repository.count("", include_archived=include_archived)
            parts = screening_parts(registry(ctx), repository.actor, screening_reads(trials), day,
                                    _workers(workers, total), include_archived)
            screened = prescreen_parts(parts, trials, day, adopted=adopted, classify=True)
        # written as they come: a registry of any size is never held in memory whole
        results = Tally(progress_on_stderr(screened, total * len(trials), "Pre-screening"))
        with cyclic_gc_paused():
            if as_json:
                echo_prescreen_json(day, trials, results, only)
                return
            for r in results:
                if only is None or r.verdict == only:
                    click.echo(f"{r.patient_ref:<12} {r.initials:<6} {r.trial_id}  {r.verdict:<10} {_open_text(r)}")
    for trial_id, counts in results.summary().items():
        click.echo(f"{trial_id}: " + ", ".join(f"{count} {verdict}" for verdict, count in counts.items()), err=True)


def _workers(asked: int | None, patients: int) -> int:
    """The processes to screen in: as asked, else one per CPU, but one for a registry so small
    that starting processes would cost more than they save."""
    if asked is not None:
        return asked
    return 1 if patients < PARALLEL_FROM or not single_threaded() else available_cpus()


def _open_text(result) -> str:
    """Failed criteria, or the open ones by what they ask (a person, data to obtain, a reading)."""
    if result.failed:
        return f"failed {', '.join(result.failed)}"
    kinds = result.open_by_kind
    if kinds is None:
        return ""
    said = [f"{label} {', '.join(ids)}" for label, ids in (("ask", kinds.question), ("obtain data", kinds.data),
                                                            ("choose reading", kinds.readings)) if ids]
    return "; ".join(said)


# -- the persisted workflow ---------------------------------------------------------------------

@click.group()
def screening() -> None:
    """Persisted screenings: start, answer, override, submit, sign, enrol or record a screen
    failure. What you may do is your account's roles (`--user NAME`, see `trialdesk users`),
    enforced by the core."""


def _act(ctx: click.Context, action) -> ScreeningView:
    with registry_session(ctx, write=True) as session:
        return action(ScreeningRepository(session, acting(ctx)))


def _report(view: ScreeningView) -> None:
    checklist = view.checklist
    click.echo(f"{view.label} {view.patient_ref} {view.trial_id} on {view.on}: {view.status}, verdict {checklist.verdict}"
               + (f", open {', '.join(checklist.open)}" if checklist.open else "")
               + (f", failed {', '.join(checklist.failed)}" if checklist.failed else "")
               + (f"; REVIEW: {view.amendment.describe()}" if view.amendment is not None else ""))


@screening.command("start")
@patient_option()
@trial_option()
@on_option("Screening date (default: today).")
@click.pass_context
def start(ctx: click.Context, ref: str, trial_id: str, on: dt.datetime | None) -> None:
    """Start a screening of a patient for a trial; prints its label, e.g. NCT03864250-S0001."""
    _report(_act(ctx, lambda r: r.start(ref, trial_id, day_or_today(on))))


@screening.command("answer")
@click.argument("label")
@click.argument("criterion")
@click.argument("answer", type=ANSWER)
@click.option("--note", default="", help="Where the answer comes from (e.g. 'consent signed 2026-11-20').")
@click.pass_context
def answer(ctx: click.Context, label: str, criterion: str, answer: str, note: str) -> None:
    """Record a manual yes/no for a criterion the data could not settle."""
    _report(_act(ctx, lambda r: r.answer(r.by_label(label).id, criterion.upper(), Answer(answer), note)))


@screening.command("override")
@click.argument("label")
@click.argument("criterion")
@click.argument("answer", type=ANSWER)
@click.option("--reason", required=True, help="The investigator's reason (mandatory, audited).")
@click.pass_context
def override(ctx: click.Context, label: str, criterion: str, answer: str, reason: str) -> None:
    """Investigator only: replace a criterion's answer; the automatic answer is kept beside it."""
    _report(_act(ctx, lambda r: r.override(r.by_label(label).id, criterion.upper(), Answer(answer), reason)))


@screening.command("choose")
@click.argument("label")
@click.argument("item")
@click.argument("reading")
@click.option("--note", default="", help="Why this reading (kept with the screening, audited and printed).")
@click.pass_context
def choose(ctx: click.Context, label: str, item: str, reading: str, note: str) -> None:
    """Investigator only: take one reading of an ambiguous criterion or part (ITEM, e.g. E7e) for
    this screening; READING is its id as `readings list` shows it."""
    def act(repository: ScreeningRepository) -> ScreeningView:
        view = repository.by_label(label)
        return repository.choose_reading(view.id, item_id(trial(view.trial_id), item), reading.lower(), note)

    _report(_act(ctx, act))


def _move(target: Status, doc: str, with_note: bool = False):
    @click.argument("label")
    @click.pass_context
    def command(ctx: click.Context, label: str, note: str | None = None) -> None:
        _report(_act(ctx, lambda r: r.move(r.by_label(label).id, target, note=note)))

    command.__doc__ = doc
    if with_note:
        command = click.option("--note", help="Why (kept with the screening and audited).")(command)
    return command


screening.command("return")(_move(Status.IN_PROGRESS, "Send a screening back for more work.", with_note=True))


def _signing(meaning: Meaning, method: str, doc: str):
    @click.argument("label")
    @click.pass_context
    def command(ctx: click.Context, label: str) -> None:
        actor = acting(ctx)
        password = os.environ.get(PASSWORD_VAR) or click.prompt(
            f"{meaning}: {actor.name}, enter your password to sign", hide_input=True, err=True)
        with refusals_as_messages():
            confirm_signature_password(registry(ctx), actor, password, str(meaning))
        view = _act(ctx, lambda r: getattr(r, method)(r.by_label(label).id, password))
        _report(view)
        click.echo(view.signatures[-1].describe())

    command.__doc__ = doc
    return command


screening.command("submit")(_signing(Meaning.PREPARED, "submit", "Send a prepared screening to the investigator, "
                                     "signed \"Prepared by\" (your password is asked for again)."))
screening.command("sign")(_signing(Meaning.ELIGIBILITY_CONFIRMED, "sign", "Investigator only: sign off the "
                                   "eligibility decision, which locks it (your password is asked for again)."))
screening.command("fail")(_move(Status.SCREEN_FAILURE, "Record a signed screening as a screen failure.",
                                with_note=True))


@screening.command("enrol")
@click.argument("label")
@click.option("--date", "date", type=DATE, required=True, help="Enrolment date.")
@click.option("--subject", "subject_no", required=True, help="Subject / randomisation number.")
@click.option("--arm", required=True, help="Arm id, as in the trial definition.")
@click.pass_context
def enrol(ctx: click.Context, label: str, date: dt.datetime, subject_no: str, arm: str) -> None:
    """Enrol an eligible patient whose screening is signed."""
    enrolment = Enrolment(date.date(), subject_no, arm)
    _report(_act(ctx, lambda r: r.move(r.by_label(label).id, Status.ENROLLED, enrolment=enrolment)))


@screening.command("consent")
@click.argument("label")
@click.option("--date", "date", type=DATE, required=True, help="The date the patient signed informed consent.")
@click.pass_context
def consent(ctx: click.Context, label: str, date: dt.datetime) -> None:
    """Record when the patient signed informed consent (shown on the screening log)."""
    view = _act(ctx, lambda r: r.record_consent(r.by_label(label).id, date.date()))
    click.echo(f"{view.label}: consent signed {view.consent_on}")  # a date: printed as ISO


@screening.command("review-amendment")
@click.argument("label")
@click.option("--note", required=True, help="What was reviewed (e.g. I2 reworded: the patient still meets it).")
@click.pass_context
def review_amendment(ctx: click.Context, label: str, note: str) -> None:
    """Record that the criteria a protocol amendment changed were reviewed for this open
    screening: it goes on under the trial's current version (audited)."""
    _report(_act(ctx, lambda r: r.review_amendment(r.by_label(label).id, note)))


@screening.command("list")
@trial_option("Screenings of this trial.", required=False)
@patient_option("Screenings of this patient.", required=False)
@json_option()
@click.pass_context
def list_(ctx: click.Context, trial_id: str | None, ref: str | None, as_json: bool) -> None:
    """Screenings of a trial or of a patient."""
    if not (trial_id or ref):
        raise click.UsageError("name a --trial or a --patient")
    with registry_session(ctx, permission=Permission.READ) as session:
        repository = ScreeningRepository(session, acting(ctx))
        wanted = trial_id if trial_id else None
        views = repository.for_patient(ref) if ref else repository.for_trial(trial(str(wanted)).trial_id)
        views = [v for v in views if not wanted or v.trial_id == wanted]
    if as_json:
        echo_json(screenings_json(views))
        return
    for view in views:
        _report(view)


@screening.command("show")
@click.argument("label")
@json_option()
@click.pass_context
def show(ctx: click.Context, label: str, as_json: bool) -> None:
    """One screening's checklist, with its answers, overrides and status."""
    with registry_session(ctx, permission=Permission.READ) as session:
        view = ScreeningRepository(session, acting(ctx)).by_label(label)
    _show(view.patient_ref, view.checklist, view, as_json)
