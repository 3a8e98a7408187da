"""HL7 v2.x result messages (ORU^R01) read with python-hl7: each OBX of each OBR group is one
result, for the patient of the message's PID. A file may hold one message or a batch; segments
may end in CR (as the standard says) or in LF/CRLF (as files on disk often do)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from coordinator.intake.incoming import IncomingResult, PatientIds, UnreadableSource
from coordinator.intake.text_decoding import WrongEncoding, open_text

SEGMENT_END = re.compile(r"\r\n|\r|\n")
REGISTRY_AUTHORITY = "TRIALDESK"   # PID-3 identifiers assigned by TrialDesk carry this authority


class MalformedMessage(UnreadableSource):
    pass


def split_messages(text: str) -> Iterator[str]:
    """Messages of a file, each with CR between segments; batch and file headers dropped."""
    current: list[str] = []
    for segment in SEGMENT_END.split(text.lstrip("\ufeff\x0b")):
        segment = segment.strip("\x0b\x1c ")
        if not segment or segment[:3] in ("FHS", "BHS", "BTS", "FTS"):
            continue
        if segment.startswith("MSH") and current:
            yield "\r".join(current)
            current = []
        current.append(segment)
    if current:
        yield "\r".join(current)


def _get(segment, field: int, component: int = 1, repetition: int = 1) -> str:
    """A component of a field, "" when the segment does not have it."""
    try:
        if field >= len(segment):
            return ""
        return str(segment.extract_field(1, field, repetition, component)).strip()
    except (IndexError, KeyError, TypeError, ValueError):
        return ""


def _repetitions(segment, field: int) -> int:
    if field >= len(segment):
        return 0
    value = segment[field]
    return len(value) if isinstance(value, list) and value and isinstance(value[0], list) else 1


def _patient(pid) -> PatientIds:
    record_no = registry_no = ""
    for repetition in range(1, _repetitions(pid, 3) + 1):
        identifier = _get(pid, 3, 1, repetition)
        authority, kind = _get(pid, 3, 4, repetition).upper(), _get(pid, 3, 5, repetition).upper()
        if authority == REGISTRY_AUTHORITY:
            registry_no = registry_no or identifier
        elif kind == "MR" or not record_no:  # the medical record number, else the first identifier
            record_no = identifier
    family, given = _get(pid, 5, 1), _get(pid, 5, 2)
    cjk = any("\u4e00" <= ch <= "\u9fff" for ch in family + given)
    name = (family + given) if cjk else " ".join(part for part in (given, family) if part)
    return PatientIds(record_no, registry_no, name)


def _value(obx) -> str:
    kind = _get(obx, 2).upper()
    if kind == "SN":  # structured numeric: comparator ^ number (^ separator ^ number)
        comparator, number = _get(obx, 5, 1), _get(obx, 5, 2)
        separator, second = _get(obx, 5, 3), _get(obx, 5, 4)
        if separator == ":":
            return f"{number}:{second}"
        return f"{comparator}{number}"
    if kind in ("CE", "CWE", "CNE"):
        return _get(obx, 5, 2) or _get(obx, 5, 1)
    if kind in ("ST", "TX", "FT"):  # text keeps its component separators
        return str(obx[5]).strip() if len(obx) > 5 else ""
    return _get(obx, 5, 1)


def _codes(obx) -> tuple[str, str, str]:
    """(name, local code, LOINC) of an OBX-3 coded element, its alternate code included."""
    name = _get(obx, 3, 2) or _get(obx, 3, 5)
    loinc = local = ""
    for code, system in ((_get(obx, 3, 1), _get(obx, 3, 3)), (_get(obx, 3, 4), _get(obx, 3, 6))):
        if not code:
            continue
        if system.upper() in ("LN", "LOINC"):
            loinc = loinc or code
        else:
            local = local or code
    return name, local, loinc


def read_message(text: str, number: int) -> Iterator[IncomingResult]:
    import hl7

    try:
        message = hl7.parse(text)
        kind = _get(message.segment("MSH"), 9, 1) + "^" + _get(message.segment("MSH"), 9, 2)
    except Exception as error:  # python-hl7 raises several kinds for malformed text
        raise MalformedMessage(f"message {number}: not a readable HL7 v2 message ({type(error).__name__}: "
                               f"{error})") from None
    control = _get(message.segment("MSH"), 10)
    label = f"message {number}" + (f" ({control})" if control else "")
    if kind != "ORU^R01":
        raise MalformedMessage(f"{label}: {kind.strip('^') or 'message without a type'} message, not an ORU^R01 "
                               "result message")
    patient: PatientIds | None = None
    obr_time, obr_count, obx_count = "", 0, 0
    for segment in message:
        name = str(segment[0])
        if name == "PID":
            patient = _patient(segment)
        elif name == "OBR":
            obr_count += 1
            obx_count = 0
            obr_time = _get(segment, 7)
        elif name == "OBX":
            obx_count += 1
            if patient is None:
                raise MalformedMessage(f"{label}: OBX {obx_count} comes before any PID segment")
            test_name, local, loinc = _codes(segment)
            units = _get(segment, 6, 1) or _get(segment, 6, 2)
            yield IncomingResult(
                where=f"{label}, OBR {obr_count or 1}, OBX {_get(segment, 1) or obx_count}",
                patient=patient, test_name=test_name, test_code=local, loinc=loinc, result=_value(segment),
                unit=units, reference_range=_get(segment, 7), flag=_get(segment, 8),
                taken=_get(segment, 14) or obr_time, status=_get(segment, 11) or "F",
            )


def hl7_results(stream: BinaryIO, encoding: str | None = None) -> Iterator[IncomingResult]:
    try:
        text, _ = open_text(stream, encoding)
        content = text.read()
    except (WrongEncoding, UnicodeDecodeError) as error:
        raise MalformedMessage(f"the file is not text in one encoding: {error}") from None
    for number, message in enumerate(split_messages(content), start=1):
        if not message.startswith("MSH"):
            raise MalformedMessage(f"message {number}: does not start with an MSH segment "
                                   f"(starts with '{message[:20]}')")
        yield from read_message(message, number)
