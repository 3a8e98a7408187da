"""A guard against JSON nested absurdly deep, read before a streaming parser sees the bytes.

ijson keeps the path to every value it reads, so a file of 100,000 nested brackets needs memory
quadratic in its depth (tens of gigabytes) before the parser reports anything. No record,
bundle or message is more than a few dozen levels deep; `NestingGuard` refuses more than
`limit` as the bytes are read, at C speed: strings are cut out, the brackets kept, and matched
pairs removed innermost first, a round per level. Brackets still open from earlier chunks are
counted as enclosing the whole chunk, so depth is overestimated by at most that many: anything
up to half the limit always passes, anything beyond it never does.
"""

from __future__ import annotations

from typing import IO

LIMIT = 64
BRACKETS = bytes.maketrans(b"[{]}", b"(())")
OTHER_BYTES = bytes(set(range(256)) - set(b'[]{}"'))


class NestedTooDeep(ValueError):
    def __init__(self, limit: int):
        super().__init__(f"the data are nested more than {limit} levels deep")


class NestingGuard:
    """A binary file whose `read` raises NestedTooDeep once its JSON is nested beyond `limit`."""

    def __init__(self, stream: IO[bytes], limit: int = LIMIT):
        self.stream = stream
        self.limit = limit
        self.position = 0  # bytes read so far (to say where a syntax error is)
        self._open = b""       # the brackets still open, as "("
        self._partial = b""    # '"' when the last chunk ended inside a string
        self._backslash = b""  # a backslash the last chunk ended with (what it escapes comes next)

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.position += len(data)
        self._check(data)
        return data

    def _check(self, data: bytes) -> None:
        data = self._backslash + data
        odd = (len(data) - len(data.rstrip(b"\\"))) % 2
        self._backslash, data = (b"\\", data[:-1]) if odd else (b"", data)  # its pair is in the next chunk
        # Escaped backslashes and quotes go, then everything but quotes and brackets, at memory
        # speed; then what lies between quotes (every other piece), so only real brackets are left.
        if b"\\" in data:
            data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
        # Two quotes side by side enclose nothing (an empty string, or the gap between two): gone.
        kept = data.translate(None, OTHER_BYTES).replace(b'""', b"")
        pieces = (self._partial + kept).split(b'"')
        self._partial = b'"' if len(pieces) % 2 == 0 else b""  # an odd number of quotes: inside a string
        text = b"".join(pieces[0::2])
        carried = len(self._open)
        brackets = self._open + text.translate(BRACKETS)
        rounds = 0
        while b"()" in brackets:
            # A pair reduced in round r lies at most `carried` + r levels deep.
            rounds += 1
            if carried + rounds > self.limit:
                raise NestedTooDeep(self.limit)
            brackets = brackets.replace(b"()", b"")
        self._open = brackets.lstrip(b")")  # closing more than is open is the parser's error to report
        if len(self._open) > self.limit:
            raise NestedTooDeep(self.limit)
