"""A trial's id in its public registry: ChiCTR, ClinicalTrials.gov or another WHO primary registry
(the forms are data: resources/vocabulary/registries.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from coordinator.resource_files import load_yaml


@dataclass(frozen=True)
class Registry:
    prefix: str
    en: str
    zh: str
    forms: tuple[re.Pattern, ...]
    examples: tuple[str, ...]

    def name(self, language: str = "en") -> str:
        return self.zh if language.startswith("zh") else self.en


@cache
def registries() -> tuple[Registry, ...]:
    """Every registry, the longest prefix first (so a prefix that begins another never takes its ids)."""
    found = [Registry(prefix, entry["en"], entry["zh"], tuple(re.compile(form) for form in entry["forms"]),
                      tuple(entry["examples"]))
             for prefix, entry in load_yaml("vocabulary", "registries.yaml").items()]
    return tuple(sorted(found, key=lambda registry: -len(registry.prefix)))


def _registry_by_prefix(text: str) -> Registry | None:
    folded = text.casefold()
    return next((r for r in registries() if folded.startswith(r.prefix.casefold())), None)


def registry_of(trial_id: str) -> Registry | None:
    """The registry a well-formed id belongs to, or None."""
    try:
        return _registry_by_prefix(checked_trial_id(trial_id))
    except ValueError:
        return None


def checked_trial_id(text: str) -> str:
    """The id in its registered spelling (spaces trimmed, the prefix in its registered case:
    "chictr-ior-15006626" -> "ChiCTR-IOR-15006626"); ValueError saying which forms are accepted."""
    if not isinstance(text, str):
        raise ValueError("a trial's registry id is text, e.g. ChiCTR2300071234 or NCT03580291")
    candidate = text.strip()
    registry = _registry_by_prefix(candidate)
    if registry is None:
        prefixes = ", ".join(r.prefix for r in sorted(registries(), key=lambda r: r.prefix.casefold()))
        raise ValueError(f"'{_excerpt(candidate)}' is not a trial registry id: it should begin with a "
                         f"registry's prefix ({prefixes}), e.g. ChiCTR2300071234 or NCT03580291")
    rest = candidate[len(registry.prefix):]
    for spelled in dict.fromkeys(registry.prefix + r for r in (rest, rest.upper(), rest.lower())):
        if any(form.fullmatch(spelled) for form in registry.forms):
            return spelled
    raise ValueError(f"'{_excerpt(candidate)}' is not a {registry.en} id: expected the form of "
                     f"{' or '.join(registry.examples)}")


def file_stem(trial_id: str) -> str:
    """The id as part of a file name: a registry's slashes (CTRI/2020/05/025123) become hyphens."""
    return trial_id.replace("/", "-")


def _excerpt(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[:most] + "..."
