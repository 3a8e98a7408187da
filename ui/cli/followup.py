"""On-study follow-up from the command line: what the protocol requires of one enrolled patient
(`followup`), what is due or overdue across the registry (`alerts`), and acknowledging an
action (`ack`). The engine computes; acknowledgements are only recorded beside it."""

from __future__ import annotations

import datetime as dt

import click

from coordinator.followup.engine import FollowUp, follow_up
from coordinator.screening.workflow import Permission
from coordinator.screening.trial_library import load_trials
from db.acknowledgements import AcknowledgementRepository
from db.followup import registry_alerts
from db.patients import PatientRepository
from db.screenings import trial
from ui.cli.common import acting, counted, registry_session
from ui.cli.contracts import alert_json, alerts_json, echo_json, followup_json
from ui.cli.options import json_option, patient_option, trial_option, trials_option, on_option, day_or_today



def _echo(result: FollowUp, acknowledged: dict) -> None:
    baseline = (f"baseline eGFR {result.baseline_egfr:g} on {result.baseline_date}" if result.baseline_egfr
                else "no baseline eGFR")
    click.echo(f"{result.patient_ref} in {result.trial_id} ({result.arm}) on {result.on}: {result.status}, {baseline}")
    if result.dose_plan is not None:
        for line in result.dose_plan.describe().splitlines()[1:]:
            click.echo(f"  protocol dose {line.lstrip('- ')}")
    for drug, mg in result.doses.items():
        click.echo(f"  recorded dose: {drug} {mg:g} mg/d")
    for action in result.actions:
        mark = " [acknowledged]" if action.key in acknowledged else ""
        click.echo(f"  {action.due}  {action.rule:<4} {action.action:<18} {action.reason}{mark}")
    for alert in result.alerts:
        click.echo(f"  ALERT {alert.due}  {alert.kind}: {alert.message}")
    for visit in result.next_visits:
        click.echo(f"  next: {visit.visit} (week {visit.week:g}) {visit.window_from} to {visit.window_to}")
    for response in result.responses:
        if response.level:
            click.echo(f"  response at week {response.week:g}: {response.level} ({response.source})")


@click.command()
@patient_option()
@trial_option()
@on_option()
@json_option()
@click.pass_context
def followup(ctx: click.Context, ref: str, trial_id: str, on: dt.datetime | None, as_json: bool) -> None:
    """What the protocol requires of an enrolled patient on a day: due actions (dose changes,
    rechecks, stops, withdrawal), alerts, the next visits and the response assessments."""
    definition = trial(trial_id)
    with registry_session(ctx, permission=Permission.READ) as session:
        patient = PatientRepository(session, acting(ctx).name).require(ref)
        result = follow_up(definition, patient, day_or_today(on))  # NotEnrolled: refused, said
        acknowledged = AcknowledgementRepository(session, acting(ctx)).for_patient(patient.registry_no, definition.trial_id)
    if as_json:
        echo_json(followup_json(result, acknowledged))
    else:
        _echo(result, acknowledged)


@click.command()
@on_option()
@trials_option("Only these trials (repeatable).")
@json_option()
@click.pass_context
def alerts(ctx: click.Context, on: dt.datetime | None, trial_ids: tuple[str, ...], as_json: bool) -> None:
    """What is due or overdue across every patient on study."""
    day = day_or_today(on)
    trials = [trial(n) for n in trial_ids] or list(load_trials().values())
    with registry_session(ctx, permission=Permission.READ) as session:
        items = registry_alerts(session, acting(ctx), trials, day)
    rows = [alert_json(item) for item in items]
    if as_json:
        echo_json(alerts_json(day, rows))
        return
    for row in rows:
        what = row.get("action") or row.get("kind")
        click.echo(f"{row['due']}  {row['status'].upper():<7} {row['patient']:<12} {row['trial']} "
                   f"{row['rule'] or '-':<4} {what}: {row.get('reason') or row.get('message')}")
    click.echo(counted(len(rows), 'item'), err=True)


@click.command()
@patient_option()
@trial_option()
@click.option("--key", required=True, help="The action's key, as `followup --json` prints it.")
@click.option("--note", required=True, help="What was done or decided (audited).")
@click.pass_context
def ack(ctx: click.Context, ref: str, trial_id: str, key: str, note: str) -> None:
    """Acknowledge a follow-up action with a note. It never changes what the engine computes."""
    with registry_session(ctx, write=True) as session:
        AcknowledgementRepository(session, acting(ctx)).acknowledge(ref, trial(trial_id).trial_id, key, note)
    click.echo(f"acknowledged {key}")
