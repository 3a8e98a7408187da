"""What the engine checks for a criterion, in plain words for people reading a trial.

Each rule already says what it checks in one phrase (`Rule.plain()`); this arranges those
phrases for a whole criterion: what a "yes" means for inclusion or exclusion, how parts
combine, nested combinations as an indented outline, and the ambiguity a person must settle.
Every line is a phrase (coordinator.phrase), so an interface can show it in its own language.
"""

from __future__ import annotations

from coordinator.phrase import Joined, Phrase
from coordinator.screening.rules.catalogue import AnyRule
from coordinator.screening.rules.composition import AllOf, AnyOf, FirstKnown, NotRule
from coordinator.screening.trial import Criterion

INDENT = "  "
_HEADINGS = {AllOf: Phrase("all of:"), AnyOf: Phrase("any of:"),
             FirstKnown: Phrase("whichever of these the data can answer first:")}
_NOT = Phrase("not:")


def _outline(rule: AnyRule, depth: int) -> list[tuple[int, bool, str]]:
    """(depth, bulleted, words) per line: a leaf is one line; a combination is a heading with
    its rules one level deeper, the first line of each marked as a bullet."""
    heading = _HEADINGS.get(type(rule))
    inner = rule.rules if heading is not None else [rule.rule] if isinstance(rule, NotRule) else None
    if inner is None:
        return [(depth, False, rule.plain())]
    lines = [(depth, False, heading if heading is not None else _NOT)]
    for each in inner:
        (level, _, words), *rest = _outline(each, depth + 1)
        lines += [(level, True, words), *rest]
    return lines


def _line(depth: int, bulleted: bool, words: str) -> str:
    # the padding and bullet are kept apart from the words, which stay a phrase
    return Joined("", [INDENT * depth + ("- " if bulleted else ""), words])


def rule_lines(rule: AnyRule, depth: int = 0) -> list[str]:
    """The rule as an outline: a leaf is one line; a combination is a heading with its rules
    indented below it, one per line."""
    return [_line(*line) for line in _outline(rule, depth)]


def describe_rule(rule: AnyRule) -> str:
    """One line for a simple rule; an indented outline for a combination."""
    return Joined("\n", rule_lines(rule))


def describe_criterion(criterion: Criterion) -> str:
    """What answers the criterion and what its answer means, e.g.

        Included when: age on the screening date from 18 to 70 years (inclusive)

        Excluded when any part holds:
        E3a: ...
        E3b: ...
    """
    included = criterion.kind == "inclusion"
    lines: list[str] = []
    if criterion.rule is not None:
        outline = _outline(criterion.rule, 0)
        _, _, first = outline[0]
        if len(outline) == 1:
            lines.append(Phrase("Included when: {rule}", rule=first) if included
                         else Phrase("Excluded when: {rule}", rule=first))
        else:
            lines.append(Phrase("Included when {heading}", heading=first) if included
                         else Phrase("Excluded when {heading}", heading=first))
            lines += [_line(*line) for line in outline[1:]]
    else:
        every = criterion.combination == "all"
        lines.append((Phrase("Included when every part holds:") if every else Phrase("Included when any part holds:"))
                     if included else
                     (Phrase("Excluded when every part holds:") if every else Phrase("Excluded when any part holds:")))
        for part in criterion.parts:
            (_, _, first), *rest = _outline(part.rule, 1)
            lines.append(Phrase("{part}: {item}", part=part.id, item=first))
            lines += [_line(*line) for line in rest]
            if part.ambiguous:
                lines.append(Joined("", [INDENT, Phrase("(ambiguous text: {confirm})", confirm=_confirm(part.ambiguous))]))
    if criterion.ambiguous:
        lines.append(Phrase("Ambiguous text: {confirm}", confirm=_confirm(criterion.ambiguous)))
    return Joined("\n", lines)


def _confirm(note: str) -> str:
    return Phrase("the literal reading is shown and the investigator confirms it. {note}", note=note)  # (kept: its Chinese)
