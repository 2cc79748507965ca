"""kube-proxy endpoint choice: iptables uniform (chi-square), IPVS round-robin, ClientIP affinity, targetPort by
name per pod; and the load generator's counters in per-request and aggregate modes."""

import pytest

from explorer.net import LoadGenerator, Router, enumerate_outcomes
from tests.net.fixtures import Net

# chi-square critical values at alpha = 0.001 (df -> value), from the standard table
CHI2_CRITICAL_0_001 = {2: 13.816, 3: 16.266, 4: 18.467, 5: 20.515}


def chi_square(counts: list[int]) -> float:
    n = sum(counts)
    expected = n / len(counts)
    return sum((c - expected) ** 2 / expected for c in counts)


def five_backends(affinity=None, timeout=None) -> Net:
    net = Net()
    for i in (1, 2, 3):
        net.node(f"worker-{i}", i)
    for i in range(5):
        net.pod("shop", f"api-{i}", f"worker-{i % 3 + 1}", {"app": "api"}, ((8080 + (i % 2), "http"),))
    net.pod("default", "client", "worker-1", {"app": "client"}, ())
    net.service("shop", "api", {"app": "api"}, 80, "http", affinity=affinity, timeout=timeout)
    net.service("shop", "lb", {"app": "api"}, 80, "http", "LoadBalancer", lb_ip="203.0.113.40")
    return net


PODS = [f"shop/api-{i}" for i in range(5)]


@pytest.mark.parametrize("aggregate", [False, True], ids=["per-request", "aggregate"])
def test_iptables_spreads_uniformly(aggregate):
    gen = LoadGenerator(five_backends().build(), seed=7).add("default/client", "http://api.shop/")
    report = gen.run(6000, aggregate=aggregate)
    counts = [report.pods[p]["served"] for p in PODS]
    assert (sum(counts), chi_square(counts) < CHI2_CRITICAL_0_001[4]) == (6000, True)


def test_chi_square_detects_a_skewed_split():
    assert chi_square([4400, 4000, 4000, 4000, 3600]) > CHI2_CRITICAL_0_001[4]


def test_ipvs_round_robin_per_node():
    router = Router(five_backends().build(), mode="ipvs")
    pods = [router.route("default/client", "http://api.shop/").result["pod"] for _ in range(7)]
    by_ip = ["shop/api-0", "shop/api-3", "shop/api-1", "shop/api-4", "shop/api-2"]   # rule order: by pod IP
    assert pods == by_ip + by_ip[:2]


@pytest.mark.parametrize("timeout, times, expected", [
    (10800, [0, 5, 100, 5000], ["shop/api-3"] * 4),
    (10, [0, 5, 9, 20, 25], ["shop/api-3", "shop/api-3", "shop/api-3", "shop/api-2", "shop/api-2"]),
], ids=["default-timeout-pins", "expired-affinity-repicks"])
def test_session_affinity_client_ip(timeout, times, expected):
    router = Router(five_backends("ClientIP", timeout if timeout != 10800 else None).build(), seed=3)
    pods = []
    for t in times:
        router.now = t
        pods.append(router.route("default/client", "http://api.shop/").result["pod"])
    assert pods == expected


def test_target_port_by_name_resolves_per_pod():
    router = Router(five_backends().build())
    outcomes = enumerate_outcomes(router, "default/client", "http://api.shop/")
    dnat = sorted((t.result["pod"], next(h.decision for h in t.hops if h.step == "kube-proxy"), p)
                  for p, t in outcomes)
    assert dnat == [
        ("shop/api-0", "DNAT 10.96.0.20:80 -> 10.244.1.2:8080 (pod shop/api-0 on worker-1)", 0.2),
        ("shop/api-1", "DNAT 10.96.0.20:80 -> 10.244.2.2:8081 (pod shop/api-1 on worker-2)", 0.2),
        ("shop/api-2", "DNAT 10.96.0.20:80 -> 10.244.3.2:8080 (pod shop/api-2 on worker-3)", 0.2),
        ("shop/api-3", "DNAT 10.96.0.20:80 -> 10.244.1.3:8081 (pod shop/api-3 on worker-1)", 0.2),
        ("shop/api-4", "DNAT 10.96.0.20:80 -> 10.244.2.3:8080 (pod shop/api-4 on worker-2)", 0.2),
    ]


@pytest.mark.parametrize("ip_block, expected", [
    (None, (5, 1.0)),
    ("192.168.56.11/32", (10, 1.0)),
], ids=["nodes-alike-collapse", "ipblock-tells-node-ips-apart"])
def test_outcomes_cover_load_balancer_and_endpoint_choice(ip_block, expected):
    net = five_backends()
    if ip_block:
        net.policy("shop", "edge", {"app": "api"}, ingress=[{"from": [{"ipBlock": {"cidr": ip_block}}]}])
    outcomes = enumerate_outcomes(Router(net.build()), "internet", "http://203.0.113.40/")
    assert (len(outcomes), round(sum(p for p, _ in outcomes), 9)) == expected


def test_load_counters_whole():
    net = five_backends()
    net.policy("shop", "only-client", {"app": "api"}, ingress=[{"from": [{"podSelector": {}}]}])
    net.service("shop", "empty", {"app": "none"})
    gen = (LoadGenerator(net.build(), seed=1)
           .add("default/client", "http://10.244.1.2:8080/", 1)      # pod IP, other namespace: denied
           .add("default/client", "http://empty.shop/", 1))          # no endpoints: refused
    report = gen.run(100, duration=10)
    assert report.to_json() == {
        "requests": 100, "duration": 10, "status": {"dropped": 44, "refused": 56},
        "pods": {"default/client": {"requests": 100, "served": 0, "dropped": {}},
                 "shop/api-0": {"requests": 0, "served": 0, "dropped": {"network-policy-ingress": 44}}},
        "nodes": {"worker-1": {"requests": 44, "served": 0, "dropped": {}}},
        "services": {"shop/empty": {"requests": 56, "served": 0, "dropped": {"no-endpoints": 56}}},
        "routes": [{"source": "default/client", "url": "http://10.244.1.2:8080/", "requests": 44,
                    "status": {"dropped": 44}},
                   {"source": "default/client", "url": "http://empty.shop/", "requests": 56,
                    "status": {"refused": 56}}],
    }


@pytest.mark.parametrize("aggregate", [False, True], ids=["per-request", "aggregate"])
def test_served_totals_add_up(aggregate):
    gen = LoadGenerator(five_backends().build(), seed=2).add("internet", "http://203.0.113.40/", 2) \
        .add("default/client", "http://api.shop/", 1)
    r = gen.run(3000, aggregate=aggregate)
    served_pods = sum(v["served"] for v in r.pods.values())
    served_nodes = sum(v["served"] for v in r.nodes.values())
    served_services = sum(v["served"] for v in r.services.values())
    assert (r.status, served_pods, served_nodes, served_services) == ({200: 3000}, 3000, 3000, 3000)
