"""Text in a trial file that a person reads, in English and Simplified Chinese side by side.

A `Bilingual` *is* its English (a str), so rules, reports, JSON, hashes and comparisons see what
they saw before; `zh` is the Chinese the file gives beside it (None when it gives none). A file
writes either a plain string (English only) or both:

    question: {en: Has the patient signed the informed consent?, zh: 患者是否已签署知情同意书？}

For a protocol's registered text (criteria, exit criteria) `zh` is a reference translation: the
English governs, and an interface shows the Chinese beside it, never instead of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import core_schema

WITHOUT_TRANSLATIONS = "without_translations"
"""Serialisation context key: dump the English alone (a definition's identity ignores translations,
which are not the protocol)."""


class Bilingual(str):
    zh: str | None

    def __new__(cls, en: str, zh: str | None = None) -> Bilingual:
        self = super().__new__(cls, en)
        self.zh = zh
        return self

    def __reduce__(self):  # pickled (worker processes) with its Chinese
        return Bilingual, (str(self), self.zh)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        text = core_schema.str_schema(min_length=1)
        both = core_schema.typed_dict_schema({"en": core_schema.typed_dict_field(text),
                                              "zh": core_schema.typed_dict_field(text)}, extra_behavior="forbid")
        return core_schema.no_info_after_validator_function(
            cls._made, core_schema.union_schema([text, both], custom_error_type="bilingual_text",
                                                custom_error_message="give a text, or {en: ..., zh: ...}"),
            serialization=core_schema.plain_serializer_function_ser_schema(cls._dumped, info_arg=True))

    @classmethod
    def _made(cls, value: str | dict[str, str]) -> Bilingual:
        if isinstance(value, dict):
            return cls(value["en"], value["zh"])
        return value if isinstance(value, cls) else cls(value)

    @staticmethod
    def _dumped(value: Bilingual, info: Any) -> str | dict[str, str]:
        zh = getattr(value, "zh", None)
        if zh is None or (info.context and info.context.get(WITHOUT_TRANSLATIONS)):
            return str(value)
        return {"en": str(value), "zh": zh}


class Registered(Bilingual):
    """A protocol's registered text: the English governs; `zh` is only its reference translation."""

    def __reduce__(self):
        return Registered, (str(self), self.zh)


def joined(separator: str, texts: Sequence[str], zh_separator: str) -> Bilingual:
    """Texts joined, in both languages when every one has its Chinese."""
    chinese = [getattr(text, "zh", None) for text in texts]
    return Bilingual(separator.join(texts), zh_separator.join(chinese) if all(chinese) else None)  # type: ignore[arg-type]


def texts_of(model: BaseModel, path: str = "") -> Iterator[tuple[str, Bilingual]]:
    """Every bilingual text in a model, nested models and lists included, with its field path
    (e.g. "criteria.3.parts.1.text")."""
    for name in type(model).model_fields:
        yield from _texts(getattr(model, name), f"{path}{name}")


def _texts(value: object, path: str) -> Iterator[tuple[str, Bilingual]]:
    if isinstance(value, Bilingual):
        yield path, value
    elif isinstance(value, BaseModel):
        yield from texts_of(value, path + ".")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}.{index}")
