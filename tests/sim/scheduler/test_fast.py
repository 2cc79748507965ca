"""The incremental fast path gives exactly the placements of the plain reference implementation."""

from __future__ import annotations

import pytest

from explorer.sim.scheduler import Scheduler, SchedulerConfig
from explorer.sim.scheduler.config import SchedulerConfig as Config
from tests.sim.scheduler import workload
from tests.sim.scheduler.helpers import node, pod
from tests.sim.scheduler.reference import run_reference

ALL_NODES = SchedulerConfig(percentage_of_nodes_to_score=100)

# name: (nodes, deployments, pods, seed)
REFERENCE_CASES = {
    "500-nodes": (500, 8, 400, 1),
    "dense-nodes-fill-up": (30, 15, 1500, 2),
    "single-zone-small": (12, 4, 300, 3),
}


@pytest.mark.parametrize("n_nodes,deployments,pods,seed", REFERENCE_CASES.values(), ids=REFERENCE_CASES.keys())
def test_fast_equals_reference(n_nodes, deployments, pods, seed):
    nodes = workload.make_nodes(n_nodes, seed, zones=1 if n_nodes == 12 else 3)
    services, replica_sets, pending = workload.make_workload(deployments, pods, seed)
    fast = workload.run(Scheduler(ALL_NODES, seed=seed), nodes, services, replica_sets, pending)
    assert fast == run_reference(nodes, services, replica_sets, pending, seed=seed)


CONFIG_CASES = {
    "most-allocated": SchedulerConfig(scoring_strategy="MostAllocated", percentage_of_nodes_to_score=100),
    "custom-weights": SchedulerConfig(weights={"TaintToleration": 1, "NodeAffinity": 5, "PodTopologySpread": 7,
                                               "InterPodAffinity": 2, "NodeResourcesFit": 3,
                                               "NodeResourcesBalancedAllocation": 0, "ImageLocality": 1},
                                      percentage_of_nodes_to_score=100),
    # group sort keys over 2**16: a class build sorts int64 keys instead of numpy's 16-bit radix sort
    "heavy-fit-weight": SchedulerConfig(weights={"TaintToleration": 3, "NodeAffinity": 2, "PodTopologySpread": 2,
                                                 "InterPodAffinity": 2, "NodeResourcesFit": 400,
                                                 "NodeResourcesBalancedAllocation": 1, "ImageLocality": 1},
                                        percentage_of_nodes_to_score=100),
}


@pytest.mark.parametrize("config", CONFIG_CASES.values(), ids=CONFIG_CASES.keys())
def test_fast_equals_plain_cycle(config):
    nodes = workload.make_nodes(60, 4)
    services, replica_sets, pending = workload.make_workload(10, 800, 4)
    plain = Config(**{**config.__dict__, "fast": False})
    assert workload.run(Scheduler(config, seed=5), nodes, services, replica_sets, pending) == \
        workload.run(Scheduler(plain, seed=5), nodes, services, replica_sets, pending)


def churn(config):
    """Schedule, delete every third pod, cordon a node, update a node's labels, schedule more."""
    sched = Scheduler(config, seed=9)
    nodes = workload.make_nodes(40, 6)
    services, replica_sets, pending = workload.make_workload(6, 600, 6)
    placed = workload.run(sched, nodes, services, replica_sets, pending[:400])
    for p, where in list(zip(pending, placed))[::3]:
        if where:
            sched.remove_pod(p)
    sched.update_node(node(nodes[0].name, unschedulable=True, zone="zone-a"))
    sched.remove_node(nodes[1].name)
    for p in pending[400:]:
        r = sched.schedule(p)
        placed.append(r.selected)
        if r.selected:
            sched.add_pod(workload.bound(p, r.selected))
    return placed


def test_fast_follows_cache_changes():
    assert churn(ALL_NODES) == churn(SchedulerConfig(percentage_of_nodes_to_score=100, fast=False))


TIE_CASES = {"seed-0": 0, "seed-1": 1, "seed-42": 42}


@pytest.mark.parametrize("seed", TIE_CASES.values(), ids=TIE_CASES.keys())
def test_ties_are_seeded(seed):
    def placements(fast):
        sched = Scheduler(SchedulerConfig(fast=fast), seed=seed)
        for i in range(8):
            sched.add_node(node(f"n{i}"))
        return [sched.schedule(pod(f"p{i}")).selected for i in range(6)]
    assert placements(True) == placements(False)


NODES_TO_FIND = {
    "small-cluster-all": (0, 99, 99),
    "100-nodes-adaptive-floor": (0, 100, 100),
    "500-nodes-adaptive": (0, 500, 230),
    "5000-nodes-adaptive": (0, 5000, 500),
    "6000-nodes-minimum-5-percent": (0, 6000, 300),
    "explicit-percentage": (30, 1000, 300),
    "explicit-floor-100": (1, 1000, 100),
    "all": (100, 5000, 5000),
}


@pytest.mark.parametrize("pct,n,expected", NODES_TO_FIND.values(), ids=NODES_TO_FIND.keys())
def test_nodes_to_find(pct, n, expected):
    assert SchedulerConfig(percentage_of_nodes_to_score=pct).nodes_to_find(n) == expected


def test_adaptive_search_rotates_the_start_node():
    sched = Scheduler(SchedulerConfig(), seed=0)
    for i in range(200):
        sched.add_node(node(f"n{i:03d}"))
    first = sched.schedule(pod("a"), explain=True)
    second = sched.schedule(pod("b"), explain=True)
    assert ([n.name for n in first.nodes][:2], len(first.nodes), [n.name for n in second.nodes][:2]) == \
        (["n000", "n001"], 100, ["n100", "n101"])


ADAPTIVE_CASES = {"250-nodes": (250, 12, 500, 8), "120-nodes-dense": (120, 10, 1200, 9)}


@pytest.mark.parametrize("n_nodes,deployments,pods,seed", ADAPTIVE_CASES.values(), ids=ADAPTIVE_CASES.keys())
def test_fast_sampled_search_equals_plain_cycle(n_nodes, deployments, pods, seed):
    """Kubernetes' adaptive percentageOfNodesToScore: the same windows, scores and picks as the plain cycle."""
    nodes = workload.make_nodes(n_nodes, seed)
    services, replica_sets, pending = workload.make_workload(deployments, pods, seed)
    fast = Scheduler(SchedulerConfig(), seed=seed)
    plain = Scheduler(SchedulerConfig(fast=False), seed=seed)
    assert workload.run(fast, nodes, services, replica_sets, pending) == \
        workload.run(plain, nodes, services, replica_sets, pending)
    assert fast.get_state() == plain.get_state()


def _with_status(n, **status):
    return n.edited(lambda raw: raw["status"].update(status))


UPDATE_CASES = {
    "heartbeat-keeps-caches": (lambda n: _with_status(n, conditions=[{"type": "Ready", "status": "True"}]),
                               False, "n0"),
    "taint-invalidates": (lambda n: n.edited(lambda raw: raw["spec"].update(
        taints=[{"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}])), True, "n1"),
    "cordon-invalidates": (lambda n: n.edited(lambda raw: raw["spec"].update(unschedulable=True)), True, "n1"),
}


@pytest.mark.parametrize("change,invalidates,selected", UPDATE_CASES.values(), ids=UPDATE_CASES.keys())
def test_update_node(change, invalidates, selected):
    sched = Scheduler(ALL_NODES, seed=0)
    nodes = [node("n0", cpu="8"), node("n1")]
    for n in nodes:
        sched.add_node(n)
    assert sched.schedule(pod("warm")).selected == "n0"
    generation = sched.generation
    sched.update_node(change(nodes[0]))
    assert (sched.generation != generation, sched.schedule(pod("p")).selected) == (invalidates, selected)


def test_fast_with_unrelated_and_related_affinity_pods():
    """Pods whose anti-affinity selects other pods keep those on the plain cycle; placements stay identical."""
    nodes = workload.make_nodes(40, 11)
    services, replica_sets, pending = workload.make_workload(6, 500, 11)
    anti = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": pending[0].labels["app"]}},
         "topologyKey": "kubernetes.io/hostname"}]}}
    guards = [pod(f"guard-{i}", namespace=pending[0].namespace, labels={"app": "guard"}, affinity=anti,
                  node_name=nodes[i].name) for i in range(3)]

    def run(fast):
        sched = Scheduler(SchedulerConfig(percentage_of_nodes_to_score=100, fast=fast), seed=3)
        for g in guards:
            sched.add_pod(g)
        return workload.run(sched, nodes, services, replica_sets, pending)
    assert run(True) == run(False)


def _random_pod(rng, i):
    app = rng.choice(["a", "b", "c"])
    kw = dict(labels={"app": app}, cpu=rng.choice([None, "100m", "500m", "1"]),
              memory=rng.choice([None, "128Mi", "1Gi"]))
    roll = rng.random()
    if roll < 0.15:
        kw["spread"] = [{"maxSkew": rng.choice([1, 2]),
                         "topologyKey": rng.choice(["topology.kubernetes.io/zone", "kubernetes.io/hostname"]),
                         "whenUnsatisfiable": rng.choice(["DoNotSchedule", "ScheduleAnyway"]),
                         "labelSelector": {"matchLabels": {"app": app}}}]
    elif roll < 0.3:
        kw["affinity"] = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
            {"labelSelector": {"matchLabels": {"app": rng.choice("abc")}}, "topologyKey": "kubernetes.io/hostname"}]}}
    elif roll < 0.4:
        kw["affinity"] = {"podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 10, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": rng.choice("abc")}},
                                               "topologyKey": "topology.kubernetes.io/zone"}}]}}
    elif roll < 0.45:
        kw["host_port"] = 8080
    elif roll < 0.5:
        kw["priority"] = 100
    if rng.random() < 0.5:
        kw["owner"] = f"rs-{app}"
    return pod(f"p{i}", **kw)


def _mixed_run(seed, fast):
    import random
    from tests.sim.scheduler.helpers import replica_set, service
    rng = random.Random(seed)
    nodes = [node(f"n{i}", cpu=rng.choice(["1", "2", "4"]), zone=rng.choice(["a", "b", None]),
                  taints=[{"key": "x", "effect": rng.choice(["NoSchedule", "PreferNoSchedule"])}]
                  if rng.random() < 0.2 else None, unschedulable=rng.random() < 0.1)
             for i in range(rng.randint(1, 130))]
    sched = Scheduler(SchedulerConfig(percentage_of_nodes_to_score=rng.choice([0, 100, 50]), fast=fast), seed=seed)
    for n in nodes:
        sched.add_node(n)
    sched.add_object(service("svc-a", {"app": "a"}))
    sched.add_object(replica_set("rs-b", {"app": "b"}))
    prng = random.Random(seed + 1000)
    out = []
    for i in range(120):
        p = _random_pod(prng, i)
        r = sched.schedule(p)
        out.append((r.selected, r.message))
        if r.selected:
            sched.add_pod(workload.bound(p, r.selected))
        if prng.random() < 0.05:
            sched.remove_pod(("default", f"p{prng.randrange(i + 1)}"))
    return out


MIXED_SEEDS = {f"seed-{s}": s for s in (3, 7, 21, 33)}


@pytest.mark.parametrize("seed", MIXED_SEEDS.values(), ids=MIXED_SEEDS.keys())
def test_mixed_pods_fast_equals_plain(seed):
    """Random clusters and pods (spread constraints, affinity, hostPorts, priorities, deletions): the fast path
    and the plain cycle give the same placements and the same FailedScheduling messages."""
    assert _mixed_run(seed, True) == _mixed_run(seed, False)


# name: (MERGE_TIES_UP_TO, FEW_TIES_LEFT, nodes, deployments, pods, seed): nodes tied over several groups are found
# by merging them (few) or by narrowing a range of node indexes down to a few tied nodes (many); both must pick
# the reference's node
TIE_SEARCH_CASES = {
    "merge-500-nodes": (512, 32, 500, 8, 400, 1),
    "search-500-nodes": (0, 32, 500, 8, 400, 1),
    "search-to-one-node": (0, 1, 500, 8, 400, 1),
    "search-dense": (0, 4, 30, 15, 1500, 2),
}


@pytest.mark.parametrize("merge_up_to,few_left,n_nodes,deployments,pods,seed", TIE_SEARCH_CASES.values(),
                         ids=TIE_SEARCH_CASES.keys())
def test_tied_node_search_equals_reference(monkeypatch, merge_up_to, few_left, n_nodes, deployments, pods, seed):
    from explorer.sim.scheduler import fast as fast_module
    monkeypatch.setattr(fast_module, "MERGE_TIES_UP_TO", merge_up_to)
    monkeypatch.setattr(fast_module, "FEW_TIES_LEFT", few_left)
    nodes = workload.make_nodes(n_nodes, seed)
    services, replica_sets, pending = workload.make_workload(deployments, pods, seed)
    fast = workload.run(Scheduler(ALL_NODES, seed=seed), nodes, services, replica_sets, pending)
    assert fast == run_reference(nodes, services, replica_sets, pending, seed=seed)


def _edge_nodes(count):
    """Nodes the vectorized scores treat separately: no cpu or no memory allocatable, a preferred label."""
    out = []
    for i in range(count):
        cpu = "0" if i % 11 == 3 else ("2", "4", "8")[i % 3]
        memory = "0" if i % 13 == 5 else ("4Gi", "8Gi")[i % 2]
        out.append(node(f"e{i:02d}", cpu=cpu, memory=memory, zone="abc"[i % 3],
                        labels={"disk": "ssd"} if i % 4 == 0 else None))
    return out


def _edge_pods():
    """Pods of three templates each: Services with two-label selectors, overlapping Services (their selectors
    merge), a Service keyed on a label the pod lacks, a negative preferred weight (the API server would refuse
    it; the explorer accepts it, and NodeAffinity's normalization then keeps raw scores when the maximum is 0)."""
    from tests.sim.scheduler.helpers import replica_set, service
    objects = [service("web-tier", {"tier": "web", "app": "a"}), service("web-all", {"app": "a"}),
               service("other", {"team": "x", "app": "b"}), replica_set("rs-b", {"app": "b"})]
    prefer = lambda w: {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [  # noqa: E731
        {"weight": w, "preference": {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]}}]}}
    templates = [dict(labels={"app": "a", "tier": "web"}, cpu="100m", memory="128Mi"),
                 dict(labels={"app": "b"}, owner="rs-b", cpu="250m", affinity=prefer(-20)),
                 dict(labels={"app": "b", "team": "x"}, memory="256Mi", affinity=prefer(30))]
    pods = [pod(f"p{i:03d}", **templates[(i // 7) % 3]) for i in range(120)]
    return objects, pods


# name: (config, nodes)
EDGE_CASES = {
    "least-allocated": (SchedulerConfig(percentage_of_nodes_to_score=100), 24),
    "most-allocated-weighted": (SchedulerConfig(scoring_strategy="MostAllocated", percentage_of_nodes_to_score=100,
                                                weights={"TaintToleration": 3, "NodeAffinity": 2,
                                                         "PodTopologySpread": 2, "InterPodAffinity": 2,
                                                         "NodeResourcesFit": 4,
                                                         "NodeResourcesBalancedAllocation": 2, "ImageLocality": 1}),
                                24),
    "sampled-search": (SchedulerConfig(percentage_of_nodes_to_score=30), 150),
}


@pytest.mark.parametrize("config,n_nodes", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_fast_equals_plain_on_edge_nodes_and_services(config, n_nodes):
    nodes = _edge_nodes(n_nodes)
    objects, pending = _edge_pods()

    def run(fast):
        sched = Scheduler(Config(**{**config.__dict__, "fast": fast}), seed=4)
        for n in nodes:
            sched.add_node(n)
        for obj in objects:
            sched.add_object(obj)
        out = []
        for p in pending:
            r = sched.schedule(p)
            out.append((r.selected, r.message))
            if r.selected:
                sched.add_pod(workload.bound(p, r.selected))
        return out, sched.get_state()
    assert run(True) == run(False)


# name: (POD_LOG_TRIM_AT, INDEX_PENDING_MAX): the bind log trimmed and the label index caught up far more often
# than at their defaults; placements and messages stay those of the plain cycle
TRIM_CASES = {"trim-every-few-binds": (8, 3), "trim-often": (150, 40)}


@pytest.mark.parametrize("trim_at,pending_max", TRIM_CASES.values(), ids=TRIM_CASES.keys())
def test_trimmed_bind_log_keeps_placements(monkeypatch, trim_at, pending_max):
    from explorer.sim.scheduler import scheduler as scheduler_module
    monkeypatch.setattr(scheduler_module, "POD_LOG_TRIM_AT", trim_at)
    monkeypatch.setattr(scheduler_module, "INDEX_PENDING_MAX", pending_max)
    nodes = workload.make_nodes(30, 2)
    services, replica_sets, pending = workload.make_workload(15, 1500, 2)
    fast = workload.run(Scheduler(ALL_NODES, seed=2), nodes, services, replica_sets, pending)
    assert (fast, churn(ALL_NODES)) == (run_reference(nodes, services, replica_sets, pending, seed=2),
                                        churn(SchedulerConfig(percentage_of_nodes_to_score=100, fast=False)))


# name: (allocatable below, requests up to this share of allocatable, seed): the class build's NodeResourcesFit
# and BalancedAllocation over cpu and memory rows in float64 give _fit_np's / _balanced_np's scores exactly
ROW_SCORE_CASES = {
    "small-values": (2 ** 12, 1.3, 1),
    "millicores-and-bytes": (2 ** 40, 1.0, 2),
    "at-the-exactness-bound": (2 ** 46, 1.3, 3),
    "requests-far-over": (2 ** 20, 50.0, 4),
}


@pytest.mark.parametrize("alloc_below,share,seed", ROW_SCORE_CASES.values(), ids=ROW_SCORE_CASES.keys())
def test_row_scores_equal_per_resource_scores(alloc_below, share, seed):
    import numpy as np
    from explorer.sim.scheduler import fast as fast_module
    rng = np.random.default_rng(seed)
    alloc = rng.integers(1, alloc_below, (2, 3000))
    used = (alloc * rng.random((2, 3000)) * share).astype(np.int64)
    request = rng.integers(0, 2 ** 20, (2, 1))
    alloc_f, request_f = alloc.astype(np.float64), request.astype(np.float64)
    total = used + request
    for strategy in ("LeastAllocated", "MostAllocated"):
        rows = fast_module._fit_rows(strategy == "LeastAllocated", used, request_f, alloc_f)
        per_resource = fast_module._fit_np(strategy, total[0], alloc[0], total[1], alloc[1], True, True)
        assert rows.tolist() == per_resource.tolist()
    assert fast_module._balanced_rows(used, request_f, alloc_f).tolist() == \
        fast_module._balanced_np(total[0], alloc[0], total[1], alloc[1], True).tolist()
