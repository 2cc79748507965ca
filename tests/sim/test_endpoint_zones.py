"""EndpointSlice zones and the endpoint cache across seeks: an endpoint carries its node's zone as it was when
the slice was written, and seeking back then forward writes the same slices as the first run, whether a node's
zone changed before, after or not at all around the moment sought (the controller keeps its cache of endpoints
across a seek back only when no zone changed in between)."""

from __future__ import annotations

import pytest

from explorer.model import builders as b
from explorer.model.objects import ZONE_LABEL
from explorer.sim import Simulator

from tests.sim.helpers import cluster_of


def design():
    objs = list(b.control_plane_node("cp-1", internal_ip="192.168.56.1"))
    objs += [b.worker_node("worker-1", zone="zone-a", internal_ip="192.168.56.11"),
             b.worker_node("worker-2", zone="zone-b", internal_ip="192.168.56.12")]
    objs += [b.deployment("web", replicas=4, cpu="100m"), b.service("web")]
    return cluster_of(objs)


def relabel(sim, node: str, zone: str) -> None:
    sim.api.update(sim.api.get("Node", "", node).edited(lambda r: r["metadata"]["labels"].update({ZONE_LABEL: zone})))


def delete_a_pod(sim) -> None:
    pods = sorted(p.name for p in sim.store.by_kind.get("Pod", {}).values() if p.namespace == "default")
    sim.delete_pod("default", pods[0])


def readd_in(sim, node: str, zone: str) -> None:
    sim.api.delete("Node", "", node)
    sim.api.create(b.worker_node(node, zone=zone, internal_ip="192.168.56.12"))


OPS = {"relabel": relabel, "delete-a-pod": delete_a_pod, "re-add": readd_in}


def slices(sim) -> list:
    """The EndpointSlices as (name, [(pod, node, zone)]) in name order."""
    return [(s.name, sorted((e["targetRef"]["name"], e.get("nodeName"), e.get("zone", ""))
                            for e in s.raw.get("endpoints") or ()))
            for s in sorted(sim.store.by_kind.get("EndpointSlice", {}).values(), key=lambda o: o.name)]


def run(sim, inputs, until: int) -> None:
    """Run to ``until``, applying the ``inputs`` (time, op, args...) due from now on at their times."""
    for t, op, *args in inputs:
        if t >= until:
            break
        if t < sim.now:
            continue
        sim.run(t)
        OPS[op](sim, *args)
    sim.run(until)


SEEK_CASES = {
    "no zone changes": [(70, "delete-a-pod"), (90, "delete-a-pod")],
    "a zone changes after the moment sought": [(70, "delete-a-pod"), (80, "relabel", "worker-2", "zone-c"),
                                               (90, "delete-a-pod")],
    "a zone changes before the moment sought": [(40, "relabel", "worker-2", "zone-c"), (70, "delete-a-pod"),
                                                (90, "delete-a-pod")],
    "a node comes back in another zone": [(70, "delete-a-pod"), (80, "re-add", "worker-2", "zone-c"),
                                          (90, "delete-a-pod")],
}


@pytest.mark.parametrize("inputs", SEEK_CASES.values(), ids=SEEK_CASES.keys())
def test_seek_back_then_forward_writes_the_same_slices(inputs):
    sim = Simulator(design(), seed=3)
    sim.settle()
    run(sim, inputs, 60)
    seen = {}
    for t in (60, 75, 85, 120):
        run(sim, inputs, t)
        seen[t] = (slices(sim), dict(sim.store.objects))
    replayed = {}
    sim.seek(60)
    for t in (60, 75, 85, 120):
        sim.seek(t)
        replayed[t] = (slices(sim), dict(sim.store.objects))
    assert replayed == seen


def test_a_slice_written_after_a_zone_change_carries_the_new_zone():
    sim = Simulator(design(), seed=3)
    sim.settle()
    before = {node for _, eps in slices(sim) for _, node, _ in eps}
    relabel(sim, "worker-2", "zone-c")
    delete_a_pod(sim)                       # the Service's slice is written again
    sim.run(sim.now + 60)
    zones = {(node, zone) for _, eps in slices(sim) for _, node, zone in eps}
    assert (before, zones) == ({"worker-1", "worker-2"}, {("worker-1", "zone-a"), ("worker-2", "zone-c")})


CACHE_CASES = {
    "no zone changes in between: kept": ([(70, "delete-a-pod")], True),
    "a zone changed in between: dropped": ([(70, "relabel", "worker-2", "zone-c"), (80, "delete-a-pod")], False),
}


@pytest.mark.parametrize("inputs, kept", CACHE_CASES.values(), ids=CACHE_CASES.keys())
def test_a_seek_back_keeps_the_endpoint_cache_only_without_a_zone_change(inputs, kept):
    sim = Simulator(design(), seed=3)
    sim.settle()
    run(sim, inputs, 120)
    cache = sim.endpointslices._endpoint_cache
    sim.seek(60)
    assert (sim.endpointslices._endpoint_cache is cache, bool(cache)) == (kept, True)
