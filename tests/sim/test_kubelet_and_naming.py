"""Small pure helpers: QoS classes, names, timestamps, structural edits, the event loop's ordering."""

from __future__ import annotations

import random

import pytest

from explorer.model import Pod
from explorer.sim.kubelet import qos_class
from explorer.sim.loop import EventLoop
from explorer.sim.naming import ALPHANUMS, new_uid, pod_template_hash, random_suffix, safe_encode, timestamp
from explorer.sim.patch import assoc, dissoc


def pod(*resources):
    return Pod({"spec": {"containers": [{"name": f"c{i}", **({"resources": r} if r is not None else {})}
                                        for i, r in enumerate(resources)]}})


QOS = {
    "nothing": (pod(None), "BestEffort"),
    "requests-only": (pod({"requests": {"cpu": "1"}}), "Burstable"),
    "limits-only": (pod({"limits": {"cpu": "1", "memory": "1Gi"}}), "Guaranteed"),
    "equal": (pod({"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}}), "Guaranteed"),
    "one-container-without": (pod({"limits": {"cpu": "1", "memory": "1Gi"}}, None), "Burstable"),
    "lower-request": (pod({"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}}),
                      "Burstable"),
}


@pytest.mark.parametrize("p, expected", QOS.values(), ids=QOS.keys())
def test_qos_class(p, expected):
    assert qos_class(p) == expected


def test_names():
    rng = random.Random(0)
    template = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "nginx"}]}}
    suffix = random_suffix(rng)
    assert {
        "hash": pod_template_hash(template),
        "hash-stable": pod_template_hash(dict(template)) == pod_template_hash(template),
        "hash-collision": pod_template_hash(template, 1) != pod_template_hash(template),
        "encode": safe_encode("0123"),
        "suffix": (len(suffix), set(suffix) <= set(ALPHANUMS)),
        "uid": len(new_uid(rng)),
        "timestamp": timestamp(3661),
    } == {"hash": pod_template_hash(template), "hash-stable": True, "hash-collision": True, "encode": "4567",
          "suffix": (5, True), "uid": 36, "timestamp": "2026-01-01T01:01:01Z"}


def test_assoc_shares_untouched_branches():
    raw = {"metadata": {"name": "a"}, "spec": {"x": 1}, "status": {"phase": "Pending"}}
    new = assoc(raw, ("status", "phase"), "Running")
    gone = dissoc(new, ("spec", "x"))
    assert (raw["status"]["phase"], new, new["metadata"] is raw["metadata"], gone["spec"]) == \
        ("Pending", {"metadata": {"name": "a"}, "spec": {"x": 1}, "status": {"phase": "Running"}}, True, {})


def test_loop_orders_by_time_priority_then_fifo():
    loop = EventLoop()
    for at, prio, name in ((5, 1, "late"), (1, 9, "b"), (1, 1, "a1"), (1, 1, "a2"), (0, 50, "first")):
        loop.schedule(at, prio, name)
    order = []
    while loop.peek() is not None:
        item = loop.pop()
        order.append((item[0], item[3]))
    loop.priority = 30
    loop.schedule_soon(20, "soon")
    assert (order, loop.heap[0][:2]) == ([(0, "first"), (1, "a1"), (1, "a2"), (1, "b"), (5, "late")], (5, 120))
