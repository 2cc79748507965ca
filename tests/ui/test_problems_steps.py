"""The Problems dock's validation in steps (explorer/ui/problems.py): a step ends after STEP objects or once it
has taken STEP_S (100 Ingresses of 20 rules held one step, and the window, for 58 ms), and each problem of an
object is one finding."""

from __future__ import annotations

import pytest

from explorer.model import builders as b
from explorer.model.objects import from_dict
from explorer.ui import problems


class _Design:
    """What findings_steps reads of a cluster: its objects."""

    def __init__(self, objects):
        self._objects = objects

    def objects(self, kind=None):
        return list(self._objects)


def _yields(steps) -> tuple:
    count = 0
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return count, stop.value
        count += 1


STEP_CASES = {
    # name: (STEP, STEP_S, objects, expected yields)
    "quick objects: a yield every STEP objects": (5, 60.0, 12, 2),
    "slow objects: a yield every 8 once a step has taken STEP_S": (1000, 0.0, 24, 3),
    "both: whichever comes first": (4, 0.0, 24, 6),
}


@pytest.mark.parametrize("name", STEP_CASES, ids=list(STEP_CASES))
def test_a_validation_step_ends_after_step_objects_or_step_seconds(name, monkeypatch):
    step, seconds, count, expected = STEP_CASES[name]
    monkeypatch.setattr(problems, "STEP", step)
    monkeypatch.setattr(problems, "STEP_S", seconds)
    design = _Design([b.namespace(f"ns-{i}") for i in range(count)])
    assert _yields(problems.ValidationCache().findings_steps(design)) == (expected, [])


def test_a_problem_reported_by_several_fields_is_one_finding():
    """An Ingress whose spec is a list: each field looked for in it finds it so; validate_object says it
    once, and the dock shows it once."""
    ingress = from_dict({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                         "metadata": {"name": "web", "namespace": "shop"}, "spec": [1]})
    found = problems.ValidationCache().findings(_Design([ingress]))
    assert [(f.severity, f.key, f.message) for f in found] == [
        ("error", ingress.key, "Ingress web: spec: must be an object, got a list")]


def _pod(name, node, port=80):
    return from_dict({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"},
                      "spec": {"nodeName": node, "containers": [{"name": "app", "image": "nginx",
                                                                  "ports": [{"containerPort": port}]}]}})


MEMO_CASES = {
    "equal valid specs on different nodes": [_pod("a", "n1"), _pod("b", "n2"), _pod("c", "n1")],
    "equal specs with a problem": [_pod("a", "n1", port=0), _pod("b", "n2", port=0)],
    "a mistyped nodeName beside a remembered spec": [_pod("a", "n1", port=0), _pod("b", 7, port=0)],
    "different specs": [_pod("a", "n1", port=0), _pod("b", "n1", port=70000), _pod("c", "n1")],
}


@pytest.mark.parametrize("objects", MEMO_CASES.values(), ids=MEMO_CASES.keys())
def test_pods_sharing_a_spec_get_the_findings_each_would_alone(objects, monkeypatch):
    """The dock's cache checks a spec shared by many pods once (a ValidationMemo kept between runs); the
    findings are those of each pod validated on its own, in the same order, in a first and a later run."""
    alone = [f for obj in objects for f in problems._findings(obj, problems.validate_object(obj.raw))]
    cache = problems.ValidationCache()
    first = cache.findings(_Design(objects))
    edited = [from_dict(obj.raw) for obj in objects]      # new objects (as after an edit): validated again
    later = cache.findings(_Design(edited))
    alone_later = [f for obj in edited for f in problems._findings(obj, problems.validate_object(obj.raw))]
    assert (first, later) == (alone, alone_later)


def test_a_spec_shared_by_many_pods_is_checked_once(monkeypatch):
    from explorer.model import validation
    calls = []
    original = validation.validate_pod_spec
    monkeypatch.setattr(validation, "validate_pod_spec", lambda c, path: (calls.append(path), original(c, path)))
    problems.ValidationCache().findings(_Design([_pod(f"p{i}", f"n{i % 3}") for i in range(50)]))
    assert len(calls) == 1
