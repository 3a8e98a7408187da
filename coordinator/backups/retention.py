"""Which backups a site keeps: the newest of each of the last N days, weeks and months that have
a backup (as borg and restic prune), and always the newest of all. Days, weeks and months are
the site's, in its time zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Retention:
    daily: int = 14
    weekly: int = 8
    monthly: int = 12


def backups_to_keep(made: Iterable[dt.datetime], timezone: str = "UTC",
                    retention: Retention = Retention()) -> set[dt.datetime]:
    """The moments (of those given, all aware) whose backups are kept."""
    zone = ZoneInfo(timezone)
    newest_first = sorted(set(made), reverse=True)
    if not newest_first:
        return set()
    keep = {newest_first[0]}
    periods: tuple[tuple[int, Callable[[dt.date], object]], ...] = (
        (retention.daily, lambda day: day),
        (retention.weekly, lambda day: day.isocalendar()[:2]),
        (retention.monthly, lambda day: (day.year, day.month)),
    )
    for count, period in periods:
        seen: set[object] = set()
        for moment in newest_first:
            if len(seen) >= count:
                break
            key = period(moment.astimezone(zone).date())
            if key not in seen:
                seen.add(key)
                keep.add(moment)
    return keep


def is_due(last: dt.datetime | None, now: dt.datetime, timezone: str = "UTC") -> bool:
    """An automatic backup is due when none was made on the site's calendar day (at most one a day)."""
    if last is None:
        return True
    zone = ZoneInfo(timezone)
    return last.astimezone(zone).date() < now.astimezone(zone).date()


def is_stale(last: dt.datetime | None, now: dt.datetime, warning_days: int) -> bool:
    """Whether the window warns: no good backup younger than the site's limit."""
    return last is None or now - last >= dt.timedelta(days=warning_days)
