"""Copies in the parse child's frames (issue 6): the pods of one ReplicaSet are the same text but for a few
one-line values, so the child sends the third and later of them as those values alone (``T`` frames) and the
loading process makes them from the first (explorer.io.fast_yaml.Template) and checks them as it checked it
(explorer.io.reader).

Each load case reads a signed file through the child and through the exact PyYAML path and compares the whole
results, with how many documents came as copies: a copy must read exactly as the text says, whatever it
holds (a bad name, a duplicate, a missing node, a kubeadm ConfigMap's name...).
"""

from __future__ import annotations

import io
import json
import random
import zlib

import pytest

from explorer.io import dump_topology, fast_yaml, load_topology, parse_child, reader
from explorer.model import Cluster, NetworkConfig, from_dict, validate_object
from explorer.model.objects import POSITION_ANNOTATION
from explorer.model.validation import (STRING_ONLY_FIELDS, dns1123_label, dns1123_subdomain, name_check,
                                       names_check)


def _pod(name: str, node: str = "worker-1", ip: str = "10.244.1.5", uid: str = "") -> dict:
    raw = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": name, "namespace": "shop", "labels": {"app": "web"},
                        "uid": uid or f"{zlib.crc32(name.encode()) % 10 ** 8:08d}-0000-4000-8000-000000000000",
                        "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-5d8",
                                             "uid": "11111111-2222-4333-8444-555555555555", "controller": True}]},
           "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                                    "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}],
                    "nodeName": node},
           "status": {"phase": "Running", "hostIP": "172.18.0.3", "podIP": ip,
                      "conditions": [{"type": "Ready", "status": "True"}]}}
    return raw


def _node(name: str) -> dict:
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name}},
            "status": {"conditions": [{"type": "Ready", "status": "True"}]}}


def _file(*raws, positions: dict | None = None) -> str:
    cluster = Cluster(NetworkConfig())
    cluster.add_many([from_dict(r) for r in raws], validate=False)
    cluster.layout.update(positions or {})
    return dump_topology(cluster)


def _signed(body: str) -> str:
    """A file of ``body`` (YAML written by hand) with the signature the writer puts on what it writes."""
    return "# hand-written\n" + fast_yaml.signature(body) + body


def _pods(n: int, **kw) -> list:
    return [_pod(f"web-5d8-{i:05d}", ip=f"10.244.1.{i + 2}", **kw) for i in range(n)]


NODES = [_node("worker-1"), _node("worker-2")]
SIX = _pods(6)
LOAD_CASES = {
    # name: (file text, chunk bytes of the child, documents sent as copies)
    "the pods of one ReplicaSet: the third and later are copies": (_file(*NODES, *SIX), 1 << 20, 4),
    "the same in chunks of one document": (_file(*NODES, *SIX), 300, 4),
    "copies on other nodes with other addresses": (
        _file(*NODES, *[_pod(f"web-{i}", node=f"worker-{i % 2 + 1}", ip=f"10.244.{i}.9") for i in range(5)]),
        1 << 20, 3),
    "a copy's node is missing: the warning is the copy's": (
        _file(*NODES, *[_pod(f"web-{i}", node="worker-9" if i == 3 else "worker-1") for i in range(5)]), 1 << 20, 3),
    "a copy named with 20 digits (a string, not a number)": (
        _file(*NODES, *_pods(3), _pod("web-12345678901234567890")), 1 << 20, 2),
    "a copy with a name its kind refuses": (_file(*NODES, *_pods(3), _pod("web-bad-")), 1 << 20, 2),
    "a refused name amid a run of copies: the copies after it are kept too": (
        _file(*NODES, *_pods(3), _pod("web-bad-"), _pod("web-5d8-00009"), _pod("web-bad-2-"), _pod("web-5d8-00010")),
        1 << 20, 5),
    "a copy defined twice": (_signed(_file(*NODES, *_pods(3)).split("\n", 2)[2].replace("web-5d8-00002",
                                                                                        "web-5d8-00001")), 1 << 20, 1),
    "Services: a name with a dot is no DNS label": (_signed("".join(
        f"---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {n}\n  namespace: shop\nspec:\n  ports:\n  - port: 80\n"
        for n in ("api", "web", "db", "a.b"))), 1 << 20, 2),
    "ConfigMaps: a copy named as kubeadm's is read as kubeadm's": (_signed("".join(
        f"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {n}\n  namespace: kube-system\ndata:\n"
        f"  ClusterConfiguration: 'kind: ClusterConfiguration'\n"
        for n in ("one", "two", "kubeadm-config"))), 1 << 20, 1),
    "diagram positions: sent whole": (
        _file(*SIX, positions={("Pod", "shop", p["metadata"]["name"]): (10.0 * i, 20.0) for i, p in enumerate(SIX)}),
        1 << 20, 0),
    "a field of a sequence item: sent whole": (_signed("".join(
        f"---\napiVersion: v1\nkind: Pod\nitems:\n- a: 1\n  name: p{i}\n" for i in range(4))), 1 << 20, 0),
    "a field inside a block scalar: sent whole": (_signed("".join(
        f"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\ndata: |\n  name: x{i}\n" for i in range(4))),
        1 << 20, 0),
    "the last line of the file, without a line break": (_signed("".join(
        f"---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-{i}\n" for i in range(4)).rstrip("\n")),
        1 << 20, 1),
    "a block scalar at the end of each": (_signed("".join(
        f"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\ndata:\n  a: |\n    x\n" for i in range(5))),
        1 << 20, 3),
    "empty documents between them: the chunk goes whole": (_signed("".join(
        f"---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-{i}\n---\n" for i in range(4))), 1 << 20, 0),
    "a document end marker: the chunk goes whole": (_signed("".join(
        f"---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-{i}\n...\n" for i in range(4))), 1 << 20, 0),
    # the key stays in the masked text: a uid where the others have a name is another text (it once read as a name)
    "a document masking another field is no copy of them": (_signed("".join(
        f"---\napiVersion: v1\nkind: Namespace\nmetadata:\n  {k}: {v}\n"
        for k, v in (("name", "a"), ("name", "b"), ("name", "c"), ("uid", "d")))), 1 << 20, 1),
    "YAML 1.1 booleans and numbers are not masked": (_signed("".join(
        f"---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: '{n}'\n  uid: {u}\n"
        for n, u in (("on", "1"), ("off", "2"), ("yes", "3"), ("no", "4")))), 1 << 20, 0),
}


@pytest.mark.parametrize("text, chunk_bytes, copies", LOAD_CASES.values(), ids=LOAD_CASES.keys())
def test_copies_read_as_the_exact_path_reads_them(text, chunk_bytes, copies, tmp_path, monkeypatch):
    path = tmp_path / "cluster.yaml"
    path.write_text(text)
    with monkeypatch.context() as m:
        m.setattr(fast_yaml, "ryml", None)
        exact = load_topology(path)
    streams = _streams(monkeypatch)
    monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    monkeypatch.setattr(parse_child, "CHUNK_BYTES", chunk_bytes)
    got = load_topology(path)
    assert ([type(s).__name__ for s in streams], streams[0].copies, _whole(got)) == \
        (["ChildValues"], copies, _whole(exact))


def _streams(monkeypatch) -> list:
    """The list each read appends its values to (what ``fast_yaml.documents`` gave, None for the exact path)."""
    streams = []
    read = reader._read

    def spy(text, filename, limits, fast, *rest):
        streams.append(fast[0] if fast is not None else None)
        return read(text, filename, limits, fast, *rest)
    monkeypatch.setattr(reader, "_read", spy)
    return streams


def _whole(result) -> tuple:
    return (json.dumps([o.raw for o in result.cluster]), result.cluster.network, dict(result.cluster.layout),
            [str(d) for d in result.diagnostics], sorted(map(str, result.object_problems.items())))


def _codes(body: str, chunk_bytes: int = 1 << 20) -> list:
    """Per frame: its kind and, for a T frame, its codes (a J frame: how many documents)."""
    out = io.BytesIO()
    parse_child.serve(body.encode(), 200, out, chunk_bytes)
    out.seek(0)
    frames = []
    while out.tell() < len(out.getvalue()):
        kind, payload = parse_child.read_frame(out)
        if kind in b"JTN":
            value = json.loads(payload)
            frames.append((kind.decode(), value[0] if kind == b"T" else len(value)))
    return frames


NS = "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {}\n"
POD = "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {}\n  uid: {}\nspec:\n  nodeName: {}\nstatus:\n  podIP: {}\n"
FRAME_CASES = {
    # name: (body, chunk bytes, frames)
    "nothing masked: a J frame": ("---\na: 1\n---\nb: 2\n", 1 << 20, [("J", 2)]),
    "one document each: sent, sent as the first copy, then copies": (
        "".join(NS.format(f"n{i}") for i in range(5)), 1 << 20, [("T", [-1, 2, 3, 3, 3])]),
    "two kinds of text": (
        "".join(NS.format(f"n{i}") + POD.format(f"p{i}", "0a1b2c3d-0000-4000-8000-00000000000" + str(i), "w-1",
                                                   f"10.0.0.{i}") for i in range(3)),
        1 << 20, [("T", [-1, -4, 2, 2, 3, 3])]),
    "copies across chunks": ("".join(NS.format(f"n{i}") for i in range(4)), 10, [("T", [-1]), ("T", [2]), ("T", [3]),
                                                                                 ("T", [3])]),
    "a value of another shape is part of the text": (
        "".join(NS.format(n) for n in ("a", "b", "2x", "c")), 1 << 20, [("T", [-1, 2, 0, 3])]),
    "a number beyond 64 bits in a document sent: the chunk goes whole (json reads it)": (
        "".join(NS.format(f"n{i}") for i in range(3)) + "---\nx: 123456789012345678901234567890\n", 1 << 20,
        [("N", 4)]),
    "long digits in a copy's value only: copies (its values are strings)": (
        "".join(NS.format(n) for n in ("a", "b", "c-12345678901234567890")), 1 << 20, [("T", [-1, 2, 3])]),
    "a value under another key is another text": (
        "".join(NS.format(n) for n in ("a", "b", "c")) + NS.replace("name", "uid").format("d"), 1 << 20,
        [("T", [-1, 2, 3, -1])]),
    "a line at another depth is part of the text": (
        NS.format("a") + NS.format("b") + "---\nmetadata:\n    name: c\n", 1 << 20, [("T", [-1, 2, 0])]),
}


@pytest.mark.parametrize("body, chunk_bytes, frames", FRAME_CASES.values(), ids=FRAME_CASES.keys())
def test_the_child_sends_copies_as_their_values(body, chunk_bytes, frames):
    assert _codes(body, chunk_bytes) == frames


UUID = b"0a1b2c3d-0000-4000-8000-000000000000"
TOKEN_CASES = {
    # name: (values, all of them are tokens: both YAML readers read each as that very string)
    "names, IPv4 addresses, UUIDs": ([b"web-5d8-0001", b"10.244.1.5", UUID, b"a.b-c", b"x-", b"a.-b"], True),
    "a UUID that starts with a letter (a name too)": ([b"ab" + UUID[2:]], True),
    "words that start like YAML 1.1 booleans": ([b"yesterday", b"nothing", b"onward", b"nully", b"ye", b"of"], True),
    "an address of big numbers (a string in both)": ([b"999.1.1.1"], True),
    "no values": ([], True),
    "an empty value": ([b"a", b""], False),
    "y": ([b"y"], False), "n": ([b"n"], False), "yes": ([b"yes"], False), "no": ([b"no"], False),
    "on": ([b"on"], False), "off": ([b"off"], False), "true": ([b"true"], False), "false": ([b"false"], False),
    "null": ([b"null"], False),
    "an integer": ([b"12"], False), "a float": ([b"1.5"], False), "hexadecimal": ([b"0x1f"], False),
    "an exponent": ([b"1e3"], False), "a digit first, no address nor UUID": ([b"1-2"], False),
    "an address with a last dot": ([b"10.0.0.1."], False), "five numbers": ([b"1.2.3.4.5"], False),
    "an address of four digits": ([b"1000.1.1.1"], False),
    "a UUID one digit short": ([UUID[:-1]], False), "a UUID in capitals": ([UUID.upper()], False),
    "two dots in a row": ([b"a..b"], False), "a last dot": ([b"a."], False), "a first dot": ([b".a"], False),
    "a first hyphen": ([b"-a"], False), "a capital": ([b"Web"], False), "a space": ([b"a b"], False),
    "a colon": ([b"a:b"], False), "an underscore": ([b"a_b"], False), ".inf": ([b".inf"], False),
    "a bad value after good ones": ([b"web", UUID, b"10.0.0.1", b"on"], False),
}


@pytest.mark.parametrize("values, ok", TOKEN_CASES.values(), ids=TOKEN_CASES.keys())
def test_tokens_are_what_the_token_rule_says(values, ok):
    """``parse_child.tokens`` is the fast test of ``_TOKEN`` (what the child masks): both say the same."""
    assert (parse_child.tokens(values) if values else True,
            parse_child._TOKENS.fullmatch(b"".join(v + b"\n" for v in values)) is not None) == (ok, ok)


def test_tokens_agree_with_the_token_rule_on_generated_values():
    """Seeded lists of values near the rule's edges (its words, mutated, and short runs of its bytes and
    others): ``tokens`` says what ``_TOKENS`` says of every one."""
    rnd = random.Random(6)
    alphabet = b"abefnoy019.-:_ A"
    words = [b"y", b"n", b"yes", b"no", b"on", b"off", b"true", b"false", b"null", b"1.2.3.4", UUID, b"ab", b"1"]
    differ = []
    for _ in range(20000):
        values = []
        for _ in range(rnd.randint(1, 3)):
            if rnd.random() < 0.4:
                v = rnd.choice(words)
                if rnd.random() < 0.5:
                    at = rnd.randint(0, len(v))
                    v = v[:at] + bytes([rnd.choice(alphabet)]) + v[at + rnd.randint(0, 1):]
            else:
                v = bytes(rnd.choice(alphabet) for _ in range(rnd.randint(0, 6)))
            values.append(v)
        rule = parse_child._TOKENS.fullmatch(b"".join(v + b"\n" for v in values)) is not None
        if parse_child.tokens(values) != rule:
            differ.append(values)
    assert differ == []


A, B = {"metadata": {"name": "a"}}, {"metadata": {"name": "b"}}
CHUNK_CASES = {
    # name: ([codes, refs, values, paths, documents], what the values are or the error they end in)
    "sent, sent as the first copy, a copy": ([[-1, 2, 3], [0, 0], ["a", "b", "c"], [[["metadata", "name"]]], [A, B]],
                                             [A, B, {"metadata": {"name": "c"}}]),
    "the first copy is not what the template makes": (
        [[-1, 2, 3], [0, 0], ["a", "x", "c"], [[["metadata", "name"]]], [A, B]], "Abandoned"),
    "the template does not hold the masked value": (
        [[-1, 2, 3], [0, 0], ["z", "b", "c"], [[["metadata", "name"]]], [A, B]], "Abandoned"),
    "a copy of a document never sent": ([[3], [7], ["c"], [], []], "Abandoned"),
    "values left over": ([[0], [], ["c"], [], [A]], "ValueError"),
    "documents left over": ([[0], [], [], [], [A, B]], "ValueError"),
}


@pytest.mark.parametrize("frame, expected", CHUNK_CASES.values(), ids=CHUNK_CASES.keys())
def test_a_t_frame_gives_its_values_or_gives_up(frame, expected):
    """The loading process makes copies only of a template its first copy proved (and each of the child's
    frames must add up); else the read is abandoned and done again without the child."""
    got = []
    try:
        for value in fast_yaml._copied_chunk(json.dumps(frame).encode(), [0], {}, {}, [0]):
            if isinstance(value, fast_yaml.CopyRun):
                got.extend(value.copy(i).whole() for i in range(value.count))
            else:
                got.append(value)
    except (fast_yaml.Abandoned, ValueError) as exc:
        got = type(exc).__name__
    assert got == expected


P, Q = {"metadata": {"name": "p"}}, {"metadata": {"name": "q"}}
NAME = [["metadata", "name"]]
RUN_CASES = {
    # name: ([codes, refs, values, paths, documents], what comes: a value's name, or (copied index, names))
    "three copies in a row: one run": (
        [[-1, 2, 3, 3, 3], [0, 0, 0, 0], ["a", "b", "c", "d", "e"], [NAME], [A, B]],
        ["a", "b", (0, ["c", "d", "e"])]),
    "copies of two documents, interleaved: a run each time the document changes": (
        [[-1, -1, 2, 2, 3, 3, 3, 3], [0, 1, 0, 0, 1, 1], ["p", "q", "a", "b", "c", "d", "e", "f"],
         [NAME, NAME], [P, Q, {"metadata": {"name": "a"}}, {"metadata": {"name": "b"}}]],
        ["p", "q", "a", "b", (0, ["c", "d"]), (1, ["e", "f"])]),
    "a sent document between copies of one: two runs": (
        [[-1, 2, 3, 0, 3], [0, 0, 0], ["a", "b", "c", "e"], [NAME], [A, B, Q]],
        ["a", "b", (0, ["c"]), "q", (0, ["e"])]),
}


@pytest.mark.parametrize("frame, expected", RUN_CASES.values(), ids=RUN_CASES.keys())
def test_copies_in_a_row_of_one_document_come_as_one_run(frame, expected):
    """The reader keeps the copies of a run in one call (explorer.io.reader): a T frame's copies of the same
    document in a row come as one ``CopyRun``, which counts them as documents and as copies."""
    count, copies = [0], [0]
    got = []
    for value in fast_yaml._copied_chunk(json.dumps(frame).encode(), count, {}, {}, copies):
        if isinstance(value, fast_yaml.CopyRun):
            got.append((value.of, [value.copy(i).whole()["metadata"]["name"] for i in range(value.count)]))
        else:
            got.append(value["metadata"]["name"])
    assert (got, count[0], copies[0]) == (expected, len(frame[0]), frame[0].count(3))


TEMPLATE_CASES = {
    # name: (document, paths, the values the text masked, ok)
    "the values are where the paths say": ({"metadata": {"name": "a", "uid": "u"}}, [["metadata", "name"],
                                                                                      ["metadata", "uid"]],
                                           ["a", "u"], True),
    "a value that is not the masked one": ({"metadata": {"name": "a"}}, [["metadata", "name"]], ["b"], False),
    "a field that is not a string": ({"metadata": {"name": 1}}, [["metadata", "name"]], ["1"], False),
    "a top-level field that is no mapping": ({"metadata": ["name"]}, [["metadata", "name"]], ["name"], False),
    "a document that is no mapping": (["a"], [["metadata", "name"]], ["a"], False),
    "a key that is no plain name": ({"m'": {"name": "a"}}, [["m'", "name"]], ["a"], False),
}


@pytest.mark.parametrize("raw, paths, values, ok", TEMPLATE_CASES.values(), ids=TEMPLATE_CASES.keys())
def test_a_template_holds_what_the_text_masked(raw, paths, values, ok):
    template = fast_yaml.Template(raw, paths, values)
    copy = template.copy(["x", "y", "z"], 1) if template.ok else None
    expected = None
    if ok:
        expected = json.loads(json.dumps(raw))
        for (top, key), value in zip(paths, ["y", "z"]):
            expected[top][key] = value
    assert (template.ok, copy) == (ok, expected)


def test_a_copy_shares_what_does_not_change():
    raw = _pod("a")
    template = fast_yaml.Template(raw, [["metadata", "name"], ["spec", "nodeName"]], ["a", "worker-1"])
    copy = template.copy(["b", "worker-2"], 0)
    assert ([copy["metadata"] is raw["metadata"], copy["spec"] is raw["spec"],
             copy["spec"]["containers"] is raw["spec"]["containers"], copy["status"] is raw["status"]],
            raw["metadata"]["name"], copy["metadata"]["name"]) == ([False, False, True, True], "a", "b")


NAMES = ["web", "web-1", "a.b", "a..b", "-a", "a-", "A", "", "x" * 63, "x" * 64, "x" * 253, "x" * 254, "a_b",
         "1a", "web\n", 7, None]


@pytest.mark.parametrize("kind, rule", [("Pod", dns1123_subdomain), ("Service", dns1123_label),
                                        ("Namespace", dns1123_label), ("Deployment", dns1123_subdomain)])
def test_name_check_is_the_kinds_rule(kind, rule):
    def by_rule(name):
        try:
            rule(name)
        except Exception:   # noqa: BLE001 - the rule's own error: invalid
            return False
        return True
    check = name_check(kind)
    assert [check(n) for n in NAMES] == [by_rule(n) for n in NAMES]


NAME_RUNS = {
    # name: names checked at once
    "none": [],
    "valid ones": ["web-5d8-00001", "web-5d8-00002", "a.b", "x" * 63],
    "one bad among valid ones": ["web", "web-", "web-1"],
    "an empty one": ["web", ""],
    "one too long for a label": ["web", "x" * 64],
    "one too long for a subdomain": ["web", "x" * 254],
    "a line break in one": ["web", "a\nb"],
    "a line break at the end of one": ["web\n", "web"],
    "a number among them": ["web", 7],
    "None among them": [None],
    "a dot, valid only in a subdomain": ["a.b", "web"],
    "a str subclass": [type("Name", (str,), {})("web")],
}


@pytest.mark.parametrize("kind", ["Pod", "Service", "Namespace", "Widget"])
@pytest.mark.parametrize("names", NAME_RUNS.values(), ids=NAME_RUNS.keys())
def test_names_check_is_name_check_of_each(kind, names):
    """The reader checks the names of a run of copies at once: the same verdict as each name's own check."""
    assert names_check(kind)(names) == all(name_check(kind)(n) for n in names)


def test_name_check_of_other_kinds_asks_for_a_string():
    assert [name_check("Widget")(n) for n in ("a", "A_b", 7)] == [True, True, False]


SAMPLES = [_pod("web"), _node("worker-1"),
           {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": []}},
           {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "a"},
            "spec": {"selector": {"app": "x"}, "ports": [{"port": 80}]}},
           {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
            "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}},
                                                                          "spec": {"containers": []}}}},
           {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}, "spec": {}}]
STRINGS = ["", "x", "not an address", "10.0.0.1", "-", "A_B", "é"]


@pytest.mark.parametrize("field", sorted(STRING_ONLY_FIELDS), ids=".".join)
def test_string_only_fields_change_no_finding(field):
    """What the reader's copies rely on: any string at these fields leaves validation's findings as they were."""
    top, key = field
    changed = []
    for raw in SAMPLES:
        before = validate_object(raw)
        for value in STRINGS:
            other = json.loads(json.dumps(raw))
            if isinstance(other.get(top), dict) or top not in other:
                other.setdefault(top, {})[key] = value
            if validate_object(other) != before and (top in raw or validate_object(dict(raw, **{top: {}})) == before):
                changed.append((raw["kind"], value))
    assert changed == []


def test_positions_are_never_copied():
    assert parse_child.NOT_COPIED == POSITION_ANNOTATION.encode()


def test_a_simulation_changes_nothing_a_copy_shares(tmp_path, monkeypatch):
    """Copies share every dict but those along their masked fields with their template: a simulation of the
    loaded design (a node stopped, pods evicted and made again, a seek back) must leave every object of the
    design as it was read, the template and its copies included."""
    from explorer.sim.simulator import Simulator
    path = tmp_path / "c.yaml"
    path.write_text(_file(*NODES, *_pods(8)))
    monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    streams = _streams(monkeypatch)
    design = load_topology(path).cluster
    before = json.dumps([o.raw for o in design])
    sim = Simulator(design, seed=0)
    sim.settle(30)
    sim.stop_node("worker-1")
    sim.run(sim.now + 420)    # (past the pods' 300 s toleration: Ready false, then evicted)
    sim.seek(sim.now - 30)
    simulated = json.dumps([o.raw for o in sim.cluster().objects("Pod")])
    assert (streams[0].copies, simulated != json.dumps([o.raw for o in design.objects("Pod")]),
            json.dumps([o.raw for o in design])) == (6, True, before)


def test_copies_are_kept_without_their_dicts_until_something_asks(tmp_path, monkeypatch):
    """The reader keeps a copy as an object whose dict is made when first asked for (explorer.model.copies):
    what a reader's observer asks of it (key, node) leaves it so; the cluster then reads as the exact path's."""
    from explorer.model import copies
    path = tmp_path / "c.yaml"
    path.write_text(_file(*NODES, *_pods(4, node="worker-2"), *_pods(8)[4:]))
    with monkeypatch.context() as m:
        m.setattr(fast_yaml, "ryml", None)
        exact = load_topology(path)
    monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    streams = _streams(monkeypatch)
    seen = []

    def observe():
        return lambda obj, template: seen.append((obj.key[2], obj.value_at("spec", "nodeName"), template is None))
    got = load_topology(path, observe=observe)
    pending = [o.name for o in got.cluster.objects("Pod") if copies.is_pending(o)]
    exact_seen = [(o.key[2], o.value_at("spec", "nodeName")) for o in exact.cluster.objects()]
    assert (streams[0].copies, pending, [s[:2] for s in seen], [s[2] for s in seen].count(False), _whole(got),
            copies.make_whole(got.cluster.objects())) == \
        (6, [f"web-5d8-{i:05d}" for i in range(2, 8)], exact_seen, 6, _whole(exact), 0)
