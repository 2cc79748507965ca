"""FailedScheduling messages exactly as kube-scheduler 1.34 writes them, and preemption's verdict."""

from __future__ import annotations

import pytest

from explorer.sim.scheduler import Scheduler, SchedulerConfig
from explorer.sim.scheduler.messages import fit_error, histogram
from tests.sim.scheduler.helpers import node, pod

GPU = [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]


def pinned(*fields):
    """Required node affinity with one matchFields metadata.name In requirement per argument (a DaemonSet's)."""
    return {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchFields": [{"key": "metadata.name", "operator": "In", "values": list(v)} for v in fields]}]}}}


FOUR_SMALL = [node(f"n{i}", cpu="1") for i in range(4)]


def schedule(nodes, bound, incoming):
    sched = Scheduler(SchedulerConfig())
    for n in nodes:
        sched.add_node(n)
    for b in bound:
        sched.add_pod(b)
    r = sched.schedule(incoming)
    return r.selected, r.message, r.nominated_node, r.victims


MESSAGE_CASES = {
    "taints-and-cpu": (
        [node("a", taints=GPU), node("b", taints=GPU), node("c")], [pod("x", cpu="3", node_name="c")],
        pod("p", cpu="2"),
        (None, "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: gpu}. "
               "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, "
               "2 Preemption is not helpful for scheduling.", None, [])),
    "cpu-and-memory-on-one-node": (
        [node("a")], [pod("x", cpu="3", memory="15Gi", node_name="a")], pod("p", cpu="2", memory="2Gi"),
        (None, "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are "
               "available: 1 No preemption victims found for incoming pod.", None, [])),
    "selector-and-cordon": (
        [node("a", unschedulable=True), node("b"), node("c", labels={"disk": "ssd"}, unschedulable=True)], [],
        pod("p", node_selector={"disk": "ssd"}),
        (None, "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 node(s) were "
               "unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
         None, [])),
    "larger-than-any-node": (
        [node("a"), node("b")], [], pod("p", cpu="8"),
        (None, "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 Preemption "
               "is not helpful for scheduling.", None, [])),
    "too-many-pods": (
        [node("a", pods=1)], [pod("x", node_name="a")], pod("p"),
        (None, "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption "
               "victims found for incoming pod.", None, [])),
    "preemption-policy-never": (
        [node("a")], [pod("x", cpu="4", node_name="a")], pod("p", cpu="1", priority=100, preemption_policy="Never"),
        (None, "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to "
               "preemptionPolicy=Never.", None, [])),
    "preemption-helps": (
        [node("a"), node("b")],
        [pod("low", cpu="3", node_name="a"), pod("mid", cpu="3", node_name="b", priority=50)],
        pod("p", cpu="2", priority=100),
        (None, "0/2 nodes are available: 2 Insufficient cpu.", "a", [("default", "low")])),
    "no-nodes": ([], [], pod("p"), (None, "no nodes available to schedule pods", None, [])),
    "daemonset-pod-pinned-to-full-node": (
        FOUR_SMALL, [pod("x", cpu="1", node_name="n1")], pod("d", cpu="500m", affinity=pinned(["n1"])),
        (None, "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
               "preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, "
               "3 Preemption is not helpful for scheduling.", None, [])),
    "daemonset-pod-pinned-fits": (FOUR_SMALL, [], pod("d", affinity=pinned(["n2"])), ("n2", None, None, [])),
    "node-name-terms-conflict": (
        FOUR_SMALL, [], pod("d", affinity=pinned(["n1"], ["n2"])),
        (None, "0/4 nodes are available: pod affinity terms conflict. preemption: 0/4 nodes are available: "
               "4 Preemption is not helpful for scheduling.", None, [])),
    "scheduled": ([node("a")], [], pod("p"), ("a", None, None, [])),
}


@pytest.mark.parametrize("nodes,bound,incoming,expected", MESSAGE_CASES.values(), ids=MESSAGE_CASES.keys())
def test_failed_scheduling_message(nodes, bound, incoming, expected):
    assert schedule(nodes, bound, incoming) == expected


HISTOGRAM_CASES = {
    "sorted-as-strings": ([("b",), ("a",), ("b",)] + [("c",)] * 10, "1 a, 10 c, 2 b"),
    "several-reasons-per-node": ([("Insufficient cpu", "Insufficient memory")], "1 Insufficient cpu, 1 Insufficient memory"),
    "empty": ([], ""),
}


@pytest.mark.parametrize("reasons,expected", HISTOGRAM_CASES.values(), ids=HISTOGRAM_CASES.keys())
def test_histogram(reasons, expected):
    assert histogram(reasons) == expected


def test_fit_error_with_preemption_message():
    assert fit_error(2, [("x",), ("x",)], "preemption: 0/2 nodes are available: 2 y.") == \
        "0/2 nodes are available: 2 x. preemption: 0/2 nodes are available: 2 y."
