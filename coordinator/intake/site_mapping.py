"""A site's own names for one data source (its LIS, an HL7 interface, a FHIR server): local test
names and codes, unit spellings, column headings, drug and condition names, each mapped once to
the vocabulary, or `ignore` for a test no trial reads. Kept as YAML, read and written here:

    source: lis
    tests: {肌酐(急诊): creatinine, LOC042: alt, 钾离子: ignore}
    units: {umol/l: umol/L}
    columns: {检验子项: test_name}
    drugs: {FK506胶囊: tacrolimus}
    conditions: {狼疮肾炎: lupus_nephritis}
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

import yaml

from coordinator.intake.lab_names import COLUMN_ROLES, NOT_NEEDED, fold, name_keys
from coordinator.problems import Problem
from coordinator.records.vocabulary import normalise_unit, vocabulary
from coordinator.resource_files import SAFE_LOADER

SECTIONS = ("tests", "units", "columns", "drugs", "conditions")
DEFAULT_SOURCE = "lis"


@dataclass(frozen=True)
class SiteMapping:
    source: str = DEFAULT_SOURCE
    tests: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    drugs: dict[str, str] = field(default_factory=dict)
    conditions: dict[str, str] = field(default_factory=dict)

    # -- lookups (keys folded as the vocabulary's names are) -------------------------------------
    def test(self, *names: str) -> str | None:
        """The code (or `ignore`) the site gave the first of `names` it knows."""
        return _lookup(self._folded["tests"], names)

    def unit(self, spelled: str) -> str | None:
        return self._folded["units"].get(normalise_unit(spelled))

    def column_role(self, heading: str) -> str | None:
        return _lookup(self._folded["columns"], (heading,))

    def drug(self, *names: str) -> str | None:
        return _lookup(self._folded["drugs"], names)

    def condition(self, *names: str) -> str | None:
        return _lookup(self._folded["conditions"], names)

    @cached_property
    def _folded(self) -> dict[str, dict[str, str]]:
        folded = {section: {fold(key): value for key, value in getattr(self, section).items()} for section in SECTIONS}
        folded["units"] = {normalise_unit(alias): unit for alias, unit in self.units.items()}
        return folded

    # -- editing --------------------------------------------------------------------------------
    def adding(self, section: str, name: str, code: str) -> SiteMapping:
        """The mapping with one more entry (replacing one for the same name)."""
        entries = {key: value for key, value in getattr(self, section).items() if fold(key) != fold(name)}
        entries[name.strip()] = code
        return replace(self, **{section: entries})  # type: ignore[arg-type]

    def to_yaml(self) -> str:
        document: dict = {"source": self.source}
        document.update({section: dict(getattr(self, section)) for section in SECTIONS if getattr(self, section)})
        header = (f"# TrialDesk site mapping for the data source '{self.source}': local names -> vocabulary codes\n")
        return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def _lookup(folded: dict[str, str], names) -> str | None:
    if not folded:
        return None
    for name in names:
        for key in name_keys(name) if name else ():
            if key in folded:
                return folded[key]
    return None


def choices(section: str, code: str = "") -> list[str]:
    """The codes an entry of `section` may map to; for a unit, those the test `code` accepts
    (every accepted unit when no test is named)."""
    vocab = vocabulary()
    if section == "tests":
        return [*vocab.observations, NOT_NEEDED]
    if section == "units":
        if code in vocab.observations:
            return list(vocab.observations[code].units)
        return list(dict.fromkeys(unit for definition in vocab.observations.values() for unit in definition.units))
    if section == "columns":
        return list(COLUMN_ROLES)
    if section == "drugs":
        return list(vocab.medications)
    return [*vocab.diagnoses, *vocab.conditions]


def entry_for(section: str, field: str, source_name: str, unit: str) -> tuple[str, str] | None:
    """Where a row that did not map goes in the site mapping, and under which local name:
    (site section, name), or None when a mapping cannot help (a problem with the data)."""
    if field == "unit":
        return ("units", unit.strip()) if unit.strip() else None
    if field != "test":
        return None
    name = source_name.split(" / ")[0].strip()
    name = name.removeprefix("LOINC ").strip()  # the mapper looks the LOINC code up among site names too
    target = {"observations": "tests", "medications": "drugs", "conditions": "conditions",
              "diagnoses": "conditions"}.get(section)
    return (target, name) if target and name and not name.startswith("(") else None


def parse_site_mapping(text: str, source_file: str = "mapping") -> tuple[SiteMapping, list[Problem]]:
    """Read a mapping file; every problem names the file, the section and the entry."""
    try:
        raw = yaml.load(text, Loader=SAFE_LOADER) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        return SiteMapping(), [Problem(f"not valid YAML{where}: {getattr(error, 'problem', error)}",
                                       source=source_file)]
    if not isinstance(raw, dict):
        return SiteMapping(), [Problem("a mapping file is a set of sections (tests, units, columns, drugs, "
                                       "conditions)", source=source_file)]
    problems: list[Problem] = []
    unknown = sorted(set(raw) - set(SECTIONS) - {"source"})
    problems += [Problem(f"unknown section '{name}'; expected: source, {', '.join(SECTIONS)}", name,
                         source=source_file) for name in unknown]
    sections: dict[str, dict[str, str]] = {}
    for section in SECTIONS:
        entries = raw.get(section) or {}
        if not isinstance(entries, dict):
            problems.append(Problem("expected entries of the form 'local name: code'", section, source=source_file))
            continue
        allowed = set(choices(section))
        kept: dict[str, str] = {}
        for name, code in entries.items():
            if str(code) not in allowed:
                problems.append(Problem(f"'{code}' is not a known {section[:-1]} code", f"{section}.{name}",
                                        source=source_file))
            else:
                kept[str(name)] = str(code)
        sections[section] = kept
    source = str(raw.get("source") or DEFAULT_SOURCE)
    return SiteMapping(source, **sections), problems
