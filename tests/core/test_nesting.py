"""The nesting guard counts real brackets only (not those inside strings, escaped quotes and all),
across chunk boundaries, and refuses the first level beyond its limit."""

from __future__ import annotations

import io
import json
import random

import pytest

from coordinator.records.nesting import NestedTooDeep, NestingGuard


def _read_all(data: bytes, chunk: int, limit: int = 8) -> bytes:
    guard = NestingGuard(io.BytesIO(data), limit)
    read = b""
    while piece := guard.read(chunk):
        read += piece
    return read


def _nested(depth: int) -> bytes:
    return b'{"a": ' * (depth - 1) + b"[1]" + b"}" * (depth - 1)


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 10_000])
def test_depth_up_to_half_the_limit_passes_and_beyond_the_limit_is_refused(chunk):
    assert _read_all(_nested(4), chunk) == _nested(4)  # the bytes pass through unchanged
    with pytest.raises(NestedTooDeep, match="more than 8 levels"):
        _read_all(_nested(9), chunk)


@pytest.mark.parametrize("chunk", [1, 2, 5, 10_000])
def test_brackets_inside_strings_do_not_count(chunk):
    tricky = b'{"note": "[[[[[[[[[[ {{{{{{{{{ \\" [[[[[[[[[ \\\\", "b": ["]]]]]]]]]]]]"]}'
    assert _read_all(tricky * 50, chunk) == tricky * 50


@pytest.mark.parametrize("chunk", [1, 4, 10_000])
def test_closing_brackets_in_strings_cannot_hide_depth(chunk):
    hidden = b'["' + b"]" * 100 + b'", ' + b"[" * 20 + b"]" * 20 + b"]"
    with pytest.raises(NestedTooDeep):
        _read_all(hidden, chunk)


def test_many_shallow_values_in_a_row_pass():
    assert len(_read_all(b"[" + b'{"a": [1, {"b": 2}]}, ' * 10_000 + b"{}]", 4096)) > 100_000


def _random_document(rng: random.Random, depth: int):
    """A JSON value exactly `depth` levels deep, its strings full of brackets, quotes and escapes."""
    text = "".join(rng.choice('[]{}"\\/n\t x') for _ in range(rng.randint(0, 12)))
    if depth == 0:
        return text
    inner = _random_document(rng, depth - 1)
    return {text: inner, "k": text} if rng.random() < 0.5 else [text, inner, text]


@pytest.mark.parametrize("seed", range(40))
def test_random_documents_are_judged_by_their_real_depth(seed):
    rng = random.Random(seed)
    shallow = json.dumps(_random_document(rng, 4)).encode()
    deep = json.dumps(_random_document(rng, 9)).encode()
    chunk = rng.choice([1, 2, 3, 5, 8, 13, 64])
    assert _read_all(shallow, chunk) == shallow
    with pytest.raises(NestedTooDeep):
        _read_all(deep, chunk)
