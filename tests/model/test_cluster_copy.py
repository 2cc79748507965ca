"""Cluster.copy_steps (explorer/model/cluster.py): the copy it makes a chunk at a time is what Cluster.copy
makes at once (objects and their order, kinds, namespaces in use, layout), and independent of the source."""

from __future__ import annotations

import pytest

from explorer.model import Cluster, example_cluster


def _whole(c: Cluster) -> tuple:
    return (list(c.objects()), {k: list(v) for k, v in c._by_kind.items()}, dict(c._namespace_use), dict(c.layout),
            c.network)


def _thinned() -> Cluster:
    """Objects removed and added again: dicts with holes, which dict() copies the slow way."""
    c = example_cluster()
    pods = [p for p in c.pods()]
    for p in pods[::2]:
        c.remove(p.key)
    for p in pods[::2]:
        c.add(p, validate=False)
    c.layout[pods[0].key] = (10.0, 20.0)
    return c


CASES = {
    # name: (the cluster, chunk)
    "the example cluster, one entry a step": (example_cluster, 1),
    "the example cluster, in one chunk": (example_cluster, 20_000),
    "an empty cluster": (Cluster, 3),
    "removed and added again": (_thinned, 4),
}


@pytest.mark.parametrize("make, chunk", CASES.values(), ids=CASES.keys())
def test_copy_steps_makes_what_copy_makes(make, chunk):
    source = make()
    before = _whole(source)
    steps = source.copy_steps(chunk)
    yielded = 0
    try:
        while True:
            next(steps)
            yielded += 1
    except StopIteration as done:
        copy = done.value
    same = _whole(copy) == _whole(source.copy())
    for obj in list(copy.objects())[:3]:     # the copy is independent of the source
        copy.remove(obj.key)
    copy.layout["x"] = (0.0, 0.0)
    assert (same, _whole(source) == before, yielded >= (len(source) - 1) // chunk) == (True, True, True)


def test_a_change_during_the_steps_is_an_error():
    source = example_cluster()
    steps = source.copy_steps(1)
    next(steps)
    source.remove(next(iter(source.pods())).key)
    with pytest.raises(RuntimeError):
        for _ in steps:
            pass
