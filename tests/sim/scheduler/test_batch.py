"""``Scheduler.schedule_batch`` gives exactly what scheduling and binding the same pods one by one gives: the same
placements, FailedScheduling messages, preemption nominations, callback order, random state and cache."""

from __future__ import annotations

import random

import pytest

from explorer.model.objects import Pod
from explorer.sim.scheduler import NO_NODES_AVAILABLE, Scheduler, SchedulerConfig
from tests.sim.scheduler import workload
from tests.sim.scheduler.helpers import node, pod, replica_set, service
from tests.sim.scheduler.reference import run_reference
from tests.sim.scheduler.test_fast import _random_pod

ALL_NODES = SchedulerConfig(percentage_of_nodes_to_score=100)


def _batch_placements(sched, nodes, services, replica_sets, pods) -> list:
    for n in nodes:
        sched.add_node(n)
    for obj in list(services) + list(replica_sets):
        sched.add_object(obj)
    return [r if isinstance(r, str) else r.selected for r in sched.schedule_batch(pods, workload.bound)]


# name: (nodes, deployments, pods, seed, zones)
REFERENCE_CASES = {
    "500-nodes": (500, 20, 1000, 2, 3),
    "dense-nodes-fill-up": (30, 15, 1500, 2, 3),
    "single-zone-small": (12, 4, 300, 3, 1),
}


@pytest.mark.parametrize("n_nodes,deployments,pods,seed,zones", REFERENCE_CASES.values(), ids=REFERENCE_CASES.keys())
def test_batch_equals_reference(n_nodes, deployments, pods, seed, zones):
    """The benchmark's check (500 nodes), plus nodes filling up (pods stop fitting mid-class) and one zone."""
    nodes = workload.make_nodes(n_nodes, seed, zones=zones)
    services, replica_sets, pending = workload.make_workload(deployments, pods, seed)
    batch = _batch_placements(Scheduler(ALL_NODES, seed=seed), nodes, services, replica_sets, pending)
    assert batch == run_reference(nodes, services, replica_sets, pending, seed=seed)


# --- batch against the one-by-one loop ---------------------------------------------------------------------------

def _plain_bind(sched, trace):
    def bind(p, where):
        trace.append(("bind", p.name, where))
        return workload.bound(p, where)
    return bind


def _watch_bind(sched, trace):
    """Reports the bound pod itself (as the simulator's watch does) and returns None."""
    def bind(p, where):
        trace.append(("bind", p.name, where))
        sched.add_pod(workload.bound(p, where))
        return None
    return bind


def _rewriting_bind(sched, trace):
    """Returns a bound pod with fresh metadata (a resourceVersion, as an API server write gives)."""
    def bind(p, where):
        trace.append(("bind", p.name, where))
        raw = dict(p.raw, metadata=dict(p.raw["metadata"], resourceVersion=str(len(trace))))
        raw["spec"] = dict(raw["spec"], nodeName=where)
        return Pod(raw)
    return bind


def _churning_bind(sched, trace):
    """Changes the cache from inside the bind: unbinds an earlier pod every 7th bind, cordons a node at the
    20th, and adds a node at the 40th (a generation change mid-batch)."""
    binds = []

    def bind(p, where):
        trace.append(("bind", p.name, where))
        binds.append(p)
        if len(binds) % 7 == 0:
            sched.remove_pod(binds[len(binds) // 2])
        if len(binds) == 20:
            sched.update_node(node(where, cpu="4", unschedulable=True, zone="zone-a"))
        if len(binds) == 40:
            sched.add_node(node("late-node", cpu="32", memory="128Gi", zone="zone-b"))
        return workload.bound(p, where)
    return bind


def _affinity_bind(sched, trace):
    """At the 3rd bind and at the 21st (the first pod of the second template, bound before its run starts),
    counts a pod whose required anti-affinity selects the pods being scheduled (InterPodAffinity then filters
    them: the fast path must step aside from then on)."""
    binds = []

    def bind(p, where):
        trace.append(("bind", p.name, where))
        binds.append(p)
        if len(binds) in (3, 21):
            anti = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"labelSelector": {"matchLabels": {"app": p.labels["app"]}},
                 "topologyKey": "topology.kubernetes.io/zone"}]}}
            sched.add_pod(pod(f"guard-{len(binds)}", namespace=p.namespace, labels={"app": "guard"}, affinity=anti,
                              node_name=where))
        return workload.bound(p, where)
    return bind


def _deployments(n_nodes, deployments, pods, seed, zones=3):
    nodes = workload.make_nodes(n_nodes, seed, zones=zones)
    services, replica_sets, pending = workload.make_workload(deployments, pods, seed)
    return nodes, list(services) + list(replica_sets), pending


def _filling_up():
    """Three small nodes: each template's pods stop fitting halfway through its run, and later templates
    (smaller requests, no requests) fit again in the room left."""
    nodes = [node(f"n{i}", cpu="1", memory="2Gi", pods=12, zone="ab"[i % 2]) for i in range(3)]
    objects = [service("big", {"app": "big"}), replica_set("rs-small", {"app": "small"})]
    pending = ([pod(f"big-{i:02d}", cpu="300m", labels={"app": "big"}) for i in range(14)]
               + [pod(f"small-{i:02d}", cpu="50m", memory="64Mi", labels={"app": "small"}, owner="rs-small")
                  for i in range(20)]
               + [pod(f"none-{i:02d}", labels={"app": "none"}) for i in range(12)])
    return nodes, objects, pending


def _interplay():
    """Taints (NoSchedule, PreferNoSchedule), zones, node labels; templates with tolerations, nodeSelector,
    preferred node affinity, explicit spread constraints and pod anti-affinity (these two on the plain cycle),
    interleaved so that runs of one template are cut short."""
    nodes = []
    for i in range(24):
        taints = None
        if i % 6 == 1:
            taints = [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]
        elif i % 6 == 4:
            taints = [{"key": "spot", "value": "true", "effect": "PreferNoSchedule"}]
        nodes.append(node(f"n{i:02d}", cpu=("2", "4", "8")[i % 3], zone="abc"[i % 3], taints=taints,
                          labels={"disk": "ssd"} if i % 4 == 0 else None))
    objects = [service("web", {"app": "web"}), service("api", {"app": "api"}), replica_set("rs-db", {"app": "db"})]
    prefer = {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 40, "preference": {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]}}]}}
    anti = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "kubernetes.io/hostname"}]}}
    spread = [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
               "labelSelector": {"matchLabels": {"app": "api"}}}]
    templates = {
        "web": dict(labels={"app": "web"}, cpu="200m", memory="256Mi", affinity=prefer),
        "gpu": dict(labels={"app": "gpu"}, cpu="500m", node_selector={"disk": "ssd"},
                    tolerations=[{"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}]),
        "spot": dict(labels={"app": "spot"}, memory="512Mi", tolerations=[{"key": "spot", "operator": "Exists"}]),
        "api": dict(labels={"app": "api"}, cpu="100m", spread=spread),
        "db": dict(labels={"app": "db"}, cpu="250m", owner="rs-db", affinity=anti),
    }
    order = ["web"] * 9 + ["gpu"] * 4 + ["web"] * 3 + ["spot"] * 6 + ["api"] * 5 + ["web"] * 4 + ["db"] * 6 \
        + ["spot"] * 3 + ["web"] * 5
    pending = [pod(f"{name}-{i:02d}", **templates[name]) for i, name in enumerate(order)]
    return nodes, objects, pending


def _preemption():
    """Nodes full of low-priority pods; high-priority pods that only fit by preemption (nominated node and
    victims), one with preemptionPolicy Never, and ordinary pods around them."""
    nodes = [node(f"n{i}", cpu="2", memory="4Gi", zone="ab"[i % 2]) for i in range(4)]
    objects = [service("low", {"app": "low"})]
    pending = [pod(f"low-{i:02d}", cpu="500m", labels={"app": "low"}, priority=1) for i in range(16)]
    pending += [pod("high-0", cpu="1", priority=1000), pod("high-1", cpu="1500m", priority=1000),
                pod("never", cpu="1", priority=1000, preemption_policy="Never")]
    pending += [pod(f"tail-{i}", labels={"app": "tail"}) for i in range(5)]
    return nodes, objects, pending


def _mixed(seed):
    def build():
        rng = random.Random(seed)
        nodes = [node(f"n{i}", cpu=rng.choice(["1", "2", "4"]), zone=rng.choice(["a", "b", None]),
                      taints=[{"key": "x", "effect": rng.choice(["NoSchedule", "PreferNoSchedule"])}]
                      if rng.random() < 0.2 else None, unschedulable=rng.random() < 0.1)
                 for i in range(rng.randint(1, 130))]
        prng = random.Random(seed + 1000)
        pending = []
        for i in range(120):   # runs of one template between random pods
            p = _random_pod(prng, i)
            pending.append(p)
            if prng.random() < 0.3:
                pending += [Pod(dict(p.raw, metadata=dict(p.raw["metadata"], name=f"p{i}-{j}")))
                            for j in range(prng.randint(1, 8))]
        return nodes, [service("svc-a", {"app": "a"}), replica_set("rs-b", {"app": "b"})], pending
    return build


def _no_nodes():
    return [], [], [pod(f"p{i}", cpu="100m") for i in range(3)]


# name: (config, workload builder, bind factory)
LOOP_CASES = {
    "deployments-all-nodes": (ALL_NODES, lambda: _deployments(60, 10, 900, 4), _plain_bind),
    "deployments-adaptive-sampled-search": (SchedulerConfig(), lambda: _deployments(300, 12, 900, 8), _plain_bind),
    "deployments-plain-cycle": (SchedulerConfig(percentage_of_nodes_to_score=100, fast=False),
                                lambda: _deployments(40, 6, 300, 5), _plain_bind),
    "most-allocated": (SchedulerConfig(scoring_strategy="MostAllocated", percentage_of_nodes_to_score=100),
                       lambda: _deployments(50, 8, 600, 6), _plain_bind),
    "class-stops-fitting-halfway": (ALL_NODES, _filling_up, _plain_bind),
    "class-stops-fitting-adaptive": (SchedulerConfig(), _filling_up, _plain_bind),
    "taints-affinity-spread-interplay": (ALL_NODES, _interplay, _plain_bind),
    "preemption-unchanged": (ALL_NODES, _preemption, _plain_bind),
    "bind-reports-through-add-pod": (ALL_NODES, lambda: _deployments(40, 6, 500, 7), _watch_bind),
    "bind-returns-rewritten-pod": (ALL_NODES, lambda: _deployments(40, 6, 500, 7), _rewriting_bind),
    "cache-changes-inside-bind": (ALL_NODES, lambda: _deployments(40, 6, 500, 9), _churning_bind),
    "bind-adds-affinity-pod": (ALL_NODES, lambda: _deployments(40, 3, 60, 9), _affinity_bind),
    "cache-changes-inside-bind-adaptive": (SchedulerConfig(), lambda: _deployments(150, 6, 500, 9), _churning_bind),
    "mixed-random-seed-3": (ALL_NODES, _mixed(3), _plain_bind),
    "mixed-random-seed-21": (SchedulerConfig(percentage_of_nodes_to_score=50), _mixed(21), _plain_bind),
    "mixed-random-seed-33": (SchedulerConfig(), _mixed(33), _plain_bind),
    "no-nodes": (ALL_NODES, _no_nodes, _plain_bind),
}


def _outcome(x):
    return x if isinstance(x, str) else (x.selected, x.message, x.nominated_node, x.victims)


def _run(config, build, bind_factory, batch: bool):
    nodes, objects, pending = build()
    sched = Scheduler(config, seed=11)
    for n in nodes:
        sched.add_node(n)
    for obj in objects:
        sched.add_object(obj)
    trace = []
    bind = bind_factory(sched, trace)

    def failed(p, result):
        trace.append(("failed", p.name, result.message))
    if batch:
        out = sched.schedule_batch(iter(pending), bind, failed)
    else:
        out = []
        for p in pending:
            result = sched.schedule(p)
            if result.selected:
                out.append(result.selected)
                bound = bind(p, result.selected)
                if bound is not None:
                    sched.add_pod(bound)
            else:
                out.append(result)
                failed(p, result)
    cache = {name: sorted(info.pods) for name, info in sched._nodes.items()}
    index = {k: sorted(v) for k, v in sched.pod_index.items() if v}
    return [_outcome(x) for x in out], trace, sched.get_state(), cache, sorted(sched._pods), index


@pytest.fixture(params=["compiled-loop", "python-loop"])
def loop(request, monkeypatch):
    """Runs a test with the fast path's per-class loop compiled (numba, the default) and in Python."""
    from explorer.sim.scheduler import compiled
    if request.param == "python-loop":
        monkeypatch.setattr(compiled, "ready", lambda: False)
        monkeypatch.setattr(compiled, "load_on_first_use", False)
    return request.param


@pytest.mark.parametrize("config,build,bind_factory", LOOP_CASES.values(), ids=LOOP_CASES.keys())
def test_batch_equals_one_by_one(config, build, bind_factory, loop):
    assert _run(config, build, bind_factory, batch=True) == _run(config, build, bind_factory, batch=False)


def test_the_compiled_loop_is_there_and_places_the_runs():
    """numba is a dependency: the compiled loop must load in the test environment, and a batch of Deployments'
    pods must go through it (otherwise the cases above would test the Python loop twice)."""
    from explorer.sim.scheduler import compiled
    assert (compiled.available(), compiled.unavailable_reason(), compiled.load()) == (True, None, True)
    nodes, objects, pending = _deployments(60, 10, 900, 4)
    sched = Scheduler(ALL_NODES, seed=11)
    for n in nodes:
        sched.add_node(n)
    for obj in objects:
        sched.add_object(obj)
    sched.schedule_batch(pending, workload.bound)
    assert sched._fast.compiled_pods > 800


# name: (config, workload builder, bind factory) - runs the compiled loop out of random words again and again
WORDS_CASES = {k: LOOP_CASES[k] for k in ("deployments-all-nodes", "most-allocated", "class-stops-fitting-halfway",
                                          "bind-reports-through-add-pod", "mixed-random-seed-3")}


@pytest.mark.parametrize("config,build,bind_factory", WORDS_CASES.values(), ids=WORDS_CASES.keys())
def test_compiled_loop_running_out_of_random_words(config, build, bind_factory, monkeypatch):
    """With one random word drawn ahead per chunk, most chunks stop at their second draw and the next chunk
    takes over: the same placements and random state as one by one."""
    from explorer.sim.scheduler import fast
    monkeypatch.setattr(fast, "WORDS_PER_POD", 0)
    monkeypatch.setattr(fast, "EXTRA_WORDS", 1)
    assert _run(config, build, bind_factory, batch=True) == _run(config, build, bind_factory, batch=False)


def test_compiled_loop_can_be_turned_off():
    import subprocess
    import sys
    code = ("from explorer.sim.scheduler import compiled as c; "
            "print(c.available(), c.load(), c.unavailable_reason())")
    env = {**__import__("os").environ, "K8S_EXPLORER_NO_JIT": "1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "False False the compiled path is turned off (K8S_EXPLORER_NO_JIT=1)"


# name: (builder, expected outcomes (node name, or (None, message, nominated node, victims)))
EXPECTED_CASES = {
    "no-nodes": (_no_nodes, [(None, NO_NODES_AVAILABLE, None, [])] * 3),
    "preemption-nominates": (
        lambda: ([node("n0", cpu="1")], [], [pod("low", cpu="800m", priority=1), pod("high", cpu="500m", priority=9)]),
        ["n0", (None, "0/1 nodes are available: 1 Insufficient cpu.", "n0", [("default", "low")])]),
}


@pytest.mark.parametrize("build,expected", EXPECTED_CASES.values(), ids=EXPECTED_CASES.keys())
def test_batch_outcomes(build, expected):
    assert _run(ALL_NODES, build, _plain_bind, batch=True)[0] == expected


def test_batch_reads_pods_lazily():
    """Each pod is taken from the iterable only after the previous one is bound (the simulator's queue reads
    the store as it goes)."""
    sched = Scheduler(ALL_NODES, seed=0)
    sched.add_node(node("n0"))
    events = []

    def pods():
        for i in range(3):
            events.append(("next", i))
            yield pod(f"p{i}", labels={"app": "a"})

    def bind(p, where):
        events.append(("bind", p.name))
        return workload.bound(p, where)
    assert (sched.schedule_batch(pods(), bind), events) == (
        ["n0"] * 3, [("next", 0), ("bind", "p0"), ("next", 1), ("bind", "p1"), ("next", 2), ("bind", "p2")])


def test_batch_leaves_the_collector_as_it_found_it():
    import gc
    sched = Scheduler(ALL_NODES, seed=0)
    sched.add_node(node("n0"))
    states = []
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            sched.schedule_batch([pod(f"p{enabled}")], workload.bound)
            states.append(gc.isenabled())
        finally:
            gc.enable()
    assert states == [True, False]


# name: pod template keyword arguments (helpers.pod)
SIBLING_CASES = {
    "plain": dict(labels={"app": "a"}),
    "requests-owner": dict(labels={"app": "b", "tier": "x"}, cpu="250m", memory="1Gi", owner="rs-b"),
    "tolerations-affinity-priority": dict(
        labels={"app": "c"}, tolerations=[{"key": "spot", "operator": "Exists"}], priority=7,
        node_selector={"pool": "gpu"}, affinity={"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 5, "preference": {"matchExpressions": [
                {"key": "disk", "operator": "In", "values": ["ssd"]}]}}]}}),
}


@pytest.mark.parametrize("kwargs", SIBLING_CASES.values(), ids=SIBLING_CASES.keys())
def test_pod_info_sibling_equals_a_fresh_pod_info(kwargs):
    """The batch's PodInfo for a further pod of a template (spec dict shared) has every field a fresh PodInfo
    of that pod has."""
    from explorer.sim.scheduler.framework import PodInfo
    first = pod("first", **kwargs)
    raw = dict(first.raw, metadata=dict(first.raw["metadata"], name="second",
                                        labels=dict(first.raw["metadata"]["labels"])))
    second = Pod(raw)
    template = PodInfo(first)
    template.rebound(workload.bound(first, "n0"))     # a bound template still gives pending siblings
    made = PodInfo.sibling(template.spec_values(), template.namespace, second, raw["metadata"], template.owner,
                           None)
    fresh = PodInfo(second)
    assert {s: getattr(made, s) for s in PodInfo.__slots__} == {s: getattr(fresh, s) for s in PodInfo.__slots__}


def _static_nodes():
    out = []
    for i in range(40):
        labels = {"pool": ("general", "gpu", "highmem")[i % 3], "rank": str(i % 7)}
        if i % 4 == 0:
            labels["disk"] = "ssd"
        taints = None
        if i % 9 == 2:
            taints = [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]
        elif i % 9 == 5:
            taints = [{"key": "spot", "value": "true", "effect": "PreferNoSchedule"}]
        out.append(node(f"s{i:02d}", zone="ab"[i % 2], labels=labels, taints=taints, unschedulable=i % 13 == 7))
    return out


def _expr(key, op, *values):
    return {"key": key, "operator": op, "values": list(values)} if values else {"key": key, "operator": op}


# name: pod keyword arguments (helpers.pod): nodeSelector, required/preferred node affinity, tolerations
STATIC_CASES = {
    "nothing": {},
    "node-selector-and-toleration": dict(node_selector={"pool": "gpu"}, tolerations=[
        {"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}]),
    "required-in-notin-gt-doesnotexist": dict(affinity={"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [_expr("pool", "In", "general", "highmem"), _expr("rank", "Gt", "2")]},
            {"matchExpressions": [_expr("disk", "DoesNotExist"), _expr("pool", "NotIn", "general")]}]}}}),
    "preferred-weights-and-spot-toleration": dict(tolerations=[{"key": "spot", "operator": "Exists"}], affinity={
        "nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 20, "preference": {"matchExpressions": [_expr("disk", "Exists")]}},
            {"weight": 7, "preference": {"matchExpressions": [_expr("rank", "Lt", "3")]}}]}}),
    "preferred-by-node-name": dict(affinity={"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 9, "preference": {"matchFields": [_expr("metadata.name", "In", "s03", "s04")]}}]}}),
    "unschedulable-tolerated": dict(tolerations=[{"key": "node.kubernetes.io/unschedulable", "operator": "Exists",
                                                  "effect": "NoSchedule"}]),
}


@pytest.mark.parametrize("kwargs", STATIC_CASES.values(), ids=STATIC_CASES.keys())
def test_static_verdicts_shared_by_alike_nodes(kwargs):
    """A class's per-node filter verdicts and raw scores (NodeUnschedulable, TaintToleration, NodeAffinity),
    computed once per kind of node, are each node's own."""
    from explorer.sim.scheduler.fast import _Static
    from explorer.sim.scheduler.framework import NodeInfo, PodInfo
    from explorer.sim.scheduler.plugins.nodeaffinity import preferred_sum, required_match
    from explorer.sim.scheduler.plugins.nodeunschedulable import NodeUnschedulable
    from explorer.sim.scheduler.plugins.tainttoleration import (count_intolerable_prefer_no_schedule,
                                                                prefer_no_schedule_tolerations, untolerated_taint)
    infos = [NodeInfo(n, i) for i, n in enumerate(_static_nodes())]
    pi = PodInfo(pod("p", **kwargs))
    st = _Static(infos, pi)
    prefer = prefer_no_schedule_tolerations(pi.tolerations)
    expected = [(required_match(pi, n),
                 required_match(pi, n) and NodeUnschedulable().filter(None, pi, n) is None
                 and untolerated_taint(n.taints, pi.tolerations) is None,
                 count_intolerable_prefer_no_schedule(n.taints, prefer), preferred_sum(pi, n)) for n in infos]
    assert list(zip(st.incl, st.ok, st.tt, st.na)) == expected
