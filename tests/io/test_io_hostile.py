"""Hostile files are refused (or handled) in bounded time and memory, with one clean diagnostic.

Each case runs ``load_topology`` in a child process with a memory rlimit and a timeout, so a regression
fails the test instead of taking the machine down. The bounds are safety nets, not timing assertions.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from explorer.io import Limits, load_topology

MEMORY_LIMIT = 500 * 1024 * 1024  # address space of the child: issue 7 allows 500 MB
TIMEOUT = 60

CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({mem}, {mem}))
from explorer.io import load_topology
result = load_topology(sys.argv[1])
print(json.dumps([[str(d) for d in result.diagnostics], len(result.cluster)]))
"""


def _load_in_child(path) -> list:
    proc = subprocess.run([sys.executable, "-c", CHILD.format(mem=MEMORY_LIMIT), str(path)], capture_output=True,
                          text=True, timeout=TIMEOUT)
    assert (proc.returncode, proc.stderr) == (0, "")
    return json.loads(proc.stdout)


def _bomb(levels: int) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


HOSTILE = {
    "billion-laughs": (
        _bomb(9).encode(),
        ["{f}:1: document 0: YAML aliases expand to more than 1,000,000 extra nodes (an alias bomb?); refused"]),
    "wide-leaf-alias-bomb": (
        b"a: &a [" + b",".join([b"x"] * 20000) + b"]\nb: [" + b",".join([b"*a"] * 20000) + b"]\n",
        ["{f}:1: document 0: YAML aliases expand to more than 1,000,000 extra nodes (an alias bomb?); refused"]),
    "small-aliases-load": (
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: &a [" + b",".join([b"x"] * 50)
        + b"]\nx: &b [" + b",".join([b"*a"] * 50) + b"]\ny: &c [" + b",".join([b"*b"] * 50) + b"]\n",
        []),
    "recursive-alias-sequence": (
        b"apiVersion: v1\nkind: List\nitems: &x [*x]\n",
        ["{f}:1: document 0: a YAML alias refers to a collection that contains it (recursive alias); refused"]),
    "nesting-10000-deep-flow": (
        b"[" * 10000 + b"]" * 10000,
        ["{f}:1: document 0: exceeded maximum nesting depth (while increasing flow level)"]),
    "nesting-10000-deep-block": (
        b"".join(b"- " for _ in range(10000)) + b"x\n",
        ["{f}:1: document 0: exceeded maximum nesting depth (while increasing block level)"]),
    "nesting-500-deep-mappings": (
        b"".join(b"{a: " for _ in range(500)) + b"1" + b"}" * 500,
        ["{f}:1: document 0: nesting deeper than 200 levels; refused"]),
    "binary-garbage": (
        random.Random(7).randbytes(65536),
        ["{f}: not a text file (it contains NUL bytes); expected YAML or JSON"]),
    "garbage-without-nul": (
        bytes(b or 1 for b in random.Random(8).randbytes(4096)),
        ["{f}:1: not UTF-8 text: byte 0xe5 at offset 4 (save the file as UTF-8)"]),
    "non-utf8-latin1": (
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: caf\u00e9\n".encode("latin-1"),
        ["{f}:4: not UTF-8 text: byte 0xe9 at offset 52 (save the file as UTF-8)"]),
    "one-megabyte-single-line": (
        b'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "big"}, "data": {"k": "'
        + b"x" * 1_000_000 + b'"}}',
        []),
    "python-object-tag": (
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: !!python/object/apply:os.system [id]\n",
        ["{f}:5: document 0: YAML tag '!!python/object/apply:os.system' is not allowed: only plain YAML data is "
         "accepted"]),
    "control-characters": (
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \x07bell\n",
        ["{f}:4: document 0: not valid text: control characters are not allowed (character #x0007)"]),
}


@pytest.mark.parametrize("data,expected", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_file_is_refused_in_a_bounded_child(tmp_path, data, expected):
    path = tmp_path / "hostile.yaml"
    path.write_bytes(data)
    diagnostics, _ = _load_in_child(path)
    assert diagnostics == [e.format(f=path) for e in expected]


def test_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as f:  # sparse: 200 MB on paper, nothing written to disk
        f.truncate(200 * 1000 * 1000)
    assert _load_in_child(path) == [[f"{path}: file too large: 200,000,000 bytes, the limit is 167,772,160 bytes "
                                     f"(set K8S_EXPLORER_MAX_FILE_MB to raise it)"], 0]


SIZE_CASES = {
    "over-a-small-configured-limit": (1000, ["{f}: file too large: 1,800 bytes, the limit is 1,000 bytes (set "
                                             "K8S_EXPLORER_MAX_FILE_MB to raise it)"], 0),
    "under-the-limit": (4000, [], 30),
}


@pytest.mark.parametrize("limit,expected,objects", SIZE_CASES.values(), ids=SIZE_CASES.keys())
def test_size_limit_is_configurable(tmp_path, limit, expected, objects):
    path = tmp_path / "t.yaml"
    path.write_text("".join(f"---\napiVersion: v1\nkind: Namespace\nmetadata: {{name: ns-{i:03}}}\n"
                            for i in range(30)))
    result = load_topology(path, Limits(max_bytes=limit))
    assert ([str(d) for d in result.diagnostics], len(result.cluster)) == ([e.format(f=path) for e in expected],
                                                                           objects)


def test_unreadable_inputs_are_one_line_errors(tmp_path):
    missing = tmp_path / "missing.yaml"
    assert [str(d) for d in load_topology(missing).diagnostics] == [
        f"{missing}: cannot read: No such file or directory"]
    assert [str(d) for d in load_topology(tmp_path).diagnostics] == [f"{tmp_path}: cannot read: is a directory"]
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.yaml"
        locked.write_text("a: b\n")
        locked.chmod(0)
        assert [str(d) for d in load_topology(locked).diagnostics] == [f"{locked}: cannot read: Permission denied"]


ENV_LIMITS = {
    "unset": (None, 160 * 1024 * 1024),
    "set-in-mib": ("1", 1024 * 1024),
    "fraction": ("0.5", 512 * 1024),
    "garbage-falls-back-to-default": ("lots", 160 * 1024 * 1024),
    "zero-falls-back-to-default": ("0", 160 * 1024 * 1024),
}


@pytest.mark.parametrize("value,limit", ENV_LIMITS.values(), ids=ENV_LIMITS.keys())
def test_size_limit_from_environment(monkeypatch, value, limit):
    if value is None:
        monkeypatch.delenv("K8S_EXPLORER_MAX_FILE_MB", raising=False)
    else:
        monkeypatch.setenv("K8S_EXPLORER_MAX_FILE_MB", value)
    assert Limits().max_bytes == limit
