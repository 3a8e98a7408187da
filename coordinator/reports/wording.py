"""The language a report is printed in: English, or Simplified Chinese for a Chinese site.

The reports write their words as `Phrase`s, as the rest of the core does; `Wording` puts a phrase,
a vocabulary term or a trial file's text into the report's language. The Chinese comes from the
translation catalogue the window uses (resources/translations, its "CoreText" context) and from
the vocabulary and the trial files' own Chinese, so a report needs no Qt and no second list.
Registered protocol text stays in English; `reference` gives its Chinese reference translation.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from typing import Literal

from coordinator.bilingual import Registered
from coordinator.phrase import localized
from coordinator.records.vocabulary import vocabulary
from coordinator.resource_files import resource

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")
CATALOGUES = {"zh": ("translations", "trialdesk_zh_CN.ts")}
CONTEXT = "CoreText"


@cache
def catalogue(language: Language) -> dict[str, str]:
    """English template -> its finished translation, in the catalogue's "CoreText" context."""
    if language not in CATALOGUES:
        return {}
    with resource(*CATALOGUES[language]).open("rb") as handle:
        root = ET.parse(handle).getroot()  # the project's own file, not input
    found = {}
    for context in root.iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") is None and translation.text:
                found[message.findtext("source") or ""] = translation.text
    return found


@cache
def _term_names(language: Language) -> dict[str, str]:
    vocab = vocabulary()
    names = {}
    for table in (vocab.observations, vocab.medications, vocab.conditions, vocab.diagnoses, vocab.procedures):
        names.update({code: getattr(entry, language, entry.en) for code, entry in table.items()})
    return names


class Wording:
    def __init__(self, language: Language = "en"):
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
        self.language = language
        self.chinese = language == "zh"
        self._templates = catalogue(language)

    def __call__(self, text: object) -> str:
        """`text` in the report's language: a phrase, word list, vocabulary term or a trial file's
        text (registered text stays as registered); anything else as it is."""
        if text is None:
            return ""
        if not self.chinese or not isinstance(text, str):
            return str(text)
        names = _term_names(self.language)
        return localized(text, template=lambda english: self._templates.get(english, english),
                         term_name=lambda found: names.get(found.code, str(found)), chinese=True)

    def reference(self, text: object) -> str | None:
        """The Chinese reference translation of registered protocol text, in a Chinese report."""
        return text.zh if self.chinese and isinstance(text, Registered) else None
