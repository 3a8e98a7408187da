"""The `--json` outputs of the `trialdesk` commands: each contract built here, in one place, from
the core's and the registry's values, so that scripts at a site can rely on their shape. A key is
added, never renamed or dropped; dates are ISO 8601, answers and verdicts their plain values."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Any

import click

from coordinator.screening.rules.answers import SETTLED

if TYPE_CHECKING:  # only named here: a command imports no more than it needs
    from coordinator.screening.prescreen import Tally
    from coordinator.followup.engine import Action, FollowUp
    from coordinator.records.derived import DerivedValue
    from coordinator.records.record import Patient
    from coordinator.screening.eligibility import Checklist, Decision


def echo_json(data: Any) -> None:
    """The contract on standard output: UTF-8 (Chinese names as they are), indented."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


# -- the registry ------------------------------------------------------------------------------

def patients_json(total: int, found) -> dict:
    """`patients --json`: total (matching the search) and the patients shown."""
    return {"total": total, "patients": [
        {"registry_no": p.registry_no, "name": p.name, "initials": p.initials, "sex": p.sex,
         "birth_date": p.birth_date.isoformat(), "record_no": p.record_no, "archived": p.archived}
        for p in found]}


def patient_json(patient: Patient, derived: list[DerivedValue]) -> dict:
    """`show --json`: the patient in the record format, plus derived values with their sources."""
    return {
        "patient": patient.model_dump(mode="json", exclude_none=True),
        "derived": [{"code": d.code, "date": d.date.isoformat(), "value": d.value, "unit": d.unit,
                     "method": d.method, "from": list(d.sources)} for d in derived],
    }


# -- screening ---------------------------------------------------------------------------------

def _decision(decision: Decision | None, note_key: str) -> dict | None:
    if decision is None:
        return None
    return {"answer": str(decision.answer), "by": decision.by, note_key: decision.note,
            "at": _iso(decision.at)}


def checklist_json(patient_ref: str, checklist: Checklist, screening) -> dict:
    """`screen --json` and `screening show --json`: patient, trial, protocol_version, on, verdict,
    criteria (id, kind, text, auto, final, evidence, note, override, and for ambiguous text its
    readings [{id, label, literal, answer, evidence, missing}] and resolved_by: agreement,
    adopted_reading, investigators_choice, override or null), failed, open; plus the screening
    (db.screenings.ScreeningView) when there is one."""
    from coordinator.screening.eligibility import OVERRIDE, readings_to_list  # loaded with the checklist already

    criteria = []
    for result in checklist.criteria:
        manual = checklist.manual.get(result.id)
        applies = manual is not None and result.auto not in SETTLED
        criteria.append({
            "id": result.id, "kind": result.kind, "text": result.text,
            "auto": str(result.auto), "final": str(checklist.final(result)),
            "evidence": list(result.evidence), "missing": list(result.missing),
            "note": manual.note if manual is not None and applies else None,
            "manual": _decision(manual, "note") if applies else None,
            "override": _decision(checklist.overrides.get(result.id), "reason"),
            "ambiguous": result.ambiguous,
            "readings": readings_to_list(result.readings),
            "resolved_by": OVERRIDE if result.id in checklist.overrides else result.resolved_by,
            "parts": [{"id": p.id, "text": p.text, "answer": str(p.answer), "evidence": list(p.evidence),
                       "missing": list(p.missing), "readings": readings_to_list(p.readings),
                       "resolved_by": p.resolved_by} for p in result.parts],
        })
    return {
        "patient": patient_ref, "trial": checklist.trial_id, "protocol_version": checklist.protocol_version,
        "on": checklist.on.isoformat(), "verdict": str(checklist.verdict),
        "screening": None if screening is None else {
            "label": screening.label, "status": str(screening.status), "stale": screening.stale,
            "protocol_amended": None if screening.amendment is None else {
                "from": screening.amendment.from_version, "to": screening.amendment.to_version,
                "changes": None if screening.amendment.changes is None else [
                    {"criterion": c.criterion_id, "changes": [str(k) for k in c.changes]}
                    for c in screening.amendment.changes]},
            "signed_by": screening.signed_by,
            "signed_at": _iso(screening.signed_at),
            "signatures": [{"meaning": str(sig.meaning), "printed_name": sig.printed_name, "username": sig.username,
                            "role": sig.role, "signed_at": sig.local_time.isoformat(), "timezone": sig.timezone,
                            "content_hash": sig.content_hash, "matches": sig.matches}
                           for sig in screening.signatures],
            "enrolment": None if screening.enrolment is None else {
                "date": screening.enrolment.date.isoformat(), "subject_no": screening.enrolment.subject_no,
                "arm": screening.enrolment.arm},
        },
        "criteria": criteria, "failed": checklist.failed, "open": checklist.open,
    }


def echo_prescreen_json(day: dt.date, trials, results: Tally, only: str | None) -> None:
    """`prescreen --json`: the date, the trials, each verdict shown (with `open_by_kind`: the
    open criteria as questions for people, data to obtain, readings to choose, and `next`), how
    many patients, the counts, and the worklist: candidates (not ineligible) in the order to
    approach them. Written as the results come, one result a line, so that a registry of any
    size needs no more memory than its candidates."""
    from coordinator.screening.prescreen import next_step, worklist_rank

    def line(data: Any) -> str:
        return json.dumps(data, ensure_ascii=False)

    out = sys.stdout  # (what click.echo writes to, and a test runner captures)
    out.write(f'{{\n  "on": {line(day.isoformat())},\n  "trials": {line([t.trial_id for t in trials])},\n  "results": [')
    candidates, separator = [], "\n    "
    for r in results:
        if r.verdict != "ineligible" and (only is None or r.verdict == only):
            candidates.append(r)
        if only is not None and r.verdict != only:
            continue
        kinds = None if r.open_by_kind is None else r.open_by_kind.as_dict()
        out.write(separator + line({"patient": r.patient_ref, "trial": r.trial_id, "verdict": str(r.verdict),
                                    "failed": list(r.failed), "open": list(r.open), "open_by_kind": kinds,
                                    "next": next_step(r)}))
        separator = ",\n    "
    worklist = sorted(candidates, key=worklist_rank)  # stable: registry order within a rank
    out.write(f'\n  ],\n  "patients": {results.count // max(len(trials), 1)},\n'
              f'  "summary": {line(results.summary())},\n  "worklist": [')
    out.write(",".join("\n    " + line({"patient": r.patient_ref, "trial": r.trial_id, "verdict": str(r.verdict),
                                         "next": next_step(r),
                                         "to_obtain": list(r.open_by_kind.to_obtain) if r.open_by_kind else []})
                       for r in worklist))
    out.write("\n  ]\n}\n")


def screenings_json(views) -> list[dict]:
    """`screening list --json`: one line per screening."""
    return [{"label": v.label, "patient": v.patient_ref, "trial": v.trial_id, "on": v.on.isoformat(),
             "status": str(v.status), "verdict": str(v.checklist.verdict), "stale": v.stale} for v in views]


# -- follow-up ---------------------------------------------------------------------------------

def _action(action: Action, acknowledged: dict) -> dict:
    ack = acknowledged.get(action.key)
    return {"rule": action.rule, "action": action.action, "drug": action.drug,
            "from_mg_per_day": action.from_mg_per_day, "to_mg_per_day": action.to_mg_per_day,
            "due": action.due.isoformat(), "text": action.text, "reason": action.reason, "key": action.key,
            "done": _iso(action.done), "ambiguous": action.ambiguous,
            "acknowledged": None if ack is None else {"by": ack.by, "at": ack.at.isoformat(), "note": ack.note}}


def followup_json(result: FollowUp, acknowledged: dict) -> dict:
    """`followup --json`: patient, trial, arm, on, status, baseline {egfr, date}, actions [{rule,
    action, drug, from_mg_per_day, to_mg_per_day, due, text}], alerts, next_visits, doses,
    responses, history."""
    return {
        "patient": result.patient_ref, "trial": result.trial_id, "arm": result.arm, "on": result.on.isoformat(),
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


def alert_json(item) -> dict:
    """One row of `alerts --json` (db.followup.DueItem): an action due, or an alert."""
    where = {"patient": item.patient, "trial": item.trial, "status": str(item.status)}
    if item.action is not None:
        known = {item.action.key: item.acknowledged} if item.acknowledged else {}
        return {**where, "type": "action", **_action(item.action, known)}
    alert = item.alert
    return {**where, "type": "alert", "kind": alert.kind, "rule": alert.rule, "due": alert.due.isoformat(),
            "message": alert.message}


def alerts_json(day: dt.date, rows: list[dict]) -> dict:
    """`alerts --json`: the day and its rows (`alert_json`)."""
    return {"on": day.isoformat(), "items": rows}


# -- signatures and the site -------------------------------------------------------------------

def verification_json(file, valid: bool, reports, checks, audit_trail: str | None = None) -> dict:
    """`verify --json`: the file, whether every signature passes, each signature's checks, and
    why the registry's audit trail no longer holds the head the PDF recorded (null: it does)."""
    return {"file": str(file), "valid": valid, "audit_trail": audit_trail, "signatures": [{
        "field": r.field_name, "signer": r.signer_name, "username": r.signer_username, "role": r.signer_role,
        "issuer": r.issuer_name, "signed_at": _iso(r.signed_at),
        "meaning": r.meaning, "location": r.location, "intact": r.intact, "trusted": r.trusted,
        "modified_after_signing": r.modified_after_signing, "covers_whole_file": r.covers_whole_file,
        "certificate_fingerprint": r.certificate_fingerprint, "problem": r.problem, "ok": r.ok and c.ok,
        "registry": {"status": c.status, "document": c.document, "detail": c.detail},
    } for r, c in zip(reports, checks)]}


def site_json(info, authority_pem: bytes | None) -> dict:
    """`site show --json` (and its text): the site's settings and its signing authority."""
    fingerprint = valid_until = None
    if authority_pem:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes

        certificate = x509.load_pem_x509_certificate(authority_pem)
        fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
        valid_until = certificate.not_valid_after_utc.isoformat()
    return {"name": info.name, "address": info.address, "timezone": info.timezone,
            "show_full_names": info.show_full_names, "backup_folder": info.backup_folder,
            "backup_warning_days": info.backup_warning_days, "idle_lock_minutes": info.idle_lock_minutes,
            "authority_fingerprint": fingerprint,
            "authority_valid_until": valid_until}
