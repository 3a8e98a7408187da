"""A site's own trials: installing a checked file into the site trials folder, and retiring a
trial (no new screenings; its screenings kept) or putting it back in use. Each is audited; who
may do it is the core's (`check_trial_change`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from coordinator.records.trial_ids import file_stem
from coordinator.screening.site_trials import site_trials_folder
from coordinator.screening.trial import Trial
from coordinator.screening.trial_library import library, read_trial_file, reload_trials
from coordinator.screening.workflow import Actor, WorkflowError, check_trial_change
from db.audit import AuditLog, utc_now
from db.models import TrialRetirementRow


@dataclass(frozen=True)
class Retirement:
    trial_id: str
    reason: str
    by: str
    at: dt.datetime


def retired_trials(session: Session) -> dict[str, Retirement]:
    """The trials retired at the site now, by id (reading them needs no permission: every list of
    trials leaves them out)."""
    current: dict[str, Retirement | None] = {}
    for row in session.execute(select(TrialRetirementRow).order_by(TrialRetirementRow.id)).scalars():
        current[row.trial_id] = Retirement(row.trial_id, row.reason, row.by, row.at) if row.retired else None
    return {trial_id: found for trial_id, found in current.items() if found is not None}


class SiteTrials:
    def __init__(self, session: Session, actor: Actor):
        self.session = session
        self.actor = actor
        self.audit = AuditLog(session, actor.name)

    def install(self, path: Path, reason: str) -> Trial:
        """Check the file and copy it into the site trials folder, where every workstation of the
        registry reads it from; a bad file is refused with every problem and nothing is copied."""
        reason = check_trial_change(self.actor, "installing a trial", reason)
        folder = site_trials_folder()
        if folder is None:
            raise WorkflowError("no site trials folder: open a registry first")
        trial = read_trial_file(path)  # (named after its id, so it replaces only that trial's file)
        data = path.read_bytes()
        previous = library().trials.get(trial.trial_id)
        self.audit.record("install trial", "trial", old=None if previous is None else {
            "trial": previous.trial_id, "protocol_version": previous.protocol_version}, new={
            "trial": trial.trial_id, "protocol_version": trial.protocol_version, "file": path.name,
            "sha256": hashlib.sha256(data).hexdigest()}, reason=reason)
        self.audit.flush()
        _write_atomically(folder / f"{file_stem(trial.trial_id)}.yaml", data)
        reload_trials()
        return trial

    def retire(self, trial_id: str, reason: str) -> Retirement:
        return self._set(trial_id, True, reason)

    def restore(self, trial_id: str, reason: str) -> None:
        self._set(trial_id, False, reason)

    def _set(self, trial_id: str, retired: bool, reason: str) -> Retirement:
        reason = check_trial_change(self.actor, "retiring a trial" if retired else "putting a trial back in use",
                                    reason)
        is_retired = trial_id in retired_trials(self.session)
        if is_retired == retired:
            raise WorkflowError(f"{trial_id} is {'already retired' if retired else 'not retired'}")
        row = TrialRetirementRow(trial_id=trial_id, retired=retired, reason=reason, by=self.actor.name, at=utc_now())
        self.session.add(row)
        self.audit.record("retire trial" if retired else "restore trial", "trial", old={"retired": is_retired},
                          new={"trial": trial_id, "retired": retired}, reason=reason)
        self.audit.flush()
        return Retirement(trial_id, reason, row.by, row.at)


def _write_atomically(target: Path, data: bytes) -> None:
    """The whole file or none of it: a workstation reading the folder never sees half a trial."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".installing-", suffix=".yaml")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
