"""``Simulator.cluster()`` keeps a mirror of the store and applies only what changed since the previous read;
its result must be exactly the from-scratch state (objects in creation order, layout, network, kinds) after
every kind of change: steps, faults, user writes, seeking back and forward, restoring a full snapshot."""

from __future__ import annotations

import pytest

from explorer.model import Cluster
from explorer.model.example import example_cluster
from explorer.sim import Simulator
from explorer.sim.timeline import Snapshot


def from_scratch(sim) -> Cluster:
    """The reference: every stored object in creation order, the design's layout of those still there."""
    out = Cluster(sim.network)
    out.add_many(sim.store.ordered(), validate=False)
    out.layout = {k: v for k, v in sim.layout.items() if k in sim.store.objects}
    return out


def whole(cluster: Cluster) -> tuple:
    return (list(cluster.objects()), cluster.layout, cluster.network, list(cluster.kinds().items()),
            cluster.namespaces())


def _worker(sim) -> str:
    return sorted(n.name for n in sim.store.by_kind["Node"].values() if "worker" in n.name)[0]


def _a_pod(sim):
    return next(p for p in sim.store.by_kind["Pod"].values() if not p.name.startswith(("kube-", "etcd-")))


def _last(marks: list, kind):
    """Remove and return the last mark of that kind (a time or a full Snapshot)."""
    i = max(i for i, m in enumerate(marks) if isinstance(m, kind))
    return marks.pop(i)


ACTIONS = {
    "step": lambda sim, marks: sim.step(None),
    "run 30": lambda sim, marks: sim.run(sim.now + 30),
    "settle": lambda sim, marks: sim.settle(),
    "mark": lambda sim, marks: marks.append(sim.now),
    "full snapshot": lambda sim, marks: marks.append(sim.snapshot()),
    "stop node": lambda sim, marks: sim.stop_node(_worker(sim)),
    "start node": lambda sim, marks: sim.start_node(_worker(sim)),
    "drain": lambda sim, marks: sim.drain(_worker(sim)),
    "delete pod": lambda sim, marks: sim.delete_pod(_a_pod(sim).namespace, _a_pod(sim).name),
    "scale up": lambda sim, marks: sim.scale(*next(iter(sim.store.by_kind["Deployment"]))[1:], 6),
    "scale down": lambda sim, marks: sim.scale(*next(iter(sim.store.by_kind["Deployment"]))[1:], 0),
    "create ns": lambda sim, marks: sim.api.create({"apiVersion": "v1", "kind": "Namespace",
                                                    "metadata": {"name": "extra"}}),
    "delete ns obj": lambda sim, marks: sim.api.delete("Namespace", "", "extra"),
    "seek back": lambda sim, marks: sim.seek(_last(marks, int)),
    "restore full": lambda sim, marks: sim.restore(_last(marks, Snapshot)),
    "seek forward": lambda sim, marks: sim.seek(sim.now + 400),
    "run 400": lambda sim, marks: sim.run(sim.now + 400),
}

SCENARIOS = {
    "steps": ["step", "step", "step", "run 30", "settle"],
    "node failure": ["settle", "stop node", "run 400", "settle"],
    "user writes": ["settle", "create ns", "step", "delete ns obj", "scale up", "run 30", "scale down", "run 30"],
    "seek back over an eviction": ["settle", "mark", "stop node", "run 400", "seek back", "run 400"],
    "seek back over deleted pods": ["settle", "mark", "scale down", "run 30", "seek back", "step", "seek forward"],
    "restore a full snapshot": ["settle", "full snapshot", "drain", "run 30", "restore full", "run 30"],
    "restore from another branch": ["run 30", "mark", "stop node", "run 400", "full snapshot", "seek back",
                                    "delete pod", "run 30", "restore full", "settle"],
    "no read between changes": ["settle"],
}


@pytest.mark.parametrize("actions", SCENARIOS.values(), ids=SCENARIOS.keys())
@pytest.mark.parametrize("read_every_action", [True, False], ids=["read-each", "read-at-end"])
def test_incremental_cluster_equals_from_scratch(actions, read_every_action):
    sim = Simulator(example_cluster())
    marks: list = []
    seen = [whole(sim.cluster())]
    expected = [whole(from_scratch(sim))]
    for name in actions:
        ACTIONS[name](sim, marks)
        if read_every_action:
            seen.append(whole(sim.cluster()))
            expected.append(whole(from_scratch(sim)))
    seen.append(whole(sim.cluster()))
    expected.append(whole(from_scratch(sim)))
    assert seen == expected


def test_each_read_is_an_independent_cluster():
    sim = Simulator(example_cluster())
    first = sim.cluster()
    first.remove(next(iter(first.objects("Pod"))).key)
    sim.settle()
    assert whole(sim.cluster()) == whole(from_scratch(sim))
