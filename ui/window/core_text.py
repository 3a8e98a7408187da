"""Text from the core (coordinator/) in the interface's language.

The core writes English `Phrase`s (coordinator/phrase.py): each keeps its English template and
the values filled in. `tr_core` looks the template up in the "CoreText" translation context,
translates the values that are phrases, word lists or vocabulary terms in turn, and fills them
in. Anything else (protocol text, plain strings, a signed snapshot read back from the registry)
is shown as it is. The templates are listed for lupdate in ui/window/core_texts.py.
"""

from __future__ import annotations

from functools import cache
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from coordinator.bilingual import Registered
from coordinator.phrase import Term, localized, term
from coordinator.records.vocabulary import vocabulary
from coordinator.reports.wording import Language

CONTEXT = "CoreText"
REFERENCE = QT_TRANSLATE_NOOP("CoreText", "Reference translation (the registered text governs): ")


def translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def term_label(definition) -> str:
    """A vocabulary term's name in the interface's language (the vocabulary has both)."""
    return definition.zh if chinese() else definition.en


def chinese() -> bool:
    return QLocale().language() == QLocale.Language.Chinese


def report_language() -> Language:
    """The language PDFs are printed in: the interface's."""
    return "zh" if chinese() else "en"


def tr_core(text: str) -> str:
    """`text` in the interface's language when it is a phrase, word list, term or a trial file's
    text; else as it is. A protocol's registered text stays as registered (see `with_translation`)."""
    return localized(text, template=translate, term_name=_term_name, chinese=chinese())


def _term_name(found: Term) -> str:
    definition = _definition(found.code)
    return term_label(definition) if definition is not None else str(found)


def reference_translation(text: str) -> str | None:
    """The Chinese reference translation of a protocol's registered text, in a Chinese interface."""
    return text.zh if isinstance(text, Registered) and chinese() else None


def with_translation(text: str, separator: str = "\n") -> str:
    """Registered text as registered, followed in a Chinese interface by its reference translation."""
    zh = reference_translation(text)
    return str(text) if zh is None else f"{text}{separator}{translate(REFERENCE)}{zh}"


def tr_with_english(text: str) -> str:
    """A trial file's text in the interface's language, its English after it when translated (a title)."""
    shown = tr_core(text)
    return f"{shown} ({text})" if shown != str(text) else shown


def translation_html(text: str) -> str:
    """A paragraph with the reference translation of registered text, in a Chinese interface (else "")."""
    zh = reference_translation(text)
    if zh is None:
        return ""
    return f"<p style='color:#555'><i>{escape(translate(REFERENCE))}</i>{escape(zh)}</p>"


def visit_label(visit_id: str, week: float) -> str:
    """A scheduled visit by its week in the interface's language, with the trial file's id."""
    name = (translate(QT_TRANSLATE_NOOP("CoreText", "Baseline")) if week == 0
            else translate(QT_TRANSLATE_NOOP("CoreText", "Week {0}")).format(f"{week:g}"))
    return f"{name} [{visit_id}]"


def tr_code(code: str, unknown: str | None = None) -> str:
    """A vocabulary code (a drug, a lab) by its name in the interface's language; a code the
    vocabulary does not know by `unknown` (e.g. the trial file's own name), else as it is."""
    found = term(code)
    return tr_core(found) if isinstance(found, Term) else unknown or code


@cache  # the vocabulary never changes while the program runs
def _definition(code: str):
    vocab = vocabulary()
    for table in (vocab.observations, vocab.medications, vocab.conditions, vocab.diagnoses, vocab.procedures):
        if code in table:
            return table[code]
    return None
