"""Each default plugin on its own: tables of named cases (pod, nodes) -> status or scores, compared whole."""

from __future__ import annotations

import pytest

from explorer.sim.scheduler import Scheduler, SchedulerConfig
from explorer.sim.scheduler.framework import (UNRESOLVABLE, UNSCHEDULABLE, CycleState, PodInfo, Snapshot,
                                              Status)
from explorer.sim.scheduler.plugins import (BalancedAllocation, NodeAffinity, NodeName, NodePorts,
                                            NodeResourcesFit, NodeUnschedulable, TaintToleration)
from tests.sim.scheduler.helpers import node, node_info, pod, replica_set, service

GPU_TAINT = {"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}


def run_filter(plugin, p, n):
    return plugin.filter(CycleState(), PodInfo(p), n)


def run_scores(plugin, p, nodes):
    """Scores after NormalizeScore (or None when PreScore skips)."""
    state, pi = CycleState(), PodInfo(p)
    snap = Snapshot(nodes=nodes)
    if not plugin.pre_score(state, pi, nodes, snap):
        return None
    scores = [plugin.score(state, pi, n) for n in nodes]
    if plugin.normalize is not None:
        plugin.normalize(state, pi, nodes, scores)
    return scores


FILTER_CASES = {
    "unschedulable-node": (NodeUnschedulable(), pod("p"), node_info(node("n", unschedulable=True)),
                           Status(UNRESOLVABLE, ("node(s) were unschedulable",), "NodeUnschedulable")),
    "unschedulable-tolerated": (NodeUnschedulable(),
                                pod("p", tolerations=[{"key": "node.kubernetes.io/unschedulable",
                                                       "operator": "Exists", "effect": "NoSchedule"}]),
                                node_info(node("n", unschedulable=True)), None),
    "schedulable-node": (NodeUnschedulable(), pod("p"), node_info(node("n")), None),
    "nodename-match": (NodeName(), pod("p", node_name="n"), node_info(node("n")), None),
    "nodename-mismatch": (NodeName(), pod("p", node_name="other"), node_info(node("n")),
                          Status(UNRESOLVABLE, ("node(s) didn't match the requested node name",), "NodeName")),
    "ports-free": (NodePorts(), pod("p", host_port=8080), node_info(node("n"), pod("q", host_port=9090,
                                                                                     node_name="n")), None),
    "ports-taken": (NodePorts(), pod("p", host_port=8080), node_info(node("n"), pod("q", host_port=8080,
                                                                                      node_name="n")),
                    Status(UNSCHEDULABLE, ("node(s) didn't have free ports for the requested pod ports",),
                           "NodePorts")),
    "taint-untolerated": (TaintToleration(), pod("p"), node_info(node("n", taints=[GPU_TAINT])),
                          Status(UNRESOLVABLE, ("node(s) had untolerated taint {dedicated: gpu}",),
                                 "TaintToleration")),
    "taint-no-value": (TaintToleration(), pod("p"),
                       node_info(node("n", taints=[{"key": "node-role.kubernetes.io/control-plane",
                                                    "effect": "NoSchedule"}])),
                       Status(UNRESOLVABLE, ("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",),
                              "TaintToleration")),
    "taint-tolerated-equal": (TaintToleration(),
                              pod("p", tolerations=[{"key": "dedicated", "operator": "Equal", "value": "gpu",
                                                     "effect": "NoSchedule"}]),
                              node_info(node("n", taints=[GPU_TAINT])), None),
    "taint-tolerated-exists-any-effect": (TaintToleration(),
                                          pod("p", tolerations=[{"key": "dedicated", "operator": "Exists"}]),
                                          node_info(node("n", taints=[GPU_TAINT])), None),
    "taint-wrong-value": (TaintToleration(),
                          pod("p", tolerations=[{"key": "dedicated", "operator": "Equal", "value": "tpu"}]),
                          node_info(node("n", taints=[GPU_TAINT])),
                          Status(UNRESOLVABLE, ("node(s) had untolerated taint {dedicated: gpu}",),
                                 "TaintToleration")),
    "taint-prefer-no-schedule-passes": (TaintToleration(), pod("p"),
                                        node_info(node("n", taints=[{"key": "spot", "value": "true",
                                                                     "effect": "PreferNoSchedule"}])), None),
    "taint-no-execute": (TaintToleration(), pod("p"),
                         node_info(node("n", taints=[{"key": "node.kubernetes.io/unreachable",
                                                      "effect": "NoExecute"}])),
                         Status(UNRESOLVABLE, ("node(s) had untolerated taint {node.kubernetes.io/unreachable: }",),
                                "TaintToleration")),
    "selector-match": (NodeAffinity(), pod("p", node_selector={"disk": "ssd"}),
                       node_info(node("n", labels={"disk": "ssd"})), None),
    "selector-mismatch": (NodeAffinity(), pod("p", node_selector={"disk": "ssd"}), node_info(node("n")),
                          Status(UNRESOLVABLE, ("node(s) didn't match Pod's node affinity/selector",),
                                 "NodeAffinity")),
    "required-terms-ored": (NodeAffinity(),
                            pod("p", affinity={"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                                "nodeSelectorTerms": [
                                    {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]},
                                    {"matchExpressions": [{"key": "pool", "operator": "Exists"}]}]}}}),
                            node_info(node("n", labels={"pool": "x"})), None),
    "required-expressions-anded": (NodeAffinity(),
                                   pod("p", affinity={"nodeAffinity": {
                                       "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                                           {"matchExpressions": [
                                               {"key": "disk", "operator": "In", "values": ["ssd"]},
                                               {"key": "pool", "operator": "Exists"}]}]}}}),
                                   node_info(node("n", labels={"pool": "x"})),
                                   Status(UNRESOLVABLE, ("node(s) didn't match Pod's node affinity/selector",),
                                          "NodeAffinity")),
    "required-match-fields": (NodeAffinity(),
                              pod("p", affinity={"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                                  "nodeSelectorTerms": [{"matchFields": [
                                      {"key": "metadata.name", "operator": "In", "values": ["n"]}]}]}}}),
                              node_info(node("n")), None),
    "fit-ok": (NodeResourcesFit(), pod("p", cpu="1", memory="1Gi"), node_info(node("n")), None),
    "fit-insufficient-cpu": (NodeResourcesFit(), pod("p", cpu="2"),
                             node_info(node("n"), pod("q", cpu="3", node_name="n")),
                             Status(UNSCHEDULABLE, ("Insufficient cpu",), "NodeResourcesFit")),
    "fit-cpu-and-memory": (NodeResourcesFit(), pod("p", cpu="2", memory="10Gi"),
                           node_info(node("n"), pod("q", cpu="3", memory="10Gi", node_name="n")),
                           Status(UNSCHEDULABLE, ("Insufficient cpu", "Insufficient memory"), "NodeResourcesFit")),
    "fit-more-than-allocatable": (NodeResourcesFit(), pod("p", cpu="5"), node_info(node("n")),
                                  Status(UNRESOLVABLE, ("Insufficient cpu",), "NodeResourcesFit")),
    "fit-too-many-pods": (NodeResourcesFit(), pod("p"), node_info(node("n", pods=1), pod("q", node_name="n")),
                          Status(UNSCHEDULABLE, ("Too many pods",), "NodeResourcesFit")),
    "fit-best-effort-on-full-node": (NodeResourcesFit(), pod("p"),
                                     node_info(node("n"), pod("q", cpu="4", memory="16Gi", node_name="n")), None),
}


@pytest.mark.parametrize("plugin,p,n,expected", FILTER_CASES.values(), ids=FILTER_CASES.keys())
def test_filter(plugin, p, n, expected):
    assert run_filter(plugin, p, n) == expected


NODE = node("n", cpu="4", memory="16Gi")
SCORE_CASES = {
    "least-allocated": (NodeResourcesFit(), pod("p", cpu="1", memory="2Gi"),
                        [node_info(NODE, pod("q", cpu="1", memory="4Gi", node_name="n"))], [56]),
    "most-allocated": (NodeResourcesFit("MostAllocated"), pod("p", cpu="1", memory="2Gi"),
                       [node_info(NODE, pod("q", cpu="1", memory="4Gi", node_name="n"))], [43]),
    "least-allocated-nonzero-defaults": (NodeResourcesFit(), pod("p"), [node_info(NODE)], [97]),
    "least-allocated-explicit-zero": (NodeResourcesFit(), pod("p", cpu="0", memory="0"), [node_info(NODE)], [100]),
    "balanced": (BalancedAllocation(), pod("p", cpu="1", memory="2Gi"),
                 [node_info(NODE, pod("q", cpu="1", memory="2Gi", node_name="n"))], [87]),
    "balanced-equal-fractions": (BalancedAllocation(), pod("p", cpu="1", memory="4Gi"),
                                 [node_info(NODE, pod("q", cpu="1", memory="4Gi", node_name="n"))], [100]),
    "balanced-capped-at-one": (BalancedAllocation(), pod("p", cpu="1", memory="2Gi"),
                               [node_info(NODE, pod("q", cpu="4", memory="2Gi", node_name="n"))], [62]),
    "balanced-skips-best-effort": (BalancedAllocation(), pod("p"), [node_info(NODE)], None),
    "taint-prefer-no-schedule-reverse": (TaintToleration(), pod("p"), [
        node_info(node("a")),
        node_info(node("b", taints=[{"key": "spot", "effect": "PreferNoSchedule"}])),
        node_info(node("c", taints=[{"key": "spot", "effect": "PreferNoSchedule"},
                                    {"key": "old", "effect": "PreferNoSchedule"}]))], [100, 50, 0]),
    "taint-all-clean": (TaintToleration(), pod("p"), [node_info(node("a")), node_info(node("b"))], [100, 100]),
    "taint-tolerated-prefer": (TaintToleration(), pod("p", tolerations=[{"key": "spot", "operator": "Exists",
                                                                         "effect": "PreferNoSchedule"}]),
                               [node_info(node("a")),
                                node_info(node("b", taints=[{"key": "spot", "effect": "PreferNoSchedule"}]))],
                               [100, 100]),
    "node-affinity-preferred": (NodeAffinity(), pod("p", affinity={"nodeAffinity": {
        "preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 30, "preference": {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]}},
            {"weight": 10, "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}}]}}),
        [node_info(node("a", labels={"disk": "ssd", "zone": "a"})), node_info(node("b", labels={"disk": "ssd"})),
         node_info(node("c"))], [100, 75, 0]),
    "node-affinity-no-preferences": (NodeAffinity(), pod("p"), [node_info(node("a"))], None),
}


@pytest.mark.parametrize("plugin,p,nodes,expected", SCORE_CASES.values(), ids=SCORE_CASES.keys())
def test_score(plugin, p, nodes, expected):
    assert run_scores(plugin, p, nodes) == expected


def explain_rows(nodes, bound, incoming, objects=()):
    """[(node, passed, plugin, reasons, scores of one plugin)] from one explained cycle."""
    sched = Scheduler(SchedulerConfig())
    for n in nodes:
        sched.add_node(n)
    for o in objects:
        sched.add_object(o)
    for b in bound:
        sched.add_pod(b)
    result = sched.schedule(incoming, explain=True)
    return [(r.name, r.passed, r.plugin, r.reasons) for r in result.nodes], \
        {r.name: r.scores.get("PodTopologySpread") for r in result.nodes if r.passed}, \
        {r.name: r.scores.get("InterPodAffinity") for r in result.nodes if r.passed}


ZONED = [node("n1", zone="a"), node("n2", zone="a"), node("n3", zone="b")]
WEB = {"app": "web"}
HARD_SPREAD = [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
                "labelSelector": {"matchLabels": WEB}}]
ANTI_WEB = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
    {"labelSelector": {"matchLabels": WEB}, "topologyKey": "kubernetes.io/hostname"}]}}
AFFINITY_DB = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
    {"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "topology.kubernetes.io/zone"}]}}
SPREAD_FAIL = (UNSCHEDULABLE, "PodTopologySpread", ["node(s) didn't match pod topology spread constraints"])

CYCLE_CASES = {
    "spread-hard-maxskew": (
        ZONED + [node("n4")], [pod("w1", labels=WEB, node_name="n1")], pod("w2", labels=WEB, spread=HARD_SPREAD), (),
        [("n1", False, "PodTopologySpread", ["node(s) didn't match pod topology spread constraints"]),
         ("n2", False, "PodTopologySpread", ["node(s) didn't match pod topology spread constraints"]),
         ("n3", True, None, []),
         ("n4", False, "PodTopologySpread",
          ["node(s) didn't match pod topology spread constraints (missing required label)"])],
        {"n3": 0}, {"n3": 0}),
    "spread-system-defaults": (
        ZONED, [pod("w1", labels=WEB, node_name="n1"), pod("w2", labels=WEB, node_name="n1"),
                pod("w3", labels=WEB, node_name="n3")],
        pod("w4", labels=WEB), [service("web", WEB)],
        [("n1", True, None, []), ("n2", True, None, []), ("n3", True, None, [])],
        {"n1": 75, "n2": 100, "n3": 100}, {"n1": 0, "n2": 0, "n3": 0}),
    "spread-defaults-from-replicaset": (
        ZONED, [pod("w1", labels=WEB, node_name="n1", owner="web-1")], pod("w2", labels=WEB, owner="web-1"),
        [replica_set("web-1", WEB)],
        [("n1", True, None, []), ("n2", True, None, []), ("n3", True, None, [])],
        {"n1": 66, "n2": 88, "n3": 100}, {"n1": 0, "n2": 0, "n3": 0}),
    "spread-no-selector-skips": (
        ZONED, [pod("w1", labels=WEB, node_name="n1")], pod("w2", labels=WEB), (),
        [("n1", True, None, []), ("n2", True, None, []), ("n3", True, None, [])],
        {"n1": 0, "n2": 0, "n3": 0}, {"n1": 0, "n2": 0, "n3": 0}),
    "anti-affinity-own": (
        ZONED, [pod("w1", labels=WEB, node_name="n1")], pod("w2", labels=WEB, affinity=ANTI_WEB), (),
        [("n1", False, "InterPodAffinity", ["node(s) didn't match pod anti-affinity rules"]),
         ("n2", True, None, []), ("n3", True, None, [])],
        {"n2": 0, "n3": 0}, {"n2": 0, "n3": 0}),
    "anti-affinity-existing": (
        ZONED, [pod("w1", labels={"app": "x"}, node_name="n2", affinity=ANTI_WEB)], pod("w2", labels=WEB), (),
        [("n1", True, None, []),
         ("n2", False, "InterPodAffinity", ["node(s) didn't satisfy existing pods anti-affinity rules"]),
         ("n3", True, None, [])],
        {"n1": 0, "n3": 0}, {"n1": 0, "n3": 0}),
    "affinity-unmet": (
        ZONED, [], pod("w", labels=WEB, affinity=AFFINITY_DB), (),
        [(n, False, "InterPodAffinity", ["node(s) didn't match pod affinity rules"]) for n in ("n1", "n2", "n3")],
        {}, {}),
    "affinity-first-of-its-kind": (
        ZONED, [], pod("d", labels={"app": "db"}, affinity=AFFINITY_DB), (),
        [("n1", True, None, []), ("n2", True, None, []), ("n3", True, None, [])],
        {"n1": 0, "n2": 0, "n3": 0}, {"n1": 0, "n2": 0, "n3": 0}),
    "affinity-follows-zone": (
        ZONED, [pod("d", labels={"app": "db"}, node_name="n3")], pod("w", labels=WEB, affinity=AFFINITY_DB), (),
        [(n, False, "InterPodAffinity", ["node(s) didn't match pod affinity rules"]) for n in ("n1", "n2")]
        + [("n3", True, None, [])],
        {"n3": 0}, {"n3": 0}),
    "preferred-affinity-scores": (
        ZONED, [pod("d", labels={"app": "db"}, node_name="n3")],
        pod("w", labels=WEB, affinity={"podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 40, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "db"}},
                                               "topologyKey": "topology.kubernetes.io/zone"}}]}}), (),
        [("n1", True, None, []), ("n2", True, None, []), ("n3", True, None, [])],
        {"n1": 0, "n2": 0, "n3": 0}, {"n1": 0, "n2": 0, "n3": 100}),
    "existing-required-affinity-counts-hard-weight": (
        ZONED, [pod("d", labels={"app": "db"}, node_name="n1", affinity={"podAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": [
                {"labelSelector": {"matchLabels": WEB}, "topologyKey": "kubernetes.io/hostname"}]}})],
        pod("w", labels=WEB), (),
        [("n1", True, None, []), ("n2", True, None, []), ("n3", True, None, [])],
        {"n1": 0, "n2": 0, "n3": 0}, {"n1": 100, "n2": 0, "n3": 0}),
}


@pytest.mark.parametrize("nodes,bound,incoming,objects,rows,spread,affinity", CYCLE_CASES.values(),
                         ids=CYCLE_CASES.keys())
def test_cycle_plugins(nodes, bound, incoming, objects, rows, spread, affinity):
    assert explain_rows(nodes, bound, incoming, objects) == (rows, spread, affinity)
