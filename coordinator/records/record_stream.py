"""Reading a record file patient by patient, so that a file of any size is checked and imported
with bounded memory.

The patients are built by ijson's C parser one at a time and checked as `parse_records` and the
clinical validation check them (structure, registry numbers repeated in the file, plausible
values), each problem naming the file, patient and field. The envelope (format, version, no
other keys) is checked from the part of the file before the patients list and from its end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

import ijson
from pydantic import ValidationError

from coordinator.problems import Problem
from coordinator.records.nesting import NestedTooDeep, NestingGuard
from coordinator.records.record import FORMAT_NAME, FORMAT_VERSION, Patient
from coordinator.records.record_io import structure_problem, with_derived_initials
from coordinator.records.validation import validate_patient

BOM = b"\xef\xbb\xbf"
TAIL = 4096
# After its patients list a record file ends: "]" then "}" (spaces between). Anything else there
# is another key, which the whole-file check looks at.
PLAIN_END = re.compile(rb"\]\s*\}\s*$")
ENVELOPE = {"format": FORMAT_NAME, "version": FORMAT_VERSION}


class RecordStream:
    """The patients of one record file, sound ones only, with every problem found in
    `problems`. `today` dates the clinical checks (e.g. nothing in the future)."""

    def __init__(self, stream: IO[bytes], source: str = "", today=None):
        self.stream = stream
        self.source = source
        self.today = today
        self.problems: list[Problem] = []
        self.read = 0  # patients read, sound or not
        self._seen: dict[str, int] = {}

    def problem(self, message: str, field: str = "", patient: str = "") -> None:
        self.problems.append(Problem(message, field, patient, self.source))

    # -- the patients -----------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Patient]:
        start = self.stream.tell()
        head = self.stream.read(len(BOM))
        if head != BOM:
            self.stream.seek(start)
        body = self.stream.tell()
        if not self._envelope_before_patients():
            return
        self.stream.seek(body)
        counted = NestingGuard(self.stream)
        try:
            for raw in ijson.items(counted, "patients.item", use_float=True):
                patient = self._checked(raw)
                if patient is not None:
                    yield patient
        except (ijson.JSONError, NestedTooDeep) as error:
            self._syntax_problem(error, counted.position)
            return
        self._repeated_numbers()
        self._envelope_after_patients(body)

    def batches(self, size: int) -> Iterator[list[Patient]]:
        batch: list[Patient] = []
        for patient in self:
            batch.append(patient)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _checked(self, raw: Any) -> Patient | None:
        self.read += 1
        label = _label(raw, self.read)
        try:
            patient = with_derived_initials(Patient.model_validate(raw))
        except ValidationError as error:
            self.problems.extend(_structure_problems(error, label, self.source))
            return None
        count = self._seen.get(patient.registry_no, 0) + 1
        self._seen[patient.registry_no] = count
        if count > 1:
            return None  # reported once, with its count, when the file has been read
        clinical = validate_patient(patient, self.today)
        if clinical:
            self.problems.extend(problem.located(source=self.source) for problem in clinical)
            return None
        return patient

    def _repeated_numbers(self) -> None:
        for registry_no, count in sorted(self._seen.items()):
            if count > 1:
                self.problem(f"registry number appears {count} times in the file", "registry_no", registry_no)

    # -- the envelope -----------------------------------------------------------------------------
    def _envelope_before_patients(self) -> bool:
        """Check the top-level object up to its patients list (a few events: the list itself is
        left to the fast parser). False when the file cannot be read as a record file at all."""
        counted = NestingGuard(self.stream)
        events = ijson.parse(counted)
        try:
            prefix, event, _ = next(events)
            if event != "start_map":
                self.problem("a record file is a JSON object with a 'patients' list")
                return False
            for prefix, event, value in events:
                if prefix == "" and event == "map_key" and value == "patients":
                    if next(events)[1] == "start_array":
                        return True
                    self.problem("Input should be a valid list", "patients")
                    return False
                if prefix == "" and event == "end_map":
                    self.problem("Field required", "patients")
                    return False
                if prefix in ENVELOPE and event not in ("start_map", "start_array"):
                    self._envelope_value(prefix, value)
                elif prefix == "" and event == "map_key" and value not in ENVELOPE:
                    self.problem("Extra inputs are not permitted", value)
        except (ijson.JSONError, NestedTooDeep) as error:
            self._syntax_problem(error, counted.position)
        return False

    def _envelope_after_patients(self, body: int) -> None:
        """Keys after the patients list are rare (TrialDesk writes them first); only when the
        file does not end right after the list is the whole file read again for them."""
        self.stream.seek(0, 2)
        end = self.stream.tell()
        self.stream.seek(max(body, end - TAIL))
        if PLAIN_END.search(self.stream.read()):
            return
        self.stream.seek(body)
        after = False
        for prefix, event, value in ijson.parse(NestingGuard(self.stream)):
            if prefix == "" and event == "map_key":
                after = after or value == "patients"
                if after and value == "patients":
                    continue
                if after and value not in ENVELOPE:
                    self.problem("Extra inputs are not permitted", value)
            elif after and prefix in ENVELOPE and event not in ("start_map", "start_array"):
                self._envelope_value(prefix, value)

    def _envelope_value(self, key: str, value: Any) -> None:
        if value != ENVELOPE[key] or isinstance(value, bool):
            self.problem(f"Input should be {ENVELOPE[key]!r} (got {value!r})", key)

    def _syntax_problem(self, error: Exception, position: int) -> None:
        if isinstance(error, NestedTooDeep):
            self.problem(f"{error} (within the first {position:,} bytes)")
            return
        first = str(error).strip().splitlines()[0] if str(error).strip() else "not valid JSON"
        first = first.removeprefix("b'").removeprefix('b"')
        if "UTF8" in first:
            self.problem("the file is not UTF-8 text; save it as UTF-8 and import it again")
        else:
            self.problem(f"not valid JSON: {first} (within the first {position:,} bytes)")


def _label(raw: Any, number: int) -> str:
    registry_no = raw.get("registry_no") if isinstance(raw, dict) else None
    return str(registry_no) if isinstance(registry_no, str) and registry_no else f"#{number}"


def _structure_problems(error: ValidationError, patient: str, source: str) -> list[Problem]:
    return [structure_problem(detail, tuple(detail["loc"]), patient, source)
            for detail in error.errors(include_url=False)]
