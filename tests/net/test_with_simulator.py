"""Routing over the simulator's steady state of the built-in example cluster (integration)."""

import pytest

from explorer.model import example_cluster
from explorer.net import reachability, route
from explorer.sim import Simulator


@pytest.fixture(scope="module")
def running():
    sim = Simulator(example_cluster(), seed=0)
    sim.settle()
    return sim.cluster()


def api_pods(cluster):
    return sorted(f"{p.namespace}/{p.name}" for p in cluster.pods("shop") if p.labels.get("app") == "api")


@pytest.mark.parametrize("source, url, expected", [
    ("internet", "http://shop.example.com/api/orders",
     {"status": 200, "ingress": "shop/shop", "rule": {"host": "shop.example.com", "path": "/api", "pathType": "Prefix"},
      "service": "shop/api"}),
    ("internet", "http://shop.example.com/admin",
     {"status": 404, "ingress": None, "rule": None, "service": None, "pod": None,
      "reason": "no Ingress rule matches shop.example.com/admin (controller's default backend)"}),
], ids=["ingress-to-api", "ingress-404"])
def test_example_cluster_routes(running, source, url, expected):
    result = route(running, source, url).result
    if expected["status"] == 200:
        assert result["pod"] in api_pods(running)
        expected = {**expected, "pod": result["pod"], "reason": f"served by pod {result['pod']}"}
    assert result == expected


def test_example_cluster_internal_service(running):
    src = api_pods(running)[0]
    result = route(running, src, "http://mysql:3306/").result
    mysql = [f"shop/{p.name}" for p in running.pods("shop") if p.labels.get("app") == "mysql"]
    assert result == {"status": 200, "ingress": None, "rule": None, "service": "shop/mysql", "pod": mysql[0],
                      "reason": f"served by pod {mysql[0]}"}


def test_example_cluster_everyone_reaches_everyone_without_policies(running):
    matrix = reachability(running, 8080).allowed
    assert {v for row in matrix.values() for v in row.values()} == {True}
