"""A problem found in input: where (file, patient, field) and what rule it breaks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    message: str
    field: str = ""
    patient: str = ""
    source: str = ""

    def __str__(self) -> str:
        where = [part for part in (
            self.source,
            f"patient {self.patient}" if self.patient else "",
            self.field,
        ) if part]
        return f"{': '.join(where)}: {self.message}" if where else self.message

    def located(self, *, source: str | None = None, patient: str | None = None) -> Problem:
        return Problem(self.message, self.field,
                       self.patient if patient is None else patient,
                       self.source if source is None else source)


class InvalidRecord(ValueError):
    """Raised with every problem found, so a user can fix them all in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class Refusal(Exception):
    """The core or the registry refusing a step, with a message a person can act on (an unknown
    patient, a role that may not, a wrong password, a screening in the wrong status). Each kind of
    refusal also keeps its own built-in base (LookupError, PermissionError, ...); interfaces catch
    this one to show the message instead of a traceback."""
