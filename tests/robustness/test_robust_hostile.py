"""Hostile files are refused or handled within 5 s and 500 MB: each is loaded in a child process with
RLIMIT_AS = 500 MB and 5 s of CPU time (see bounded.py); exceeding either kills the child and fails the case.

The whole outcome is compared: the diagnostics (file name as ``{f}``) and the number of objects loaded.
The 200 MB file is in the slow suite (written for real to a temporary directory, deleted afterwards).
"""

from __future__ import annotations

import os
import random

import pytest

from tests.robustness.bounded import load_bounded


def _laughs(levels: int, width: int = 10) -> bytes:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return ("\n".join(lines) + "\n").encode()


def _merge_bomb(levels: int) -> bytes:
    lines = ["m0: &m0 {" + ", ".join(f"k{j}: lol" for j in range(10)) + "}"]
    lines += [f"m{i}: &m{i} {{" + ", ".join(f"k{j}: *m{i - 1}" for j in range(10)) + "}" for i in range(1, levels)]
    return ("\n".join(lines) + "\n").encode()


def _object_with(data_line: bytes) -> bytes:
    return b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n" + data_line + b"\n"


def _small_in_object_bomb() -> bytes:
    """50 x 50 x 50 = 125,000 leaves through 2,551 collections: far under the limit, loads."""
    return _object_with(b"data: &a [" + b",".join([b"x"] * 50) + b"]\n"
                        + b"x: &b [" + b",".join([b"*a"] * 50) + b"]\n"
                        + b"y: &c [" + b",".join([b"*b"] * 50) + b"]")


def _wide_leaf_bomb() -> bytes:
    """100 kB that expands to 400 million scalars: one list of 20,000 scalars aliased 20,000 times."""
    return b"a: &a [" + b",".join([b"x"] * 20000) + b"]\nb: [" + b",".join([b"*a"] * 20000) + b"]\n"


ALIAS_BOMB = "{f}:1: document 0: YAML aliases expand to more than 1,000,000 extra nodes (an alias bomb?); refused"
RECURSIVE = "{f}:1: document 0: a YAML alias refers to a collection that contains it (recursive alias); refused"
FLOW_DEPTH = "{f}:1: document 0: exceeded maximum nesting depth (while increasing flow level)"
NOT_TEXT = "{f}: not a text file (it contains NUL bytes); expected YAML or JSON"


def _not_allowed(tag: str, line: int = 5) -> str:
    return f"{{f}}:{line}: document 0: YAML tag {tag!r} is not allowed: only plain YAML data is accepted"


HOSTILE = {  # name: (file content, expected diagnostics, objects loaded)
    # alias bombs ("billion laughs") and recursive aliases
    "billion-laughs-sequences": (lambda: _laughs(9), [ALIAS_BOMB], 0),
    "billion-laughs-wide": (lambda: _laughs(4, width=100), [ALIAS_BOMB], 0),
    "merge-key-bomb": (lambda: _merge_bomb(9), [ALIAS_BOMB], 0),
    "wide-leaf-alias-bomb": (_wide_leaf_bomb, [ALIAS_BOMB], 0),
    "small-aliases-in-an-object-load": (_small_in_object_bomb, [], 1),
    "recursive-alias-sequence": (lambda: b"apiVersion: v1\nkind: List\nitems: &x [*x]\n", [RECURSIVE], 0),
    "recursive-alias-mapping": (lambda: b"apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: x\n  self: *m\n",
                                [RECURSIVE], 0),
    "recursive-alias-deep": (lambda: b"a: &x\n  b:\n    c:\n      - d: *x\n", [RECURSIVE], 0),
    "recursive-alias-merge-key": (lambda: b"a: &x\n  <<: *x\n",
                                  ["{f}:1: document 0: not a Kubernetes object: apiVersion and kind are missing"], 0),
    # nesting 10,000 levels deep
    "nesting-10000-flow-sequences": (lambda: b"[" * 10000 + b"]" * 10000, [FLOW_DEPTH], 0),
    "nesting-10000-flow-mappings": (lambda: b"{a: " * 10000 + b"1" + b"}" * 10000, [FLOW_DEPTH], 0),
    "nesting-10000-block-sequences": (lambda: b"- " * 10000 + b"x\n", [
        "{f}:1: document 0: exceeded maximum nesting depth (while increasing block level)"], 0),
    "nesting-10000-json-arrays": (lambda: b"[" * 10000 + b"1" + b"]" * 10000, [FLOW_DEPTH], 0),
    "nesting-10000-json-objects": (lambda: b'{"a": ' * 10000 + b"1" + b"}" * 10000, [FLOW_DEPTH], 0),
    "nesting-100000-json-unclosed": (lambda: b"[" * 100000, [FLOW_DEPTH], 0),
    "nesting-10000-inside-an-object": (lambda: _object_with(b"data: " + b"[" * 10000 + b"]" * 10000),
                                       [FLOW_DEPTH.replace(":1:", ":5:")], 0),
    # binary garbage, non-UTF-8 text
    "binary-garbage": (lambda: random.Random(1).randbytes(1 << 20), [NOT_TEXT], 0),
    "binary-garbage-without-nul": (lambda: bytes(b or 1 for b in random.Random(2).randbytes(1 << 20)), [
        "{f}:1: not UTF-8 text: byte 0xa9 at offset 1 (save the file as UTF-8)"], 0),
    "elf-header": (lambda: b"\x7fELF\x02\x01\x01" + bytes(64), [NOT_TEXT], 0),
    "latin-1-text": (lambda: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: se\u00f1al\n".encode("latin-1"), [
        "{f}:4: not UTF-8 text: byte 0xf1 at offset 51 (save the file as UTF-8)"], 0),
    "utf-16-without-bom": (lambda: "apiVersion: v1\nkind: Namespace\n".encode("utf-16-le"), [NOT_TEXT], 0),
    "utf-16-bom-odd-length": (lambda: b"\xff\xfea\x00b\x00c", [
        "{f}: not valid UTF-16 text (truncated data at byte 6)"], 0),
    "lone-surrogate-escape": (lambda: _object_with(b'data: {k: "\\ud800"}'), [
        "{f}:5: document 0: found invalid Unicode character escape code (while parsing a quoted scalar)"], 0),
    # a 1 MB single line
    "one-megabyte-plain-scalar": (lambda: _object_with(b"data: {k: " + b"x" * 1_000_000 + b"}"), [], 1),
    "one-megabyte-json-line": (lambda: b'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "big"}, '
                                       b'"data": {"k": "' + b"y" * 1_000_000 + b'"}}', [], 1),
    "one-megabyte-flow-sequence": (lambda: _object_with(b"data: {k: v}\nextra: [" + b"1," * 500_000 + b"1]"), [], 1),
    "one-megabyte-key": (lambda: _object_with(b"data: {" + b"k" * 1_000_000 + b": v}"), [
        "{f}:5: document 0: did not find expected ',' or '}' (while parsing a flow mapping)"], 0),
    "one-megabyte-without-newline": (lambda: b"z" * 1_000_000, [
        "{f}:1: document 0: must be a Kubernetes object (a mapping with apiVersion and kind), got a string"], 0),
    # a YAML tag that would construct a Python object
    "python-object-apply": (lambda: _object_with(b"data: !!python/object/apply:os.system [touch /tmp/pwned]"),
                            [_not_allowed("!!python/object/apply:os.system")], 0),
    "python-object-new": (lambda: _object_with(b"data: !!python/object/new:os.system [id]"),
                          [_not_allowed("!!python/object/new:os.system")], 0),
    "python-name": (lambda: _object_with(b"data: !!python/name:os.system"), [_not_allowed("!!python/name:os.system")],
                    0),
    "python-module": (lambda: _object_with(b"data: !!python/module:os"), [_not_allowed("!!python/module:os")], 0),
    "python-tag-on-a-key": (lambda: _object_with(b"data: {? !!python/tuple [a, b] : c}"),
                            [_not_allowed("!!python/tuple")], 0),
    "python-tag-in-json": (lambda: b'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, '
                                   b'"data": !!python/object/apply:os.system ["id"]}',
                           [_not_allowed("!!python/object/apply:os.system", line=1)], 0),
    "binary-tag": (lambda: _object_with(b"data: !!binary aGVsbG8="), [_not_allowed("!!binary")], 0),
    "local-tag": (lambda: _object_with(b"data: !Ref x"), [_not_allowed("!Ref")], 0),
}


@pytest.mark.parametrize("make,diagnostics,objects", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_file_is_refused_or_handled_within_5s_and_500mb(tmp_path, make, diagnostics, objects, figures):
    path = tmp_path / "hostile.yaml"
    path.write_bytes(make())
    outcome = load_bounded(path)
    figures.record(bytes=path.stat().st_size, cpu_seconds=outcome.get("cpu_seconds"), seconds=outcome.get("seconds"),
                   peak_mb=outcome.get("peak_mb"))
    assert (outcome.get("diagnostics"), outcome.get("objects")) == (diagnostics, objects), outcome


def _write_200mb(path) -> int:
    """A real (not sparse) 200 MB file of valid ConfigMaps."""
    doc = b"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%09d\ndata:\n  k: " + b"v" * 900 + b"\n"
    chunk = b"".join(doc % i for i in range(1000))
    with open(path, "wb") as f:
        while f.tell() < 200 * 1000 * 1000:
            f.write(chunk)
    return os.path.getsize(path)


@pytest.mark.slow
def test_200mb_file_is_refused_within_5s_and_500mb(tmp_path, figures):
    path = tmp_path / "huge.yaml"
    try:
        size = _write_200mb(path)
        outcome = load_bounded(path)
    finally:
        path.unlink(missing_ok=True)
    figures.record(bytes=size, cpu_seconds=outcome.get("cpu_seconds"), seconds=outcome.get("seconds"),
                   peak_mb=outcome.get("peak_mb"))
    assert (outcome.get("diagnostics"), outcome.get("objects")) == (
        [f"{{f}}: file too large: {size:,} bytes, the limit is 167,772,160 bytes "
         f"(set K8S_EXPLORER_MAX_FILE_MB to raise it)"], 0), outcome
