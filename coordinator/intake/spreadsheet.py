"""Laboratory exports as tables, one row per result: CSV (any of the encodings hospitals
write) and Excel (.xlsx, and .xls as older LIS write it, both through calamine). The heading row
is found among the first rows (exports often start with a title line) by its usual Chinese and
English headings, or by the site mapping's; rows are read one at a time."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from coordinator.intake.incoming import IncomingResult, PatientIds, UnreadableSource
from coordinator.intake.lab_names import LabNames, lab_names
from coordinator.intake.site_mapping import SiteMapping
from coordinator.phrase import Phrase
from coordinator.intake.text_decoding import ENCODING_NAMES, WrongEncoding, open_text

HEADING_SEARCH = 20   # rows looked at for the heading row
DELIMITERS = (",", "\t", ";", "|")
REQUIRED = {"result": "the result", "test": "the test name or code"}


class UnreadableTable(UnreadableSource):
    """The file as a whole cannot be read as a results table (the message says why)."""


class NoHeadingRow(UnreadableTable):
    pass


@dataclass(frozen=True)
class Columns:
    roles: dict[str, int]              # role -> column index
    headings: tuple[str, ...]

    def cell(self, row: Sequence[Any], role: str) -> Any:
        index = self.roles.get(role)
        if index is None or index >= len(row):
            return ""
        value = row[index]
        return "" if value is None else value


def recognise(headings: Sequence[Any], site: SiteMapping, names: LabNames) -> Columns | None:
    """The roles of a heading row, or None when it is not one (no result and test columns)."""
    roles: dict[str, int] = {}
    for index, heading in enumerate(headings):
        text = str(heading or "").strip()
        if not text:
            continue
        role = site.column_role(text) or names.column_role(text)
        if role and role not in roles:
            roles[role] = index
    has_test = any(role in roles for role in ("test_name", "test_code", "loinc"))
    if "result" not in roles or not has_test:
        return None
    return Columns(roles, tuple(str(h or "").strip() for h in headings))


def _text(value: Any) -> str:
    """A cell as text: spreadsheets store record numbers as numbers (123456.0 -> "123456")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value not in (None, "") else ""


def _moment(columns: Columns, row: Sequence[Any]) -> Any:
    for role in ("sampled", "reported"):
        value = columns.cell(row, role)
        if isinstance(value, (dt.datetime, dt.date)):
            return value
        if text := _text(value):
            return text
    return ""


def result_of(columns: Columns, row: Sequence[Any], where: str) -> IncomingResult | None:
    """The result in one data row; None for a row that holds none (blank, a footer line)."""
    cell = columns.cell
    test_name, test_code, loinc = _text(cell(row, "test_name")), _text(cell(row, "test_code")), _text(cell(row, "loinc"))
    result = cell(row, "result")
    result = result if isinstance(result, (int, float)) and not isinstance(result, bool) else _text(result)
    if not (test_name or test_code or loinc) and result == "":
        return None
    return IncomingResult(
        where=where,
        patient=PatientIds(_text(cell(row, "record_no")), _text(cell(row, "registry_no")), _text(cell(row, "name"))),
        test_name=test_name, test_code=test_code, loinc=loinc, result=result,
        unit=_text(cell(row, "unit")), reference_range=_text(cell(row, "reference_range")),
        flag=_text(cell(row, "flag")), taken=_moment(columns, row), status=_text(cell(row, "status")),
    )


def _missing_columns(columns: Columns) -> list[str]:
    missing = []
    if not {"record_no", "registry_no"} & columns.roles.keys():
        missing.append("the patient's record number (病历号, 住院号, 门诊号, ID号) or registry number")
    if not {"sampled", "reported"} & columns.roles.keys():
        missing.append("the sample or report time (采样时间, 报告时间)")
    return missing


class TableReader:
    """Rows of one export; `encoding` and `columns` are known once reading has begun."""

    def __init__(self, site: SiteMapping | None = None, names: LabNames | None = None):
        self.site = site or SiteMapping()
        self.names = names or lab_names()
        self.encoding = ""
        self.columns: Columns | None = None

    def _results(self, rows: Iterator[tuple[int, Sequence[Any]]], place: str = "") -> Iterator[IncomingResult]:
        looked_at: list[Sequence[Any]] = []
        for number, row in rows:
            if self.columns is None:
                self.columns = recognise(row, self.site, self.names)
                if self.columns is None:
                    looked_at.append(row)
                    if len(looked_at) >= HEADING_SEARCH:
                        break
                    continue
                missing = _missing_columns(self.columns)
                if missing:
                    raise UnreadableTable(f"{place}row {number}: no column for {' or '.join(missing)}; headings: "
                                          f"{', '.join(h for h in self.columns.headings if h)} (a site mapping can name "
                                          "the column)")
                continue
            result = result_of(self.columns, row, Phrase("{place}row {number}", place=place, number=number))
            if result is not None:
                yield result
        if self.columns is None:
            hint = (" Is the file in another encoding than GBK?" if self.encoding == "gb18030" else "")
            first = next((r for r in looked_at if any(_text(c) for c in r)), ())
            raise NoHeadingRow(f"{place}no heading row found in the first {HEADING_SEARCH} rows: expected headings such "
                                  f"as 病历号, 项目名称, 结果, 单位, 参考范围, 采样时间 (first row: "
                                  f"{', '.join(_text(c) for c in first)[:200] or 'empty'}).{hint}")

    def csv_results(self, stream: BinaryIO, encoding: str | None = None) -> Iterator[IncomingResult]:
        try:
            text, self.encoding = open_text(stream, encoding)
        except WrongEncoding as error:
            raise UnreadableTable(str(error)) from None
        first = text.readline()
        delimiter = max(DELIMITERS, key=first.count)

        def rows() -> Iterator[tuple[int, list[str]]]:
            number = 0
            try:
                for number, row in enumerate(csv.reader([first], delimiter=delimiter), start=1):
                    yield number, row
                reader = csv.reader(text, delimiter=delimiter)
                for row in reader:
                    number = reader.line_num + 1
                    yield number, row
            except UnicodeDecodeError:
                name = ENCODING_NAMES.get(self.encoding, self.encoding)
                raise UnreadableTable(f"after row {number}: the file is not valid {name} text from there on "
                                      "(mixed encodings?); save it again as one encoding") from None
            except csv.Error as error:
                raise UnreadableTable(f"row {number + 1}: {error}") from None

        yield from self._results(rows())

    def excel_results(self, stream: BinaryIO) -> Iterator[IncomingResult]:
        from python_calamine import CalamineError, CalamineWorkbook  # only when a workbook is read

        try:
            book = CalamineWorkbook.from_filelike(stream)
        except (CalamineError, ValueError, OSError) as error:
            raise UnreadableTable(f"not a readable Excel workbook: {error}") from None
        first_refusal: UnreadableTable | None = None
        read_one = False
        sheet_names = book.sheet_names
        for index, sheet_name in enumerate(sheet_names):
            self.columns = None
            rows = enumerate(book.get_sheet_by_index(index).iter_rows(), start=1)
            try:
                yield from self._results(rows, Phrase("sheet {sheet}, ", sheet=sheet_name) if len(sheet_names) > 1 else "")
                read_one = True
            except NoHeadingRow as refusal:  # a sheet of notes or totals beside the results
                first_refusal = first_refusal or refusal
        if not read_one and first_refusal is not None:
            raise first_refusal
