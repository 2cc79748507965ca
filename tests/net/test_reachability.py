"""Reachability matrix and its aggregated summary."""

import pytest

from explorer.net import build_graph, reachability, reachability_summary
from tests.net.fixtures import Net


def cluster(*policies):
    net = Net()
    net.node("worker-1", 1)
    net.namespace("shop", {"team": "shop"})
    net.pod("shop", "api", "worker-1", {"app": "api"}, ((8080, "http"),))
    net.pod("shop", "db", "worker-1", {"app": "db"}, ((5432, "pg"),))
    net.pod("ops", "agent", "worker-1", {"app": "agent"}, ())
    for args, kw in policies:
        net.policy(*args, **kw)
    return net.build()


def row(*values):
    return dict(zip(["ops/agent", "shop/api", "shop/db"], values))


T, F = True, False
CASES = {
    "no-policies": ([], 5432, {"internet": row(T, T, T), "ops/agent": row(T, T, T), "shop/api": row(T, T, T),
                               "shop/db": row(T, T, T)}),
    "db-only-from-api-on-pg": ([(("shop", "db", {"app": "db"}), {"ingress": [
        {"from": [{"podSelector": {"matchLabels": {"app": "api"}}}], "ports": [{"port": "pg"}]}]})], 5432,
        {"internet": row(T, T, F), "ops/agent": row(T, T, F), "shop/api": row(T, T, T), "shop/db": row(T, T, T)}),
    "named-port-other-number": ([(("shop", "db", {"app": "db"}), {"ingress": [
        {"from": [{"podSelector": {"matchLabels": {"app": "api"}}}], "ports": [{"port": "pg"}]}]})], 80,
        {"internet": row(T, T, F), "ops/agent": row(T, T, F), "shop/api": row(T, T, F), "shop/db": row(T, T, T)}),
    "namespace-default-deny-egress": ([(("shop", "deny-out", None), {"types": ("Egress",)})], 80,
        {"internet": row(T, T, T), "ops/agent": row(T, T, T), "shop/api": row(F, T, F), "shop/db": row(F, F, T)}),
    "internet-by-ipblock": ([(("shop", "edge", {"app": "api"}), {"ingress": [
        {"from": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.0.0.0/8"]}}]}]})], 80,
        {"internet": row(T, T, T), "ops/agent": row(T, F, T), "shop/api": row(T, T, T), "shop/db": row(T, F, T)}),
}


@pytest.mark.parametrize("policies, port, expected", list(CASES.values()), ids=list(CASES))
def test_matrix(policies, port, expected):
    assert reachability(cluster(*policies), port).to_json() == {"port": port, "protocol": "TCP", "allowed": expected}


def test_summary_groups_by_namespace_and_selected_labels():
    c = cluster((("shop", "db", {"app": "db"}), {"ingress": [{"from": [{"podSelector": {"matchLabels":
                                                                                          {"app": "api"}}}]}]}))
    assert reachability_summary(c, 5432).to_json() == {
        "port": 5432, "protocol": "TCP",
        "groups": [{"id": "g0", "namespace": "shop", "labels": {"app": "api"}, "pods": 1},
                   {"id": "g1", "namespace": "shop", "labels": {"app": "db"}, "pods": 1},
                   {"id": "g2", "namespace": "ops", "labels": {"app": "agent"}, "pods": 1}],
        "allowed": {"internet": ["g0", "g2"], "g0": ["g0", "g1", "g2"], "g1": ["g0", "g2"], "g2": ["g0", "g2"]},
    }


def test_matrix_text():
    c = cluster((("shop", "db", {"app": "db"}), {}))
    assert reachability(c, 5432).to_text() == "\n".join([
        "reachability on TCP/5432 (x = allowed, . = denied)",
        "destinations:",
        "    1  ops/agent",
        "    2  shop/api",
        "    3  shop/db",
        "source       1   2   3",
        "internet     x   x   .",
        "ops/agent    x   x   .",
        "shop/api     x   x   .",
        "shop/db      x   x   x",
    ])


def test_graph_vertices_and_links():
    g = build_graph(cluster())
    assert (sorted(g.nodes), sorted(tuple(sorted(e)) for e in g.edges)) == (
        ["internet", "kube-proxy/worker-1", "node/worker-1", "overlay", "pod/ops/agent", "pod/shop/api", "pod/shop/db"],
        [("internet", "node/worker-1"), ("kube-proxy/worker-1", "node/worker-1"), ("node/worker-1", "overlay"),
         ("node/worker-1", "pod/ops/agent"), ("node/worker-1", "pod/shop/api"), ("node/worker-1", "pod/shop/db")])
