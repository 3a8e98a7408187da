"""A result as a lab writes it: a number (perhaps with a flag glued on, "88↑"), a censored
number ("<20", ">1000"), a titre ("1:320"), or words ("阴性", "弱阳性(±)", "+"); and the times
exports write ("2026-12-01 08:30", "2026/12/1", "20261201083000", "2026年12月1日")."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from coordinator.intake.lab_names import LabNames, fold
from coordinator.phrase import Phrase, PhrasedError

NUMBER = re.compile(r"^([<>]=?|≤|≥)?\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*)$")
TITRE = re.compile(r"1\s*:\s*(\d+)")
GLUED_FLAG = re.compile(r"^(.*?)\s*([↑↓]|\(?[HL]{1,2}\)?|\*)$")


@dataclass(frozen=True, slots=True)
class ResultValue:
    number: float | None = None
    censored: str = ""          # "<", "<=", ">", ">=" when the lab gave only a bound
    titre: str = ""             # "1:320"
    meaning: str = ""           # positive | weakly_positive | negative | indeterminate
    glued_flag: str = ""        # a flag written inside the result ("88↑")
    words: str = ""             # what was written, when it is words


class NotAResult(PhrasedError):
    pass


def parse_result(raw: str | float, names: LabNames) -> ResultValue:
    if isinstance(raw, bool):
        raise NotAResult(Phrase("result '{raw}' is not a number or a result word", raw=str(raw)))
    if isinstance(raw, (int, float)):
        return ResultValue(number=float(raw))
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text:
        raise NotAResult(Phrase("the result is empty"))
    meaning = names.qualitative.get(fold(text))
    if meaning:
        return ResultValue(meaning=meaning, words=text)
    if match := TITRE.search(text):
        rest = fold(TITRE.sub("", text)).strip("()")
        return ResultValue(titre=f"1:{int(match.group(1))}", meaning=names.qualitative.get(rest, ""), words=text)
    flag = ""
    if (glued := GLUED_FLAG.match(text)) and glued.group(1):
        text, flag = glued.group(1), glued.group(2).strip("()")
    if match := NUMBER.match(text.replace("≤", "<=").replace("≥", ">=")):
        sign, number, rest = match.groups()
        rest = rest.strip()
        meaning = names.qualitative.get(fold(rest.strip("()（）")), "") if rest else ""
        if rest and not meaning:
            raise NotAResult(Phrase("result '{raw}' is not a number (it has '{rest}' after {number})", raw=str(raw),
                                    rest=rest, number=number))
        return ResultValue(number=float(number), censored=sign or "", meaning=meaning, glued_flag=flag)
    raise NotAResult(Phrase("result '{raw}' is not a number or a result word (阴性, 阳性, negative, positive, +, -)",
                            raw=str(raw)))


def flag_meaning(flag: str, names: LabNames) -> str | None:
    """high | low | abnormal | normal, or None for a flag the lab's words do not include."""
    return names.flags.get(fold(unicodedata.normalize("NFKC", flag).strip()))


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")
_TIME_FORMATS = ("%H:%M:%S", "%H:%M", "%H%M%S", "%H%M", "%H时%M分%S秒", "%H时%M分", "%H:%M:%S.%f")
HL7_MOMENT = re.compile(r"^(\d{8})(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?$")


class NotAMoment(PhrasedError):
    pass


def parse_moment(raw: dt.datetime | dt.date | str) -> tuple[dt.date, dt.time | None]:
    """The day and (when given) the time of a sample, in the site's local time as written.

    Times with an offset (HL7 "+0800", FHIR "+08:00") are kept as the clock showed them there.
    """
    if isinstance(raw, dt.datetime):
        return raw.date(), _clock(raw.time())
    if isinstance(raw, dt.date):
        return raw, None
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text:
        raise NotAMoment(Phrase("no sample or report time"))
    if match := HL7_MOMENT.match(text):
        day, hour, minute, second, _ = match.groups()
        try:
            date = dt.datetime.strptime(day, "%Y%m%d").date()
            if hour is None:
                return date, None
            return date, dt.time(int(hour), int(minute or 0), int(second or 0))
        except ValueError:
            raise NotAMoment(Phrase("'{raw}' is not a real date and time", raw=str(raw))) from None
    try:
        moment = dt.datetime.fromisoformat(text.replace("/", "-") if re.match(r"^\d{4}/\d", text) else text)
        return moment.date(), (_clock(moment.time()) if ("T" in text or " " in text or ":" in text) else None)
    except ValueError:
        pass
    day_text, _, time_text = re.sub(r"(?<=日)\s*", " ", text).partition(" ")
    for day_format in _DATE_FORMATS:
        try:
            date = dt.datetime.strptime(day_text, day_format).date()
        except ValueError:
            continue
        if not time_text.strip():
            return date, None
        for time_format in _TIME_FORMATS:
            try:
                return date, dt.datetime.strptime(time_text.strip(), time_format).time()
            except ValueError:
                continue
        break
    raise NotAMoment(Phrase("'{raw}' is not a date (e.g. 2026-12-01 08:30, 2026/12/01, 20261201)", raw=str(raw)))


def _clock(time: dt.time) -> dt.time:
    return time.replace(tzinfo=None, microsecond=0)
