"""The small JSON files TrialDesk writes beside its data (a backup's manifest, a registry's key
file): an object naming its format and version, read back with a clear refusal otherwise."""

from __future__ import annotations

import json
from typing import Any


def read_versioned(text: str, source: str, file_format: str, version: int, what: str,
                   error: type[Exception]) -> dict[str, Any]:
    """The object in `text` if it is `file_format` at `version`; else `error` naming `source` and why."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as problem:
        raise error(f"{source}: not JSON ({problem.msg}, line {problem.lineno})") from None
    if not isinstance(raw, dict) or raw.get("format") != file_format:
        raise error(f"{source}: not a TrialDesk {what}")
    if raw.get("version") != version:
        raise error(f"{source}: {what} version {raw.get('version')!r} is not one this TrialDesk reads")
    return raw
