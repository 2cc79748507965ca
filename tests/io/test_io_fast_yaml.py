"""The fast reader (explorer.io.fast_yaml) gives exactly what the exact PyYAML path gives, or declines.

Every case loads the same text twice, once as is and once with the fast reader switched off, and compares
whole results: objects (order and key order included), network, layout and located diagnostics.
"""

from __future__ import annotations

import json

import pytest

from conftest import corpus_files
from explorer.io import dump_topology, fast_yaml, load_text, load_topology, parse_child
from explorer.io.safe_yaml import dump_all, dump_all_chunks
from explorer.io.writer import HEADER
from explorer.model import example_cluster, from_dict
from explorer.model.objects import POSITION_ANNOTATION

ODD_STRINGS = [
    "1e3", "1E3", "1.0e3", "-1e3", "1e-3", "1e+3", "1.5e+3", "0e0", "1.", "-0", "00", "0.0", "1_0", "+1", "0x10",
    "0o7", "0b1", "NaN", "Infinity", "true", "True", "yes", "no", "on", "off", "null", "Null", "~", "", "  ",
    "-", "--", "---", "...", "? x", ":", "a: b", "- x", "#x", "x #y", "'", '"', "é", "a\nb", "a\n",
    "\n", "  lead", "trail  ", "@x", "`x", "%x", "|", "|-", ">", "{", "}", "[", "]", ",", "2020-01-01", "12:30",
    "1:2:3", "0755", "08", "1.2.3", "v1", "=", "<<", "12e", "e12", "0x", "1,000", "1 000", "100m", "1Gi",
]


def _pod(name: str, annotations: dict | None = None, extra: dict | None = None) -> dict:
    meta = {"name": name, "namespace": "default"}
    if annotations is not None:
        meta["annotations"] = annotations
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": {"containers": [{"name": "c", "image": "nginx"}], **(extra or {})}}


def _cluster(*raws):
    cluster = example_cluster()
    cluster.add_many([from_dict(r) for r in raws], validate=False)
    return cluster


def _load_both(text: str, monkeypatch):
    """(fast, exact) results of loading ``text``; also says whether the fast reader answered."""
    answered = fast_yaml.documents(text, 200) is not None
    fast = load_text(text, "t.yaml")
    with monkeypatch.context() as m:
        m.setattr(fast_yaml, "ryml", None)
        exact = load_text(text, "t.yaml")
    return answered, fast, exact


def _whole(result) -> tuple:
    objs = [o.raw for o in result.cluster]
    return (json.dumps(objs, ensure_ascii=False), result.cluster.network, dict(result.cluster.layout),
            [str(d) for d in result.diagnostics])


SIGNED_CASES = {
    "example cluster": lambda: dump_topology(example_cluster()),
    "odd strings as values and keys": lambda: dump_topology(_cluster(
        _pod("odd", {f"k{i}": s for i, s in enumerate(ODD_STRINGS)} | {s or "empty": "v" for s in ODD_STRINGS
                                                                         if s.strip() and "\n" not in s}))),
    "numbers, booleans, null, empty collections": lambda: dump_topology(_cluster(
        _pod("values", extra={"priority": 7, "enableServiceLinks": False, "hostname": None,
                              "overhead": {}, "readinessGates": [], "terminationGracePeriodSeconds": 12345678901234567890,
                              "x-float": 1.5, "x-big": 1e20, "x-neg": -0.0}))),
    # orjson reads these as floats: the chunk is decoded by the json module (parse_child.long_digits)
    "integers beyond 64 bits": lambda: dump_topology(_cluster(
        _pod("huge", extra={"x-huge": 123456789012345678901234567890, "x-below": -9223372036854775809,
                            "x-text": "digits 12345678901234567890123 in a string"}))),
    "warnings keep their lines": lambda: dump_topology(_cluster(
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "lonely", "namespace": "default"},
         "spec": {"selector": {"app": "nothing-has-this"}, "ports": [{"port": 80}]}},
        _pod("badpos", {POSITION_ANNOTATION: "nowhere"}))),
}


@pytest.mark.parametrize("make", SIGNED_CASES.values(), ids=SIGNED_CASES.keys())
def test_signed_files_read_fast_and_equal_to_the_exact_path(make, monkeypatch):
    answered, fast, exact = _load_both(make(), monkeypatch)
    assert (answered, _whole(fast)) == (True, _whole(exact))


def _edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


DECLINED_CASES = {
    "no signature": lambda: _edit(dump_topology(example_cluster()), "# sha256 ", "# sha257 "),
    "edited after saving": lambda: _edit(dump_topology(example_cluster()), "replicas: 3", "replicas: 0x3"),
    "signature without header": lambda: dump_topology(example_cluster())[len(HEADER):],
    "anchor and alias": lambda: _resign(dump_topology(example_cluster()) + "---\n" + dump_all(
        [_pod("a", {"x": "y"})])[4:].replace("annotations:", "annotations: &a").replace(
        "  containers:", "  x-copy: *a\n  containers:")),
    "backslash escape": lambda: dump_topology(_cluster(_pod("esc", {"k": "tab\there\x0b"}))),
    "emoji (PyYAML writes it escaped)": lambda: dump_topology(_cluster(_pod("emoji", {"k": "😀"}))),
    "unicode line break": lambda: dump_topology(_cluster(_pod("ls", {"k": "a\u2028b"}))),
    "infinity": lambda: dump_topology(_cluster(_pod("inf", extra={"x-inf": float("inf")}))),
    "nesting deeper than allowed": lambda: dump_topology(_cluster(_pod("deep", extra={"x": _nested(210)}))),
}


def _nested(depth: int):
    value: dict = {"leaf": 1}
    for _ in range(depth):
        value = {"d": value}
    return value


def _resign(text: str) -> str:
    """``text`` with its signature made again for the edited body (as if the writer had produced it)."""
    head, sig, body = text.split("\n", 2)
    return f"{head}\n{fast_yaml.signature(body)}{body}"


@pytest.mark.parametrize("make", DECLINED_CASES.values(), ids=DECLINED_CASES.keys())
def test_the_fast_reader_declines_what_it_might_read_differently(make, monkeypatch):
    answered, fast, exact = _load_both(make(), monkeypatch)
    assert (answered, _whole(fast)) == (False, _whole(exact))


def test_files_with_non_string_keys_are_not_signed():
    _chunks, _digest, string_keys_only = dump_all_chunks([{"data": {1: "one", "two": 2}}])
    assert (string_keys_only, fast_yaml.SIGNATURE in dump_topology(_cluster(
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "default"},
         "x-map": {True: "yes"}}))) == (False, False)


def test_exponent_shaped_strings_are_written_quoted():
    assert dump_all([{"a": "1e3", "b": "1.5e+3", "c": "1e", "d": "e3"}]) == "---\na: '1e3'\nb: '1.5e+3'\nc: 1e\nd: e3\n"


def test_big_files_are_read_in_chunks(monkeypatch):
    monkeypatch.setattr(fast_yaml, "CHUNK_BYTES", 200)
    answered, fast, exact = _load_both(dump_topology(example_cluster()), monkeypatch)
    assert (answered, _whole(fast)) == (True, _whole(exact))


CORPUS = corpus_files()


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus_saved_again_reads_the_same_both_ways(path, corpus_dir, monkeypatch):
    first = load_topology(path)
    answered, fast, exact = _load_both(dump_topology(first.cluster), monkeypatch)
    assert _whole(fast) == _whole(exact)


def test_the_saved_bytes_are_the_dumped_text():
    from explorer.io.writer import topology_chunks
    cluster = _cluster(_pod("odd", {f"k{i}": s for i, s in enumerate(ODD_STRINGS)}))
    assert b"".join(topology_chunks(cluster)) == dump_topology(cluster).encode("utf-8")


JSON_CASES = {
    # name: (JSON text, whether the chunk holds a run of 19 digits); json_values must give what json.loads gives,
    # types included
    "objects, strings, numbers, literals": ('[{"a": [1, -2, 1.5, -0.0, 1e-5, true, false, null, "é"]}]', False),
    "the largest 64-bit integers": ("[18446744073709551615, -9223372036854775808]", True),
    "beyond 64 bits (orjson: a float)": ("[123456789012345678901234567890, -9223372036854775809]", True),
    "beyond a double's range (orjson: an error)": ("[1e400, -1e400, 1.0e-400]", False),
    "key order and repeated keys": ('[{"b": 1, "a": 2, "b": 3}]', False),
}


@pytest.mark.parametrize("text, long_digits", JSON_CASES.values(), ids=JSON_CASES.keys())
def test_json_values_read_what_the_json_module_reads(text, long_digits):
    assert (repr(fast_yaml.json_values(text, long_digits)), repr(fast_yaml.json_values(text.encode(), long_digits)),
            parse_child.long_digits(text.encode())) == (repr(json.loads(text)),) * 2 + (long_digits,)


def test_json_values_use_orjson_when_installed():
    """The speed-up is real: orjson answers for text without long digit runs (it is a dependency)."""
    import orjson
    assert fast_yaml.orjson is orjson
