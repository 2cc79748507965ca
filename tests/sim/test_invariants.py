"""Property-based tests: random sequences of operations and faults never break the invariants, snapshots
restore exactly, and seeking back then running forward with the same inputs reproduces the same events."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings, strategies as st

from explorer.model import builders as b
from explorer.sim import ApiError, Simulator
from explorer.sim.invariants import check_all

from tests.sim.helpers import cluster_of

NODES = ["cp-1", "cp-2", "cp-3", "worker-1", "worker-2", "worker-3"]
WORKERS = NODES[3:]


def design():
    objs = []
    for i in (1, 2, 3):
        objs += list(b.control_plane_node(f"cp-{i}", internal_ip=f"192.168.56.{i}"))
    objs += [b.worker_node(f"worker-{i}", cpu="2", memory="4Gi", internal_ip=f"192.168.56.{10 + i}")
             for i in (1, 2, 3)]
    objs += [b.deployment("web", replicas=3, cpu="300m"), b.service("web"),
             b.deployment("api", replicas=2, cpu="500m", labels={"app": "api"}), b.service("api", selector={"app": "api"}),
             b.pod("debug", node_name="worker-1")]
    return cluster_of(objs)


node_op = st.tuples(st.sampled_from(["stop-node", "start-node", "stop-kubelet", "start-kubelet", "stop-runtime",
                                     "start-runtime", "cordon",
                                     "uncordon", "drain", "partition", "heal"]), st.sampled_from(WORKERS))
member_op = st.tuples(st.sampled_from(["stop-member", "start-member", "stop-etcd", "start-etcd"]),
                      st.sampled_from(NODES[:3]))
scale_op = st.tuples(st.just("scale"), st.sampled_from(["web", "api"]), st.integers(0, 6))
churn_op = st.tuples(st.sampled_from(["add-node", "delete-node"]), st.sampled_from(["worker-3", "worker-4"]))
step = st.tuples(st.one_of(node_op, member_op, scale_op, churn_op,
                           st.tuples(st.just("delete-some-pod"), st.integers(0, 9))),
                 st.integers(1, 120))

# 25 examples keep the default suite quick; SIM_EXAMPLES=500 runs a deeper search on demand.
FAST = settings(max_examples=int(os.environ.get("SIM_EXAMPLES", "25")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def apply(sim, op) -> None:
    try:
        if op[0] == "scale":
            sim.scale("default", op[1], op[2])
        elif op[0] == "delete-some-pod":
            pods = sorted(p.name for p in sim.store.by_kind.get("Pod", {}).values() if p.namespace == "default")
            if pods:
                sim.delete_pod("default", pods[op[1] % len(pods)])
        elif op[0] == "add-node":
            if ("Node", "", op[1]) not in sim.store.objects:
                sim.apply(b.worker_node(op[1], cpu="2", memory="4Gi"))
        elif op[0] == "delete-node":
            if ("Node", "", op[1]) in sim.store.objects:
                sim.delete("Node", "", op[1])
        else:
            if ("Node", "", op[1]) in sim.store.objects:
                sim._input(op[0], op[1])
    except ApiError:
        pass   # e.g. the API is unavailable: the operation fails, as kubectl's would


def ipam_matches_store(sim) -> list:
    """Pod IP allocations are exactly the IPs the store's pods hold (also after seeking)."""
    want = {p.pod_ip: f"{p.namespace}/{p.name}" for p in sim.store.by_kind.get("Pod", {}).values()
            if p.pod_ip and p.node_name and not p.spec.get("hostNetwork")}
    have = sim.ipam.pod_ips()
    return [] if want == have else [f"ipam {sorted(have.items())} != store {sorted(want.items())}"]


@FAST
@given(st.lists(step, max_size=8), st.integers(0, 3))
def test_invariants_hold(steps, seed):
    sim = Simulator(design(), seed=seed)
    sim.settle()
    assert check_all(sim.cluster()) == []
    for op, wait in steps:
        apply(sim, op)
        for _ in range(3):
            sim.step(wait // 3 + 1)
            assert check_all(sim.cluster()) + ipam_matches_store(sim) == []


@FAST
@given(st.lists(step, max_size=6), st.integers(0, 3))
def test_snapshot_restores_exactly(steps, seed):
    sim = Simulator(design(), seed=seed)
    sim.settle()
    for op, wait in steps[:3]:
        apply(sim, op)
        sim.step(wait)
    snap = sim.snapshot()
    before = (sim.now, list(sim.events), dict(sim.store.objects), sim.control_plane())
    for op, wait in steps[3:]:
        apply(sim, op)
        sim.step(wait)
    sim.run(sim.now + 50)
    sim.restore(snap)
    assert (sim.now, list(sim.events), dict(sim.store.objects), sim.control_plane()) == before


@FAST
@given(st.lists(step, min_size=1, max_size=6), st.integers(0, 3), st.data())
def test_seek_back_then_forward_reproduces_events(steps, seed, data):
    sim = Simulator(design(), seed=seed)
    for op, wait in steps:
        apply(sim, op)
        sim.step(wait)
    end = sim.now + 30
    sim.run(end)
    events = list(sim.events)
    state = dict(sim.store.objects)
    t = data.draw(st.integers(0, end))
    sim.seek(t)
    assert (sim.now, [e for e in sim.events if e.time > t], ipam_matches_store(sim)) == (t, [], [])
    sim.seek(end)
    assert ipam_matches_store(sim) == []
    assert (sim.events, dict(sim.store.objects)) == (events, state)


def test_same_seed_same_run():
    runs = []
    for _ in range(2):
        sim = Simulator(design(), seed=42)
        sim.schedule_fault(20, "stop-node", "worker-2")
        sim.schedule_fault(30, "stop-member", "cp-1")
        sim.run(400)
        runs.append((list(sim.events), [o.key for o in sim.store.ordered()]))
    assert runs[0] == runs[1]


def test_user_api_writes_are_timeline_inputs():
    """Writes through ``sim.api`` (what kubectl and the UI use) are recorded, so seeking back replays them."""
    sim = Simulator(design(), seed=1)
    sim.settle()
    sim.api.create(b.pod("extra"))
    dep = sim.api.get("Deployment", "default", "web")
    sim.api.update(dep.edited(lambda r: r["spec"].update(replicas=1)))
    sim.run(sim.now + 20)
    sim.api.delete("Pod", "default", "extra")
    sim.run(sim.now + 20)
    end = sim.now
    events, state = list(sim.events), dict(sim.store.objects)
    sim.seek(1)
    assert ("Pod", "default", "extra") not in sim.store.objects
    sim.seek(end)
    assert ([op for _, op, _ in sim.inputs], sim.events, dict(sim.store.objects)) == \
        (["create", "update", "delete"], events, state)


def test_restore_keeps_the_timeline_and_survives_branches():
    sim = Simulator(design(), seed=2)
    sim.settle()
    snap = sim.snapshot()
    sim.step(5)
    sim.restore(snap)                 # on the current timeline: earlier moments stay reachable
    sim.seek(0)
    at_start = (sim.now, len(sim.events))
    sim.run(40)
    later = sim.snapshot()
    events_later, state_later = list(sim.events), dict(sim.store.objects)
    sim.seek(10)
    sim.stop_node("worker-1")         # a new branch: `later` is no longer on the timeline
    sim.run(60)
    sim.restore(later)                # ...but a full snapshot still restores exactly
    assert (at_start[0], sim.now, sim.events, dict(sim.store.objects), check_all(sim.cluster()),
            ipam_matches_store(sim)) == (0, 40, events_later, state_later, [], [])
