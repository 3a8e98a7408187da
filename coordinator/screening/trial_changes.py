"""What changed between two versions of a trial definition (a protocol amendment), criterion by
criterion: added, removed, reworded (the registered text), rule changed (what is checked, its
parts or readings), or kind changed. An open screening begun on the older version lists these
for review; the Trials view and `trials changes` show them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from coordinator.screening.trial import Criterion, Trial


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    REWORDED = "reworded"
    RULE_CHANGED = "rule changed"
    KIND_CHANGED = "kind changed"


@dataclass(frozen=True)
class CriterionChange:
    criterion_id: str
    changes: tuple[Change, ...]
    was: Criterion | None  # the criterion before (None: added)
    now: Criterion | None  # and after (None: removed)

    @property
    def before(self) -> str | None:
        """The registered text before."""
        return self.was.text if self.was is not None else None

    @property
    def after(self) -> str | None:
        return self.now.text if self.now is not None else None

    def describe(self) -> str:
        return f"{self.criterion_id}: {', '.join(self.changes)}"


def _texts(criterion: Criterion) -> tuple:
    return criterion.text, tuple((p.id, p.text) for p in criterion.parts)


def _checks(criterion: Criterion) -> object:
    """What is evaluated: the rule, the parts' rules and readings, how parts combine."""
    return criterion.model_dump(include={"rule", "readings", "combine", "ambiguous", "parts"},
                                exclude={"parts": {"__all__": {"text"}}})


def criterion_changes(before: Trial, after: Trial) -> tuple[CriterionChange, ...]:
    """Every criterion that differs, in the newer version's order, then the removed ones."""
    old = {c.id: c for c in before.criteria}
    new = {c.id: c for c in after.criteria}
    found = []
    for criterion in after.criteria:
        earlier = old.get(criterion.id)
        if earlier is None:
            found.append(CriterionChange(criterion.id, (Change.ADDED,), None, criterion))
            continue
        changes = []
        if earlier.kind != criterion.kind:
            changes.append(Change.KIND_CHANGED)
        if _texts(earlier) != _texts(criterion):
            changes.append(Change.REWORDED)
        if _checks(earlier) != _checks(criterion):
            changes.append(Change.RULE_CHANGED)
        if changes:
            found.append(CriterionChange(criterion.id, tuple(changes), earlier, criterion))
    found += [CriterionChange(c.id, (Change.REMOVED,), c, None) for c in before.criteria if c.id not in new]
    return tuple(found)



@dataclass(frozen=True)
class Amendment:
    """An open screening begun on an earlier version of its trial than the one in use."""

    from_version: str
    to_version: str
    changes: tuple[CriterionChange, ...] | None  # None: the earlier version was not kept (before 0017)

    def describe(self) -> str:
        listed = "; ".join(c.describe() for c in self.changes) if self.changes is not None else \
            "the earlier definition was not kept: compare the criteria with the protocol"
        return f"protocol amended since this screening began ({self.from_version} -> {self.to_version}): {listed}"
