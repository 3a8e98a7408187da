"""Patient initials and search keys, with pinyin for Chinese names (via pypinyin).

张三丰 -> initials ZSF, search key "zhangsanfeng"; "Mary-Jane Watson" -> MJW.
"""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD_SEPARATORS = re.compile(r"[\s\-.,'·•]+")


def _ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


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
    for han, text in _segments(name.strip()):
        if han:
            letters.extend(lazy_pinyin(text, style=Style.FIRST_LETTER))
        else:
            letters.extend(word[0] for word in _WORD_SEPARATORS.split(_ascii_fold(text)) if word)
    return "".join(letter for letter in "".join(letters).upper() if "A" <= letter <= "Z")[:12]


def pinyin_key(name: str) -> str:
    """Lower-case search key: the full pinyin of Han characters, ASCII letters and digits otherwise."""
    parts: list[str] = []
    for han, text in _segments(name.strip()):
        parts.append("".join(lazy_pinyin(text)) if han else _ascii_fold(text))
    return re.sub(r"[^a-z0-9]", "", "".join(parts).lower())


def search_key(text: str) -> str:
    """How typed search text and stored names are compared: case- and space-insensitive."""
    return re.sub(r"\s+", "", text).casefold()
