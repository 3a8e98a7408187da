"""On-study follow-up from the command line: what the protocol requires of one enrolled patient
(`followup`), what is due or overdue across the registry (`alerts`), and acknowledging an
action (`ack`). The engine computes; acknowledgements are only recorded beside it."""

from __future__ import annotations

import datetime as dt
import json

import click

from coordinator.followup.engine import Action, FollowUp, NotEnrolled, follow_up
from coordinator.screening.workflow import Permission
from coordinator.screening.trial import load_trials
from db.acknowledgements import AcknowledgementRepository
from db.followup import DueItem, registry_alerts
from db.patients import PatientRepository
from db.screenings import trial
from ui.cli.common import acting, counted, registry_session

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: dt.datetime | None) -> dt.date:
    return value.date() if value else dt.date.today()


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _action(action: Action, acknowledged: dict) -> dict:
    ack = acknowledged.get(action.key)
    return {"rule": action.rule, "action": action.action, "drug": action.drug,
            "from_mg_per_day": action.from_mg_per_day, "to_mg_per_day": action.to_mg_per_day,
            "due": action.due.isoformat(), "text": action.text, "reason": action.reason, "key": action.key,
            "done": _iso(action.done), "ambiguous": action.ambiguous,
            "acknowledged": None if ack is None else {"by": ack.by, "at": ack.at.isoformat(), "note": ack.note}}


def followup_json(result: FollowUp, acknowledged: dict) -> dict:
    """The `followup --json` contract: patient, trial, arm, on, status, baseline {egfr, date},
    actions [{rule, action, drug, from_mg_per_day, to_mg_per_day, due, text}], alerts, next_visits."""
    return {
        "patient": result.patient_ref, "trial": result.nct, "arm": result.arm, "on": result.on.isoformat(),
        "status": str(result.status),
        "baseline": {"egfr": result.baseline_egfr, "date": _iso(result.baseline_date)},
        "actions": [_action(a, acknowledged) for a in result.actions],
        "alerts": [{"kind": a.kind, "rule": a.rule, "due": a.due.isoformat(), "message": a.message}
                   for a in result.alerts],
        "next_visits": [{"visit": v.visit, "week": v.week, "due": v.due.isoformat(),
                         "window": [v.window_from.isoformat(), v.window_to.isoformat()], "labs": list(v.labs)}
                        for v in result.next_visits],
        "doses": {"recorded_mg_per_day": result.doses,
                  "protocol": result.dose_plan.describe().splitlines() if result.dose_plan else []},
        "responses": [{"week": r.week, "due": r.due.isoformat(), "response": r.level, "source": r.source,
                       "evidence": list(r.evidence)} for r in result.responses],
        "history": [_action(a, acknowledged) for a in result.history],
    }


def _echo(result: FollowUp, acknowledged: dict) -> None:
    baseline = (f"baseline eGFR {result.baseline_egfr:g} on {result.baseline_date}" if result.baseline_egfr
                else "no baseline eGFR")
    click.echo(f"{result.patient_ref} in {result.nct} ({result.arm}) on {result.on}: {result.status}, {baseline}")
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
@click.option("--patient", "ref", required=True, metavar="REF", help="Registry or hospital record number.")
@click.option("--trial", "nct", required=True, metavar="NCT")
@click.option("--on", "on", type=DATE, help="As of this day (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def followup(ctx: click.Context, ref: str, nct: str, on: dt.datetime | None, as_json: bool) -> None:
    """What the protocol requires of an enrolled patient on a day: due actions (dose changes,
    rechecks, stops, withdrawal), alerts, the next visits and the response assessments."""
    definition = trial(nct.upper())
    with registry_session(ctx, permission=Permission.READ) as session:
        patient = PatientRepository(session, acting(ctx).name).require(ref)
        try:
            result = follow_up(definition, patient, _day(on))
        except NotEnrolled as error:
            raise click.ClickException(str(error)) from error
        acknowledged = AcknowledgementRepository(session, acting(ctx)).for_patient(patient.registry_no, definition.nct)
    if as_json:
        click.echo(json.dumps(followup_json(result, acknowledged), ensure_ascii=False, indent=2))
    else:
        _echo(result, acknowledged)


def _alerts_row(item: DueItem) -> dict:
    where = {"patient": item.patient, "trial": item.trial}
    if item.action is not None:
        known = {item.action.key: item.acknowledged} if item.acknowledged else {}
        return {**where, "type": "action", **_action(item.action, known)}
    alert = item.alert
    return {**where, "type": "alert", "kind": alert.kind, "rule": alert.rule, "due": alert.due.isoformat(),
            "message": alert.message}


@click.command()
@click.option("--on", "on", type=DATE, help="As of this day (default: today).")
@click.option("--trial", "ncts", multiple=True, metavar="NCT", help="Only these trials (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def alerts(ctx: click.Context, on: dt.datetime | None, ncts: tuple[str, ...], as_json: bool) -> None:
    """What is due or overdue across every patient on study."""
    day = _day(on)
    trials = [trial(n.upper()) for n in ncts] or list(load_trials().values())
    with registry_session(ctx, permission=Permission.READ) as session:
        items = registry_alerts(session, acting(ctx), trials, day)
    rows = [_alerts_row(item) for item in items]
    if as_json:
        click.echo(json.dumps({"on": day.isoformat(), "items": rows}, ensure_ascii=False, indent=2))
        return
    for row in rows:
        what = row.get("action") or row.get("kind")
        overdue = " OVERDUE" if row["due"] < day.isoformat() and row["type"] == "action" else ""
        click.echo(f"{row['due']}  {row['patient']:<12} {row['trial']} {row['rule'] or '-':<4} {what}{overdue}: "
                   f"{row.get('reason') or row.get('message')}")
    click.echo(counted(len(rows), 'item'), err=True)


@click.command()
@click.option("--patient", "ref", required=True, metavar="REF")
@click.option("--trial", "nct", required=True, metavar="NCT")
@click.option("--key", required=True, help="The action's key, as `followup --json` prints it.")
@click.option("--note", required=True, help="What was done or decided (audited).")
@click.pass_context
def ack(ctx: click.Context, ref: str, nct: str, key: str, note: str) -> None:
    """Acknowledge a follow-up action with a note. It never changes what the engine computes."""
    with registry_session(ctx, write=True) as session:
        AcknowledgementRepository(session, acting(ctx)).acknowledge(ref, trial(nct.upper()).nct, key, note)
    click.echo(f"acknowledged {key}")
