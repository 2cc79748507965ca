"""The simulator keeps kube-scheduler's view of Services, workloads and Namespaces current (they drive default
PodTopologySpread and namespace selectors), through creation, deletion and timeline seeks."""

from __future__ import annotations

import pytest

from explorer.model import builders as b
from explorer.model import example_cluster
from explorer.sim import Simulator


def scheduler_view(sim) -> dict:
    snap = sim.scheduling.scheduler.snapshot
    return {
        "services": sorted(snap.services),
        "workloads": sorted(k for k in snap.replica_sets if k[1] == "shop"),
        "namespaces": sorted(n for n in snap.namespace_labels if n in ("shop", "extra")),
    }


def settled():
    sim = Simulator(example_cluster(), seed=0)
    sim.settle()
    return sim


def rs_names(sim):
    return sorted(("ReplicaSet", "shop", rs.name) for rs in sim.api.list("ReplicaSet", "shop"))


CASES = [
    ("after settle", lambda sim: None,
     lambda sim: {"services": [("default", "kubernetes"), ("ingress-nginx", "ingress-nginx-controller"),
                               ("shop", "api"), ("shop", "mysql")],
                  "workloads": rs_names(sim), "namespaces": ["shop"]}),
    ("service and namespace added", lambda sim: (sim.apply(b.namespace("extra")),
                                                 sim.apply(b.service("web", "extra", {"app": "web"}))),
     lambda sim: {"services": [("default", "kubernetes"), ("extra", "web"),
                               ("ingress-nginx", "ingress-nginx-controller"), ("shop", "api"), ("shop", "mysql")],
                  "workloads": rs_names(sim), "namespaces": ["extra", "shop"]}),
    ("service deleted", lambda sim: sim.api.delete("Service", "shop", "mysql"),
     lambda sim: {"services": [("default", "kubernetes"), ("ingress-nginx", "ingress-nginx-controller"),
                               ("shop", "api")],
                  "workloads": rs_names(sim), "namespaces": ["shop"]}),
]


@pytest.mark.parametrize("name,change,expected", CASES, ids=[c[0] for c in CASES])
def test_scheduler_sees_spreading_objects(name, change, expected):
    sim = settled()
    change(sim)
    sim.settle()
    assert scheduler_view(sim) == expected(sim)


def test_seek_back_restores_the_scheduler_view():
    sim = settled()
    before = scheduler_view(sim)
    t = sim.now
    sim.step(5)
    sim.api.delete("Service", "shop", "mysql")
    sim.settle()
    sim.seek(t)
    assert scheduler_view(sim) == before
