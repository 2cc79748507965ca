"""The automatic layout draws each Service over what it selects and each Ingress over the Services it routes to
(Online Boutique's twelve Services used to fill their rows in name order and its Deployments theirs in another,
so most selector edges ran across the diagram), and the Internet comes down onto its LoadBalancer and NodePort
Services instead of running along a row of cards."""

from __future__ import annotations

import pytest

from explorer.io import load_topology
from explorer.model import Cluster, builders as b
from explorer.ui.items import BOX_H, BOX_W
from explorer.ui.layout import BOX_STEP, auto_layout, connection_graph
from explorer.ui.scene import CLIENT_ABOVE, client_position

CARDS = ("Ingress", "Service", "Deployment", "NetworkPolicy", "Pod")


def _pair(name, ns="shop"):
    return [b.deployment(name, ns, labels={"app": name}), b.service(name, ns, {"app": name}, 80)]


def _pairs(n):
    return [o for i in range(n) for o in _pair(f"svc-{i}")]


def _two_services_one_deployment():
    return _pair("web") + [b.service("web-external", "shop", {"app": "web"}, 80, type="LoadBalancer")]


def _one_service_two_deployments():
    return [b.deployment("web-blue", "shop", labels={"app": "web", "track": "blue"}),
            b.deployment("web-green", "shop", labels={"app": "web", "track": "green"}),
            b.service("web", "shop", {"app": "web"}, 80)]


def _ingress_over_its_services():
    return _pairs(3) + [b.ingress("front", "shop", rules=[("a.example.com", "/", "Prefix", "svc-1", 80),
                                                          ("b.example.com", "/", "Prefix", "svc-2", 80)])]


def _lone_deployment_last():
    return [b.deployment("batch", "shop")] + _pairs(2)


def _measure(objs) -> dict:
    """What the layout of ``objs`` looks like: select/route edges that slant by more than half a column or do
    not go down, pairs of edges that cross, pairs of cards that overlap, and the cards of the last row."""
    cluster = Cluster()
    cluster.add_many(objs, validate=False)
    pos = auto_layout(cluster, only_missing=False)
    cards = {k: p for k, p in pos.items() if k[0] in CARDS}
    edges = [(u, v) for u, v in connection_graph(cluster).edges if u in cards and v in cards]
    segments = [((cards[u][0] + BOX_W / 2, cards[u][1] + BOX_H), (cards[v][0] + BOX_W / 2, cards[v][1]))
                for u, v in edges]
    slanted = sorted((u[-1], v[-1]) for (u, v), (a, z) in zip(edges, segments)
                     if abs(a[0] - z[0]) > BOX_STEP / 2 + 1 or z[1] <= a[1])
    crossings = sorted((edges[i][0][-1], edges[i][1][-1], edges[j][0][-1], edges[j][1][-1])
                       for i in range(len(edges)) for j in range(i + 1, len(edges))
                       if _cross(segments[i], segments[j]))
    keys = sorted(cards)
    overlaps = [(a[-1], c[-1]) for i, a in enumerate(keys) for c in keys[i + 1:]
                if abs(cards[a][0] - cards[c][0]) < BOX_W and abs(cards[a][1] - cards[c][1]) < BOX_H]
    bottom = max(y for _, y in cards.values())
    last = sorted(k[-1] for k, (_, y) in cards.items() if y == bottom)
    return {"slanted": slanted, "crossings": crossings, "overlaps": overlaps, "last row": last}


def _cross(s, t) -> bool:
    """Whether two segments cross at a point inside both (sharing an end is not crossing)."""
    def side(p, q, r):
        v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return (v > 1e-9) - (v < -1e-9)
    if {s[0], s[1]} & {t[0], t[1]}:
        return False
    return side(*s, t[0]) * side(*s, t[1]) < 0 and side(*t, s[0]) * side(*t, s[1]) < 0


CASES = {
    "pairs in one row": (lambda: _pairs(5), ["svc-0", "svc-1", "svc-2", "svc-3", "svc-4"]),
    "pairs that wrap into bands": (lambda: _pairs(14), ["svc-10", "svc-11", "svc-12", "svc-13", "svc-8", "svc-9"]),
    "two services, one deployment": (_two_services_one_deployment, ["web"]),
    "one service, two deployments": (_one_service_two_deployments, ["web-blue", "web-green"]),
    "an ingress over its services": (_ingress_over_its_services, ["svc-0", "svc-1", "svc-2"]),
    "a deployment no service selects comes last": (_lone_deployment_last, ["batch", "svc-0", "svc-1"]),
}


@pytest.mark.parametrize("make, last", CASES.values(), ids=CASES.keys())
def test_services_sit_over_what_they_select(make, last):
    assert _measure(make()) == {"slanted": [], "crossings": [], "overlaps": [], "last row": last}


def test_online_boutique_services_sit_over_what_they_select(corpus_dir):
    objs = list(load_topology(corpus_dir / "online-boutique" / "kubernetes-manifests.yaml").cluster)
    assert _measure(objs) == {"slanted": [], "crossings": [], "overlaps": [], "last row": [
        "loadgenerator", "productcatalogservice", "recommendationservice", "redis-cart", "shippingservice"]}


def test_ingress_is_centered_over_its_services():
    cluster = Cluster()
    cluster.add_many(_ingress_over_its_services(), validate=False)
    pos = auto_layout(cluster, only_missing=False)
    xs = {k[-1]: x for k, (x, _) in pos.items() if k[0] in ("Ingress", "Service")}
    assert (xs["front"], pos[("Ingress", "shop", "front")][1] < pos[("Service", "shop", "svc-1")][1]) == (
        (xs["svc-1"] + xs["svc-2"]) / 2, True)


def _rect(x, y, w=BOX_W, h=BOX_H):
    from PySide6.QtCore import QRectF
    return QRectF(x, y, w, h)


CLIENT_CASES = {
    "over its one entry": ([_rect(0, 100), _rect(240, 100), _rect(480, 100)], [_rect(480, 100)],
                           (510.0, 100.0 - CLIENT_ABOVE)),
    "over the middle of its entries": ([_rect(0, 100), _rect(480, 230)], [_rect(0, 100), _rect(480, 230)],
                                       (270.0, 100.0 - CLIENT_ABOVE)),
    "no entry: left of the top row": ([_rect(0, 100), _rect(240, 140)], [], (-200.0, 100.0)),
}


@pytest.mark.parametrize("tops, entries, expected", CLIENT_CASES.values(), ids=CLIENT_CASES.keys())
def test_the_internet_comes_down_onto_its_entries(tops, entries, expected):
    p = client_position(tops, entries)
    assert (p.x(), p.y()) == expected


# name: (pod selector's matchLabels, or None for an empty selector; the columns of the workload row)
POLICY_CASES = {
    "beside the deployment it selects": ({"app": "svc-1"}, {"svc-0": 0, "svc-1": 1, "deny": 2, "svc-2": 3}),
    "an empty selector: beside its namespace's first": (None, {"svc-0": 0, "deny": 1, "svc-1": 2, "svc-2": 3}),
    "selecting nothing: after every group": ({"app": "gone"}, {"svc-0": 0, "svc-1": 1, "svc-2": 2, "deny": 3}),
}


@pytest.mark.parametrize("labels, columns", POLICY_CASES.values(), ids=POLICY_CASES.keys())
def test_a_network_policy_sits_beside_its_deployment(labels, columns):
    cluster = Cluster()
    cluster.add_many(_pairs(3) + [b.network_policy("deny", "shop", labels)], validate=False)
    pos = auto_layout(cluster, only_missing=False)
    row = {pos[k][1] for k in pos if k[0] in ("Deployment", "NetworkPolicy")}
    assert ({k[-1]: x / BOX_STEP for k, (x, _) in pos.items() if k[0] in ("Deployment", "NetworkPolicy")},
            len(row)) == (columns, 1)



def test_a_group_wider_than_a_row_wraps_under_its_service():
    """One Service over 20 Deployments (rows of 8 here): the Deployments wrap into rows under it, nothing
    overlaps, and the next group starts in a band of its own below."""
    objs = [b.service("web", "shop", {"app": "web"}, 80)] + [
        b.deployment(f"web-{i}", "shop", labels={"app": "web", "n": str(i)}) for i in range(20)] + _pair("zz")
    cluster = Cluster()
    cluster.add_many(objs, validate=False)
    pos = auto_layout(cluster, only_missing=False)
    rows = sorted({y for k, (_, y) in pos.items() if k[0] == "Deployment" and k[-1].startswith("web-")})
    per_row = [sum(1 for k, (_, y) in pos.items() if k[-1].startswith("web-") and y == row) for row in rows]
    measured = _measure(objs)
    service_y = pos[("Service", "shop", "web")][1]
    zz_y = pos[("Service", "shop", "zz")][1]
    assert (per_row, service_y < rows[0], zz_y > rows[-1], measured["overlaps"]) == ([8, 8, 4], True, True, [])


# name: (the type of each Service by name, the Services the Internet's edges end at)
ENTRY_CASES = {
    "a LoadBalancer": ({"a": "LoadBalancer", "b": "ClusterIP"}, ["a"]),
    "a NodePort": ({"a": "ClusterIP", "b": "NodePort"}, ["b"]),
    "both": ({"a": "NodePort", "b": "LoadBalancer"}, ["a", "b"]),
    "ClusterIP only": ({"a": "ClusterIP", "b": "ClusterIP"}, []),
}


@pytest.mark.parametrize("types, entered", ENTRY_CASES.values(), ids=ENTRY_CASES.keys())
def test_the_internet_enters_through_loadbalancer_and_nodeport_services(qtbot, types, entered):
    from explorer.ui.document import Document
    from explorer.ui.scene import DiagramScene
    cluster = Cluster()
    cluster.add_many([b.service(name, "shop", {"app": name}, 80, type=t) for name, t in types.items()],
                     validate=False)
    cluster.layout.update(auto_layout(cluster, only_missing=False))
    scene = DiagramScene(Document(cluster))
    scene.animate = False
    scene.sync()
    assert sorted(e.dst.key[-1] for e in scene.edges if e.kind == "enter") == entered
