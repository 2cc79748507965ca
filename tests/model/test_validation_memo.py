"""ValidationMemo (explorer/model/validation.py): Pods validated together share what their specs' checks found,
and ``validate_object(raw, memo)`` says exactly what ``validate_object(raw)`` says, problem for problem, in
the same order, for every pod of a read, whether its spec was checked or remembered."""

from __future__ import annotations

from collections import OrderedDict

import pytest

from explorer.model import validate_object
from explorer.model.validation import ValidationMemo


def _pod(name: str, spec, node: object = "worker-1") -> dict:
    spec = dict(spec) if type(spec) is dict else spec
    if node is not None and isinstance(spec, dict):
        spec["nodeName"] = node
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "shop"}, "spec": spec}


GOOD = {"containers": [{"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 8080, "name": "http"}],
                        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}
BAD = {"containers": [{"name": "Web_1", "ports": [{"containerPort": 70000}],
                       "resources": {"requests": {"cpu": "lots"}}}],
       "tolerations": [{"operator": "Maybe", "effect": "Never"}]}
BOOL_PORT = {"containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": True}]}]}
FLOAT_PORT = {"containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 8080.0}]}]}
INT_PORT = {"containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 8080}]}]}
SUBCLASS = {"containers": [OrderedDict(name="web", image="nginx")]}
NESTED = {"containers": [{"name": "web", "image": "nginx"}], "x": [[[[[[[[[[[]]]]]]]]]]]}

CASES = {
    # name: (the pods read together, how many specs the memo holds after them)
    "pods of one ReplicaSet on different nodes": ([_pod(f"web-{i}", GOOD, f"worker-{i}") for i in range(4)], 1),
    "the same problems for every pod, at its own paths": (
        [_pod("a", BAD, "worker-1"), _pod("b", BAD, "worker-2"), _pod("c", BAD, None)], 1),
    "a mistyped nodeName is checked in place (its problem keeps its order)": (
        [_pod("a", BAD, 7), _pod("b", BAD, ["x"]), _pod("c", BAD)], 1),
    "True, 8080.0 and 8080 are different specs": (
        [_pod("a", BOOL_PORT), _pod("b", FLOAT_PORT), _pod("c", INT_PORT), _pod("d", BOOL_PORT)], 3),
    "key order makes a different spec (same problems)": (
        [_pod("a", {"containers": GOOD["containers"], "hostname": "h"}),
         _pod("b", {"hostname": "h", "containers": GOOD["containers"]})], 2),
    "a subclass is checked, never remembered": ([_pod("a", SUBCLASS), _pod("b", SUBCLASS)], 0),
    "a spec of a subclass": ([_pod("a", OrderedDict(GOOD), None), _pod("b", OrderedDict(GOOD), None)], 0),
    "nested lists": ([_pod("a", NESTED), _pod("b", NESTED)], 1),
    "spec missing or not an object": (
        [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x", "namespace": "shop"}},
         _pod("y", [1], None), _pod("z", "text", None)], 0),
    "other kinds pass through": (
        [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web", "namespace": "shop"},
          "spec": {"selector": {"matchLabels": {"app": "web"}},
                   "template": {"metadata": {"labels": {"app": "web"}}, "spec": BAD}}},
         _pod("a", BAD)], 1),
}


@pytest.mark.parametrize("pods, remembered", CASES.values(), ids=CASES.keys())
def test_pods_read_together_get_what_each_alone_gets(pods, remembered):
    memo = ValidationMemo()
    together = [validate_object(raw, memo) for raw in pods]
    assert (together, len(memo._found)) == ([validate_object(raw) for raw in pods], remembered)


def test_a_remembered_spec_is_not_checked_again(monkeypatch):
    from explorer.model import validation
    calls = []
    check = validation.validate_pod_spec
    monkeypatch.setattr(validation, "validate_pod_spec", lambda c, path: (calls.append(path), check(c, path)))
    memo = ValidationMemo()
    for i in range(5):
        validate_object(_pod(f"web-{i}", BAD, f"worker-{i}"), memo)
    assert calls == [("spec",)]


def test_the_memo_keeps_at_most_max_specs(monkeypatch):
    monkeypatch.setattr(ValidationMemo, "MAX", 2)
    memo = ValidationMemo()
    pods = [_pod(f"p{i}", {"containers": [{"name": f"c{i}", "image": "nginx"}]}) for i in range(4)]
    assert ([validate_object(p, memo) for p in pods], len(memo._found)) == ([[]] * 4, 2)
