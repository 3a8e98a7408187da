"""Text a person or a file gives that must not carry control characters: a NUL or an escape
sequence in a registry number or a name corrupts what prints it (terminals, PDFs, logs). Free
text (notes, reasons) may hold tabs and line breaks; identifiers and names may not.

Problems quote at most a short excerpt of the value (a 10 MB name is not echoed back)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from coordinator.problems import Problem

# C0 controls, DEL and C1 controls; tab, line feed and carriage return are told apart below.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
LINE_CONTROLS = "\t\n\r"
FREE_TEXT_FIELDS = frozenset({"note", "reason", "description", "comment"})
EXCERPT = 40


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """`value` as Python writes it (control characters escaped), cut to `limit` characters."""
    shown = repr(value)
    return shown if len(shown) <= limit else f"{shown[:limit - 1]}…"


def control_problem(field: str, value: str, free_text: bool = False) -> Problem | None:
    """A problem when `value` holds a control character `field` may not hold."""
    for found in CONTROL.finditer(value):
        character = found.group()
        if free_text and character in LINE_CONTROLS:
            continue
        return Problem(f"contains the control character U+{ord(character):04X} at position {found.start() + 1} "
                       f"({excerpt(value)}); remove it", field)
    return None


# How a control character shows in a model's JSON: C0 escaped (\u0001, \n, \t...), DEL and C1 as they are.
IN_JSON = re.compile(r'\\u00[01][0-9a-fA-F]|\\[btnfr]|[\x7f-\x9f]')


def text_problems(model: BaseModel, path: str = "") -> Iterator[Problem]:
    """Every control character in the text fields of `model` and the models and lists in it."""
    if not IN_JSON.search(model.model_dump_json()):
        return  # the common case, told at the serialiser's speed: no field to look into
    yield from _walk(model, path)


def _walk(model: BaseModel, path: str) -> Iterator[Problem]:
    for name, value in model.__dict__.items():
        field = f"{path}.{name}" if path else name
        if isinstance(value, str):
            if CONTROL.search(value):
                problem = control_problem(field, value, free_text=name in FREE_TEXT_FIELDS)
                if problem is not None:
                    yield problem
        elif isinstance(value, BaseModel):
            yield from _walk(value, field)
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                item_field = f"{field}[{index}]"
                if isinstance(item, BaseModel):
                    yield from _walk(item, item_field)
                elif isinstance(item, str) and CONTROL.search(item):
                    problem = control_problem(item_field, item)
                    if problem is not None:
                        yield problem
