"""Access to the data files shipped in the `resources` package (works from a wheel)."""

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

# libyaml's parser when PyYAML has it (about ten times faster; the same values), else PyYAML's own
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def resource(*parts: str) -> Traversable:
    node = files("resources")
    for part in parts:
        node = node / part
    return node


@cache
def load_yaml(*parts: str) -> dict:
    with resource(*parts).open("r", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=SAFE_LOADER)


FONT_SUFFIXES = (".ttf", ".ttc")


def shipped_fonts() -> list[Path]:
    """The TrueType fonts in resources/fonts/ (the window and the reports both use them)."""
    try:
        folder = Path(str(resource("fonts")))
    except (ModuleNotFoundError, TypeError, ValueError):
        return []
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
