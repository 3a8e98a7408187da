"""A laboratory's reference range as it prints it ("41-81", "<20", "≤40", "3.5~5.5", "男:57-111
女:41-81", "阴性") read as the lab's lower and upper limits, in the result's unit."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from coordinator.phrase import Phrase, PhrasedError

NUMBER = r"[-+]?\d+(?:\.\d+)?"
_DASHES = "~～〜—–－-"
BETWEEN = re.compile(rf"({NUMBER})\s*(?:[{_DASHES}]{{1,2}}|to|至)\s*({NUMBER})")
BELOW = re.compile(rf"(<=?|≤|小于等于|小于|不超过)\s*({NUMBER})")
ABOVE = re.compile(rf"(>=?|≥|大于等于|大于|不低于)\s*({NUMBER})")
# What may follow the numbers: nothing, or a unit ("41-81 umol/L", "0-40U/L", "(μmol/L)").
UNIT_AFTER = re.compile(r"^(?:$|\s|[a-zA-Zμµ/%(\[×*^])")
SEX_LABEL = re.compile(r"(男性?|女性?|\b(?:male|female|M|F)\s*[:：])", re.I)


@dataclass(frozen=True, slots=True)
class Limits:
    lln: float | None = None
    uln: float | None = None

    @property
    def empty(self) -> bool:
        return self.lln is None and self.uln is None


class RangeNotUnderstood(PhrasedError):
    """A range written in a way this reader does not know; it is reported, not guessed."""


def _one(text: str) -> Limits:
    text = text.strip().strip(";；,，:： ")
    for pattern in (BETWEEN, BELOW, ABOVE):
        match = pattern.match(text)
        if match is None or not UNIT_AFTER.match(text[match.end():]):
            continue
        if pattern is BETWEEN:
            low, high = float(match.group(1)), float(match.group(2))
            if low >= high:
                raise RangeNotUnderstood(Phrase("reference range '{text}' has its lower limit above its upper",
                                                text=text))
            return Limits(low, high)
        limit = float(match.group(2))
        return Limits(None, limit) if pattern is BELOW else Limits(limit, None)
    raise RangeNotUnderstood(Phrase("reference range '{text}' is not a range this reader knows (e.g. 41-81, <20, ≤40)",
                                    text=text))


def parse_reference_range(text: str, sex: str | None = None, qualitative: bool = False) -> Limits:
    """The limits of `text` for a patient of `sex` (F or M; ranges may differ by sex).

    An empty range, or a qualitative one ("阴性", "negative") for a coded test, gives no limits.
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text or qualitative or not re.search(r"\d", text):
        return Limits()
    pieces = SEX_LABEL.split(text)
    if len(pieces) > 1:  # ["", "男:", "57-111 ", "女:", "41-81"]
        if sex not in ("F", "M"):
            raise RangeNotUnderstood(Phrase("reference range '{text}' differs by sex and the patient's sex is not "
                                            "known", text=text))
        for label, part in zip(pieces[1::2], pieces[2::2]):
            label = label.strip(" :：").lower()
            if (label.startswith("女") or label in ("f", "female")) == (sex == "F"):
                return _one(part)
        raise RangeNotUnderstood(Phrase("reference range '{text}' gives no range for the patient's sex", text=text))
    return _one(text)
