"""What the engine checks for a criterion, in plain words for people reading a trial.

Each rule already says what it checks in one phrase (`Rule.plain()`); this arranges those
phrases for a whole criterion: what a "yes" means for inclusion or exclusion, how parts
combine, nested combinations as an indented outline, and the ambiguity a person must settle.
"""

from __future__ import annotations

from coordinator.rules import AllOf, AnyOf, AnyRule, FirstKnown, NotRule
from coordinator.trial import Criterion

INDENT = "  "
_HEADINGS = {AllOf: "all of:", AnyOf: "any of:", FirstKnown: "whichever of these the data can answer first:"}


def rule_lines(rule: AnyRule, depth: int = 0) -> list[str]:
    """The rule as an outline: a leaf is one line; a combination is a heading with its rules
    indented below it, one per line."""
    pad = INDENT * depth
    heading = _HEADINGS.get(type(rule))
    if heading is not None:
        return [pad + heading] + [line for inner in rule.rules for line in _bullet(rule_lines(inner, depth + 1))]
    if isinstance(rule, NotRule):
        return [pad + "not:"] + _bullet(rule_lines(rule.rule, depth + 1))
    return [pad + rule.plain()]


def _bullet(lines: list[str]) -> list[str]:
    """Marks the first line of an inner rule so that the outline reads as a list."""
    first = lines[0]
    stripped = first.lstrip(" ")
    return [first[:len(first) - len(stripped)] + "- " + stripped] + lines[1:]


def describe_rule(rule: AnyRule) -> str:
    """One line for a simple rule; an indented outline for a combination."""
    return "\n".join(rule_lines(rule))


def describe_criterion(criterion: Criterion) -> str:
    """What answers the criterion and what its answer means, e.g.

        Included when: age on the screening date from 18 to 70 years (inclusive)

        Excluded when any part holds:
        E3a: ...
        E3b: ...
    """
    verb = "Included" if criterion.kind == "inclusion" else "Excluded"
    if criterion.rule is not None:
        lines = rule_lines(criterion.rule)
        if len(lines) == 1:
            text = f"{verb} when: {lines[0]}"
        else:
            text = f"{verb} when {lines[0]}\n" + "\n".join(lines[1:])
    else:
        combined = "every part holds" if criterion.combination == "all" else "any part holds"
        text = f"{verb} when {combined}:"
        for part in criterion.parts:
            lines = rule_lines(part.rule, 1)
            text += f"\n{part.id}: {lines[0].strip()}" + "".join(f"\n{line}" for line in lines[1:])
            if part.ambiguous:
                text += f"\n{INDENT}(ambiguous text: {_confirm(part.ambiguous)})"
    if criterion.ambiguous:
        text += f"\nAmbiguous text: {_confirm(criterion.ambiguous)}"
    return text


def _confirm(note: str) -> str:
    return f"the literal reading is shown and the investigator confirms it. {note.strip()}"
