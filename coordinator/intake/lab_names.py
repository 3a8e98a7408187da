"""The names hospitals give the vocabulary's observations, their units and their words
(resources/vocabulary/lab_names.yaml), as lookups that never guess: a name is known exactly
(after folding case, width and spacing) or not at all."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from coordinator.records.vocabulary import normalise_unit, vocabulary
from coordinator.resource_files import load_yaml

# A trailing bracket names the method or the sample, e.g. 肌酐(酶法), ALB (BCG); the name before
# it is tried when the whole is not known.
TRAILING_BRACKET = re.compile(r"\s*[(\[（【][^()\[\]（）【】]*[)\]）】]\s*$")
COLUMN_ROLES = ("record_no", "registry_no", "name", "test_name", "test_code", "loinc", "result", "unit",
                "reference_range", "flag", "sampled", "reported", "status")
SPACES = re.compile(r"\s+")
NOT_NEEDED = "ignore"  # what a mapping says of a test no trial reads


@lru_cache(maxsize=8192)  # an export repeats the same few test names, units and words on every row
def fold(text: str) -> str:
    """Name key: full-width forms made ASCII (NFKC), case folded, spaces removed."""
    return SPACES.sub("", unicodedata.normalize("NFKC", text)).casefold()


def name_keys(text: str) -> list[str]:
    """The keys a name is looked up by: the whole, then without a trailing bracket."""
    keys = [fold(text)]
    shorter = TRAILING_BRACKET.sub("", text)
    if shorter and shorter != text:
        keys.append(fold(shorter))
    return [key for key in keys if key]


@dataclass(frozen=True)
class LabNames:
    by_name: dict[str, tuple[str, ...]]      # folded name -> observation codes
    by_loinc: dict[str, str]                 # LOINC code -> observation code
    units: dict[str, str]                    # normalised spelling -> vocabulary spelling
    qualitative: dict[str, str]              # folded word -> positive | weakly_positive | negative | indeterminate
    flags: dict[str, str]                    # folded flag -> high | low | abnormal | normal
    columns: dict[str, str]                  # folded heading -> column role
    not_needed: frozenset[str]               # folded names of tests no trial reads
    drugs: dict[str, str]                    # folded drug name -> medication code
    dosage_forms: tuple[str, ...]            # folded dosage-form words, longest first
    routes: dict[str, str]                   # folded route -> vocabulary route
    conditions: dict[str, str]               # folded name -> diagnosis or condition code

    def codes_for_name(self, name: str) -> tuple[str, ...]:
        for key in name_keys(name):
            if key in self.by_name:
                return self.by_name[key]
        return ()

    def is_not_needed(self, name: str) -> bool:
        return any(key in self.not_needed for key in name_keys(name))

    def drug(self, name: str) -> str | None:
        for key in name_keys(name):
            for candidate in (key, self._without_form(key)):
                if candidate in self.drugs:
                    return self.drugs[candidate]
        return None

    def _without_form(self, key: str) -> str:
        for form in self.dosage_forms:
            if key.endswith(form) and len(key) > len(form):
                return key[: -len(form)]
            if key.startswith(form) and len(key) > len(form):
                return key[len(form):]
        return key

    def condition(self, name: str) -> str | None:
        return next((self.conditions[key] for key in name_keys(name) if key in self.conditions), None)

    def unit(self, spelled: str) -> str:
        """The vocabulary's spelling of a unit, when an alias names it; else as given."""
        return self.units.get(normalise_unit(spelled), spelled.strip())

    def column_role(self, heading: str) -> str | None:
        for key in name_keys(heading):
            if key in self.columns:
                return self.columns[key]
        return None


def _add(table: dict[str, tuple[str, ...]], name: str, code: str) -> None:
    key = fold(name)
    if code not in table.get(key, ()):
        table[key] = table.get(key, ()) + (code,)


@cache
def lab_names() -> LabNames:
    raw = load_yaml("vocabulary", "lab_names.yaml")
    vocab = vocabulary()
    by_name: dict[str, tuple[str, ...]] = {}
    by_loinc: dict[str, str] = {}
    for code, definition in vocab.observations.items():
        for name in (code, definition.en, definition.zh):
            _add(by_name, name, code)
        if definition.loinc:
            by_loinc[definition.loinc] = code
    for code, entry in raw["observations"].items():
        if code not in vocab.observations:
            raise ValueError(f"lab_names.yaml names '{code}', which the vocabulary does not have")
        for name in entry.get("names", ()):
            _add(by_name, str(name), code)
        for loinc in entry.get("loinc", ()):
            by_loinc[str(loinc)] = code
    return LabNames(
        by_name=by_name,
        by_loinc=by_loinc,
        units={normalise_unit(str(alias)): str(unit) for alias, unit in raw["units"].items()},
        qualitative={fold(str(word)): meaning for meaning, words in raw["qualitative"].items() for word in words},
        flags={fold(str(flag)): meaning for meaning, flags in raw["flags"].items() for flag in flags},
        columns={fold(str(heading)): role for role, headings in raw["columns"].items() for heading in headings},
        not_needed=frozenset(fold(str(name)) for name in raw["not_needed"]),
        drugs=_named(vocab.medications, raw["drugs"]),
        dosage_forms=tuple(sorted((fold(str(form)) for form in raw["dosage_forms"]), key=len, reverse=True)),
        routes={fold(str(word)): route for route, words in raw["routes"].items() for word in words},
        conditions=_named({**vocab.diagnoses, **vocab.conditions}, raw["conditions"]),
    )


def _named(terms: dict, aliases: dict) -> dict[str, str]:
    """Folded name -> code, from the vocabulary's own names and the aliases listed for each code."""
    named = {fold(name): code for code, term in terms.items() for name in (code, term.en, term.zh)}
    for code, names in aliases.items():
        if code not in terms:
            raise ValueError(f"lab_names.yaml names '{code}', which the vocabulary does not have")
        named.update((fold(str(name)), code) for name in names)
    return named
