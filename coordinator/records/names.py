"""Patient initials and search keys, with pinyin for Chinese names (via pypinyin).

张三丰 -> initials ZSF, search key "zhangsanfeng"; "Mary-Jane Watson" -> MJW.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from coordinator.resource_files import load_yaml

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD_SEPARATORS = re.compile(r"[\s\-.,'·•]+")
# Latin letters that Unicode does not decompose into a base letter plus a mark.
_UNDECOMPOSED = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ħ": "H",
                               "ħ": "h", "ı": "i", "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe",
                               "Þ": "TH", "þ": "th"})


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def lazy_pinyin(text: str) -> list[str]:
    """pypinyin's, imported on first use: its dictionaries take about 0.2 s to load, and most
    commands (e.g. `trialdesk alerts`) never meet a name to convert."""
    from pypinyin import lazy_pinyin as convert

    return convert(text)


@cache
def _surnames() -> dict[str, str]:
    return load_yaml("vocabulary", "surnames.yaml")["surnames"]


@lru_cache(maxsize=4096)  # a name's initials and search key are made together: convert it once
def _han_syllables(text: str, at_start: bool) -> tuple[str, ...]:
    """Pinyin syllables of a run of Han characters; a leading surname takes its surname reading."""
    if at_start:
        for length in (2, 1):
            reading = _surnames().get(text[:length])
            if reading:
                rest = text[length:]
                syllables = [reading] if length == 1 else _split_compound(reading, text[:length])
                return tuple(syllables + (lazy_pinyin(rest) if rest else []))
    return tuple(lazy_pinyin(text))


def _split_compound(reading: str, surname: str) -> list[str]:
    """zhangsun for 长孙 -> ["zhang", "sun"], using each character's own reading to find the cut."""
    second = lazy_pinyin(surname[1])[0]
    return [reading[: len(reading) - len(second)], second] if reading.endswith(second) else [reading]


def _segments(name: str) -> list[tuple[bool, str]]:
    """Runs of Han characters and of everything else, in order: [(is_han, text), ...]."""
    segments: list[tuple[bool, str]] = []
    for char in name:
        han = bool(_HAN.match(char))
        if segments and segments[-1][0] == han:
            segments[-1] = (han, segments[-1][1] + char)
        else:
            segments.append((han, char))
    return segments


def initials(name: str) -> str:
    """Capital initials: one per Han character (pinyin), one per word otherwise."""
    letters: list[str] = []
    for position, (han, text) in enumerate(_segments(name.strip())):
        if han:
            letters.extend(syllable[0] for syllable in _han_syllables(text, position == 0))
        else:
            letters.extend(word[0] for word in _WORD_SEPARATORS.split(_ascii_fold(text)) if word)
    return "".join(letter for letter in "".join(letters).upper() if "A" <= letter <= "Z")[:12]


def pinyin_key(name: str) -> str:
    """Lower-case search key: the full pinyin of Han characters, ASCII letters and digits otherwise."""
    parts: list[str] = []
    for position, (han, text) in enumerate(_segments(name.strip())):
        parts.append("".join(_han_syllables(text, position == 0)) if han else _ascii_fold(text))
    return re.sub(r"[^a-z0-9]", "", "".join(parts).lower())


def search_key(text: str) -> str:
    """How typed search text and stored names are compared: case- and space-insensitive."""
    return re.sub(r"\s+", "", text).casefold()
