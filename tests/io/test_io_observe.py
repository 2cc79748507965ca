"""load_topology's ``observe``: each pass over a file's documents gets a new observer, which sees every object
the cluster keeps, in the cluster's order (not those with errors, not a second one with the same key)."""

from __future__ import annotations

import pytest

from explorer.io import dump_topology, fast_yaml, load_topology, parse_child
from explorer.model import example_cluster

SIGNED = dump_topology(example_cluster())
POD = "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {}\nspec:\n  containers:\n  - name: c\n    image: x\n"
CASES = {
    # name: (file text, its parse child gives up half-way, passes over the documents)
    "a file the app wrote": (SIGNED, False, 1),
    "written by hand, with an error and a duplicate": (
        POD.format("a") + POD.format("B") + POD.format("c") + POD.format("a"), False, 1),
    "the parse child gives up half-way: read again": (SIGNED, True, 2),
}


@pytest.mark.parametrize("text, gives_up, passes", CASES.values(), ids=CASES.keys())
def test_an_observer_sees_what_the_cluster_keeps(text, gives_up, passes, tmp_path, monkeypatch):
    path = tmp_path / "c.yaml"
    path.write_text(text)
    monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    monkeypatch.setattr(parse_child, "CHUNK_BYTES", 300)
    if gives_up:    # the child stops after its third frame: the values it gave are dropped
        read_frame = parse_child.read_frame
        calls = []

        def stopping(stream):
            calls.append(1)
            if len(calls) > 3:
                raise EOFError("stopped")
            return read_frame(stream)
        monkeypatch.setattr(parse_child, "read_frame", stopping)
    seen: list = []

    def observe():
        seen.append([])
        return lambda obj, template: seen[-1].append(obj)
    result = load_topology(path, observe=observe)
    assert (len(seen), [o.key for o in seen[-1]]) == (passes, [o.key for o in result.cluster])


def test_an_observer_hears_what_each_copy_copies(tmp_path, monkeypatch):
    """Documents read as copies (the parse child's T frames: the third and later of the same text but for
    their masked values) reach the observer with the object they copy; the others with None."""
    body = "".join(POD.format(f"p{i}") for i in range(5))
    path = tmp_path / "c.yaml"
    path.write_text("# hand-written\n" + fast_yaml.signature(body) + body)
    monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    heard: list = []

    def observe():
        heard.clear()
        return lambda obj, template: heard.append((obj.name, template.name if template is not None else None))
    load_topology(path, observe=observe)
    assert heard == [("p0", None), ("p1", None), ("p2", "p0"), ("p3", "p0"), ("p4", "p0")]
