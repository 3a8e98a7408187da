"""Which encoding a text export is in, decided from its bytes and never guessed: a byte-order
mark (UTF-8, UTF-16), else strict UTF-8, else GB18030 (which contains GBK and GB2312, as Chinese
Windows and most LIS write). Anything else is refused with a message that says so."""

from __future__ import annotations

import codecs
import io
from typing import BinaryIO

SAMPLE = 1 << 16
ENCODING_NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16", "gb18030": "GBK/GB18030"}


class WrongEncoding(ValueError):
    pass


def _decodes(sample: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=False)  # a cut character is fine
        return True
    except UnicodeDecodeError:
        return False


def detect_encoding(sample: bytes, wanted: str | None = None) -> str:
    if wanted:
        try:
            codecs.lookup(wanted)
        except LookupError:
            raise WrongEncoding(f"unknown encoding '{wanted}'") from None
        return wanted
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        raise WrongEncoding("the file holds binary data or UTF-16 without a byte-order mark; save it as "
                            "UTF-8 or GBK text (CSV)")
    for encoding in ("utf-8", "gb18030"):
        if _decodes(sample, encoding):
            return encoding
    raise WrongEncoding("the file is neither UTF-8 nor GBK/GB18030 text; save it as CSV (UTF-8) and import it again")


def open_text(stream: BinaryIO, wanted: str | None = None) -> tuple[io.TextIOWrapper, str]:
    """A text stream over `stream` in its encoding (strict: a bad byte later on raises
    UnicodeDecodeError, which the reader reports with its row)."""
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[type-var]
    encoding = detect_encoding(buffered.peek(SAMPLE)[:SAMPLE], wanted)
    return io.TextIOWrapper(buffered, encoding=encoding, errors="strict", newline=""), encoding
