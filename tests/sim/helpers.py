"""Small clusters and whole-state summaries shared by the simulator tests."""

from __future__ import annotations

from collections import Counter

from explorer.model import Cluster, NetworkConfig, builders as b


def cluster_of(objs, network: NetworkConfig | None = None) -> Cluster:
    c = Cluster(network)
    c.add_many(objs)
    return c


def members(n: int) -> list:
    out = []
    for i in range(1, n + 1):
        out += list(b.control_plane_node(f"cp-{i}", internal_ip=f"192.168.56.{i}"))
    return out


def workers(n: int, cpu="4") -> list:
    return [b.worker_node(f"worker-{i}", cpu=cpu, internal_ip=f"192.168.56.{10 + i}") for i in range(1, n + 1)]


def pod_summary(sim, namespace: str = "default") -> dict:
    """{"Running/ready": n, ...} by node: phase counts with Terminating and readiness spelled out."""
    out: dict = {}
    for p in sim.cluster().pods(namespace):
        state = "Terminating" if p.metadata.get("deletionTimestamp") else p.phase
        if state == "Running":
            state += "/ready" if p.ready else "/not-ready"
        out.setdefault(p.node_name or "<none>", Counter())[state] += 1
    return {k: dict(v) for k, v in sorted(out.items())}


def reasons(events, *wanted) -> list:
    return [(e.time, e.reason, e.message) for e in events if not wanted or e.reason in wanted]
