"""Backups as plain values: the manifest's round trip and refusals, retention by the site's days,
weeks and months, when an automatic backup is due and when the window warns."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.backups.manifest import BackupManifest, ManifestError
from coordinator.backups.retention import Retention, backups_to_keep, is_due, is_stale

UTC = dt.timezone.utc
SHANGHAI = "Asia/Shanghai"


def _at(day: str, time: str = "09:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}+00:00")


MANIFEST = BackupManifest(made_at=_at("2026-12-06", "23:15"), made_by="ann", app_version="0.9.0", schema="0011",
                          site="第一医院", patients=12, screenings=3, audit_entries=140, audit_head="ab" * 32,
                          file="registry-20261206T231500Z.sqlite3", sha256="cd" * 32)


def test_the_manifest_reads_back_what_was_written():
    assert BackupManifest.from_json(MANIFEST.to_json()) == MANIFEST
    assert "第一医院" in MANIFEST.to_json()  # Chinese kept readable


@pytest.mark.parametrize("text, message", [
    ("{", "not JSON"),
    ('{"format": "other"}', "not a TrialDesk backup manifest"),
    ('{"format": "trialdesk-backup", "version": 2}', "manifest version 2"),
])
def test_a_bad_manifest_is_refused_clearly(text, message):
    with pytest.raises(ManifestError, match=message):
        BackupManifest.from_json(text, "m.json")


@pytest.mark.parametrize("field, value, message", [
    ("patients", "12", "patients is missing or not a int"),
    ("patients", True, "patients is missing or not a int"),
    ("audit_head", None, "audit_head is missing"),
    ("made_at", "2026-12-06T23:15:00", "made_at has no time zone"),
    ("made_at", "yesterday", "made_at is not a date and time"),
])
def test_each_manifest_field_is_checked(field, value, message):
    import json

    raw = json.loads(MANIFEST.to_json())
    raw[field] = value
    with pytest.raises(ManifestError, match=message):
        BackupManifest.from_json(json.dumps(raw), "m.json")


def test_the_newest_of_each_of_the_last_days_weeks_and_months_is_kept():
    start = _at("2026-01-01")
    made = [start + dt.timedelta(days=n) for n in range(365)]  # one backup a day for a year
    kept = backups_to_keep(made, "UTC", Retention(daily=14, weekly=8, monthly=12))
    newest = made[-1]
    assert newest in kept
    daily = {moment for moment in made if newest - moment < dt.timedelta(days=14)}
    assert daily <= kept
    # Sundays (the newest backup of an ISO week) of the 8 newest weeks, and each month's last day.
    weeks = sorted({m for m in made if m.isoweekday() == 7 or m == newest}, reverse=True)[:8]
    months = {m for m in made if (m + dt.timedelta(days=1)).day == 1 or m == newest}
    assert set(weeks) <= kept and months <= kept
    assert kept == daily | set(weeks) | months
    assert len(kept) < 14 + 8 + 12


def test_several_backups_a_day_keep_the_newest_of_the_day():
    made = [_at("2026-12-06", "01:00"), _at("2026-12-06", "08:00"), _at("2026-12-06", "20:00")]
    assert backups_to_keep(made, "UTC") == {_at("2026-12-06", "20:00")}


def test_days_are_the_sites_own():
    # 15:30 and 16:30 UTC are the same UTC day but two days in Shanghai (UTC+8): both are kept there.
    made = [_at("2026-12-06", "15:30"), _at("2026-12-06", "16:30")]
    assert backups_to_keep(made, "UTC", Retention(daily=2, weekly=0, monthly=0)) == {made[1]}
    assert backups_to_keep(made, SHANGHAI, Retention(daily=2, weekly=0, monthly=0)) == set(made)


def test_no_backups_keep_nothing():
    assert backups_to_keep([], "UTC") == set()


def test_an_automatic_backup_is_due_once_a_site_day():
    now = dt.datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    assert is_due(None, now)
    assert not is_due(dt.datetime(2026, 12, 6, 16, 30, tzinfo=UTC), now, SHANGHAI)  # 00:30 today in Shanghai
    assert is_due(dt.datetime(2026, 12, 6, 15, 30, tzinfo=UTC), now, SHANGHAI)      # 23:30 yesterday there
    evening = dt.datetime(2026, 12, 6, 23, 0, tzinfo=UTC)  # the same UTC day, the next day in Shanghai
    assert not is_due(dt.datetime(2026, 12, 6, 15, 30, tzinfo=UTC), evening, "UTC")
    assert is_due(dt.datetime(2026, 12, 6, 15, 30, tzinfo=UTC), evening, SHANGHAI)


@pytest.mark.parametrize("age, stale", [(dt.timedelta(days=3) - dt.timedelta(seconds=1), False),
                                        (dt.timedelta(days=3), True), (dt.timedelta(days=4), True)])
def test_the_window_warns_when_no_backup_is_younger_than_the_limit(age, stale):
    now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert is_stale(now - age, now, 3) is stale
    assert is_stale(None, now, 3)
