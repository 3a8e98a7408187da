"""Text the core writes for people (evidence, what is missing, rule descriptions, follow-up
reasons) in a form an interface can translate, while staying plain English for everything else.

A `Phrase` *is* its English text (a str), so reports, JSON, snapshot hashes and comparisons see
exactly what they saw before. It also keeps the English template it was made from and the
values filled in, so that an interface can look the template up in its own language and fill
it with the values, themselves translated where they are phrases or vocabulary terms.

Templates are `str.format` strings with named fields, always written as literals where a phrase
is made (a test collects them from the source for the interface's translation catalogue).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from coordinator.bilingual import Bilingual, Registered

from coordinator.records.vocabulary import vocabulary


class Phrase(str):
    """English text made from `template` and `args` (named values: numbers, dates, plain text,
    nested phrases, vocabulary terms)."""

    # (no __slots__: a str subclass cannot have them)
    template: str
    args: dict[str, object]

    def __new__(cls, template: str, /, **args) -> Phrase:
        self = super().__new__(cls, template.format_map(args) if args else template)
        self.template = template
        self.args = args
        return self

    def __reduce__(self):  # pickled (worker processes) as what it is, not as a bare str
        return _rebuild, (type(self), self.template, self.args)


def _rebuild(cls, template: str, args: dict) -> Phrase:
    return cls(template, **args)


class PhrasedError(ValueError):
    """An error raised with a phrase: `message` keeps it (str(error) is its English)."""

    @property
    def message(self) -> str:
        return self.args[0] if self.args else ""


class Term(str):
    """A vocabulary code shown by its English name (an interface shows its own language's name)."""

    code: str

    def __new__(cls, code: str, name: str) -> Term:
        self = super().__new__(cls, name)
        self.code = code
        return self

    def __reduce__(self):
        return Term, (self.code, str(self))


class Joined(str):
    """Items joined by a separator (a phrase when the separator is a word, e.g. " or ")."""

    separator: str
    items: tuple[str, ...]

    def __new__(cls, separator: str, items: Iterable[str]) -> Joined:
        items = tuple(items)
        self = super().__new__(cls, separator.join(items))
        self.separator = separator
        self.items = items
        return self

    def __reduce__(self):
        return Joined, (self.separator, self.items)


def localized(text: str, *, template: Callable[[str], str], term_name: Callable[[Term], str],
              chinese: bool) -> str:
    """`text` in an interface's or report's language: a phrase's template looked up with
    `template` and filled with its values, themselves localized; a word list item by item; a
    vocabulary term by `term_name`; a trial file's text in Chinese when `chinese` (registered
    protocol text stays as registered); anything else as it is."""
    def again(inner: str) -> str:
        return localized(inner, template=template, term_name=term_name, chinese=chinese)

    if isinstance(text, Bilingual):
        return text.zh if chinese and text.zh and not isinstance(text, Registered) else str(text)
    if isinstance(text, Phrase):
        translated = template(text.template)
        if not text.args:
            return translated
        args = {name: again(value) if isinstance(value, str) else value for name, value in text.args.items()}
        try:
            return translated.format_map(args)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English is still right
            return text.template.format_map(args)
    if isinstance(text, Joined):
        return again(text.separator).join(again(item) for item in text.items)
    if isinstance(text, Term):
        return term_name(text)
    return text


@cache  # the vocabulary never changes while the program runs
def term(code: str) -> str:
    """The vocabulary term for a code (observation, medication, condition, diagnosis or
    procedure); an unknown code stays as it is."""
    vocab = vocabulary()
    for table in (vocab.observations, vocab.medications, vocab.conditions, vocab.diagnoses, vocab.procedures):
        if code in table:
            return Term(code, table[code].en)
    return code


@cache
def vocabulary_words() -> frozenset[str]:
    """The vocabulary's coded words as the core writes them (results such as positive or absent,
    routes, condition statuses, kinds and treatments, contraception, drug classes): an interface
    translates them. Single letters (BILAG grades) are left as they are."""
    vocab = vocabulary()
    terms = [*vocab.conditions.values(), *vocab.diagnoses.values(), *vocab.procedures.values()]
    words = {value for definition in vocab.observations.values() for value in definition.values}
    words |= {*vocab.routes, *vocab.condition_statuses, *vocab.treatments, *vocab.contraception}
    words |= {severity for term in terms for severity in term.severities}
    for raw in {kind for term in terms for kind in term.kinds} | {c for m in vocab.medications.values()
                                                                  for c in m.classes}:
        words |= {raw, raw.replace("_", " ")}  # written both ways (as coded, and in words)
    return frozenset(word for word in words if len(word) > 1)


@cache
def word(text: str | None) -> str | None:
    """One of the vocabulary's coded words as a phrase; anything else unchanged."""
    return Phrase(text) if text in vocabulary_words() else text


_OR, _AND = Phrase(" or "), Phrase(" and ")


def either(items: Iterable[str]) -> str:
    """'a or b or c'."""
    return Joined(_OR, items)


def both(items: Iterable[str]) -> str:
    """'a and b'."""
    return Joined(_AND, items)
