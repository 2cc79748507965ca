"""NetworkPolicy semantics, one case per rule (explorer.net.policy.PolicyEngine)."""

import pytest

from explorer.model.objects import NetworkPolicy, Pod
from explorer.net.policy import Peer, PolicyEngine

NS_LABELS = {"shop": {"kubernetes.io/metadata.name": "shop", "team": "shop"},
             "ops": {"kubernetes.io/metadata.name": "ops", "team": "ops"},
             "bare": {"kubernetes.io/metadata.name": "bare"}}   # no Namespace object: implicit label only


def pod(ns, name, labels, ip, ports=((8080, "http", "TCP"),)):
    return Pod({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns, "labels": labels},
                "spec": {"nodeName": "w1", "containers": [{"name": "c", "image": "x", "ports": [
                    {"containerPort": p, "name": n, "protocol": proto} for p, n, proto in ports]}]},
                "status": {"phase": "Running", "podIP": ip}})


def peer(p):
    return Peer(p.pod_ip, p, NS_LABELS[p.namespace])


API = pod("shop", "api", {"app": "api"}, "10.244.1.2")
WEB = pod("shop", "web", {"app": "web"}, "10.244.1.3")
DB = pod("shop", "db", {"app": "db"}, "10.244.2.2", ((5432, "pg", "TCP"), (53, "dns", "UDP")))
OPS = pod("ops", "agent", {"app": "agent"}, "10.244.3.2")
BARE = pod("bare", "tool", {"app": "api"}, "10.244.3.3")
INTERNET = Peer("198.51.100.7")
NODE = Peer("192.168.56.11")


def np(name, selector, types, ingress=None, egress=None, ns="shop"):
    spec = {"podSelector": {"matchLabels": selector} if selector else {}, "policyTypes": list(types)}
    if ingress is not None:
        spec["ingress"] = ingress
    if egress is not None:
        spec["egress"] = egress
    return NetworkPolicy({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                          "metadata": {"name": name, "namespace": ns}, "spec": spec})


DENY_DB = np("deny", {"app": "db"}, ["Ingress"])
FROM_API = [{"from": [{"podSelector": {"matchLabels": {"app": "api"}}}]}]

# (policies, source, destination, port, protocol) -> (egress allowed, ingress allowed)
CASES = {
    "no-policy-allows": ([], API, DB, 5432, "TCP", (True, True)),
    "deny-all-ingress": ([DENY_DB], API, DB, 5432, "TCP", (True, False)),
    "allow-all-rule": ([np("all", {"app": "db"}, ["Ingress"], [{}])], OPS, DB, 5432, "TCP", (True, True)),
    "policy-selects-other-pod": ([DENY_DB], API, WEB, 8080, "TCP", (True, True)),
    "pod-selector-same-ns": ([np("p", {"app": "db"}, ["Ingress"], FROM_API)], API, DB, 5432, "TCP", (True, True)),
    "pod-selector-not-other-label": ([np("p", {"app": "db"}, ["Ingress"], FROM_API)], WEB, DB, 5432, "TCP",
                                     (True, False)),
    "pod-selector-not-other-ns": ([np("p", {"app": "db"}, ["Ingress"], FROM_API)], BARE, DB, 5432, "TCP",
                                  (True, False)),
    "namespace-selector": ([np("p", {"app": "db"}, ["Ingress"], [{"from": [{"namespaceSelector": {
        "matchLabels": {"team": "ops"}}}]}])], OPS, DB, 5432, "TCP", (True, True)),
    "namespace-selector-implicit-name-label": ([np("p", {"app": "db"}, ["Ingress"], [{"from": [{"namespaceSelector": {
        "matchLabels": {"kubernetes.io/metadata.name": "bare"}}}]}])], BARE, DB, 5432, "TCP", (True, True)),
    "ns-and-pod-selector-both-match": ([np("p", {"app": "db"}, ["Ingress"], [{"from": [{
        "namespaceSelector": {"matchLabels": {"team": "ops"}}, "podSelector": {"matchLabels": {"app": "agent"}}}]}])],
        OPS, DB, 5432, "TCP", (True, True)),
    "ns-and-pod-selector-is-and": ([np("p", {"app": "db"}, ["Ingress"], [{"from": [{
        "namespaceSelector": {"matchLabels": {"team": "ops"}}, "podSelector": {"matchLabels": {"app": "api"}}}]}])],
        API, DB, 5432, "TCP", (True, False)),
    "two-peers-is-or": ([np("p", {"app": "db"}, ["Ingress"], [{"from": [
        {"namespaceSelector": {"matchLabels": {"team": "ops"}}}, {"podSelector": {"matchLabels": {"app": "api"}}}]}])],
        API, DB, 5432, "TCP", (True, True)),
    "ipblock-internet": ([np("p", {"app": "db"}, ["Ingress"], [{"from": [{"ipBlock": {"cidr": "198.51.100.0/24"}}]}])],
                         INTERNET, DB, 5432, "TCP", (True, True)),
    "ipblock-except": ([np("p", {"app": "db"}, ["Ingress"], [{"from": [{"ipBlock": {
        "cidr": "198.51.100.0/24", "except": ["198.51.100.0/29"]}}]}])], INTERNET, DB, 5432, "TCP", (True, False)),
    "ipblock-sees-node-ip-after-snat": ([np("p", {"app": "db"}, ["Ingress"], [{"from": [{"ipBlock": {
        "cidr": "198.51.100.0/24"}}]}])], NODE, DB, 5432, "TCP", (True, False)),
    "ipblock-matches-pod-ip": ([np("p", {"app": "db"}, ["Ingress"], [{"from": [{"ipBlock": {
        "cidr": "10.244.1.0/24"}}]}])], API, DB, 5432, "TCP", (True, True)),
    "pod-selector-never-matches-internet": ([np("p", {"app": "db"}, ["Ingress"], [{"from": [{"podSelector": {}}]}])],
                                            INTERNET, DB, 5432, "TCP", (True, False)),
    "port-number": ([np("p", {"app": "db"}, ["Ingress"], [{"ports": [{"port": 5432}]}])], API, DB, 5432, "TCP",
                    (True, True)),
    "port-number-other": ([np("p", {"app": "db"}, ["Ingress"], [{"ports": [{"port": 5433}]}])], API, DB, 5432,
                          "TCP", (True, False)),
    "port-by-name": ([np("p", {"app": "db"}, ["Ingress"], [{"ports": [{"port": "pg"}]}])], API, DB, 5432, "TCP",
                     (True, True)),
    "port-name-wrong-protocol": ([np("p", {"app": "db"}, ["Ingress"], [{"ports": [{"port": "dns"}]}])], API, DB, 53,
                                 "TCP", (True, False)),
    "port-name-udp": ([np("p", {"app": "db"}, ["Ingress"], [{"ports": [{"port": "dns", "protocol": "UDP"}]}])], API,
                      DB, 53, "UDP", (True, True)),
    "end-port-range-inside": ([np("p", {"app": "db"}, ["Ingress"], [{"ports": [{"port": 5000, "endPort": 6000}]}])],
                              API, DB, 5432, "TCP", (True, True)),
    "end-port-range-outside": ([np("p", {"app": "db"}, ["Ingress"], [{"ports": [{"port": 5000, "endPort": 5400}]}])],
                               API, DB, 5432, "TCP", (True, False)),
    "protocol-mismatch": ([np("p", {"app": "db"}, ["Ingress"], [{"ports": [{"port": 5432, "protocol": "UDP"}]}])],
                          API, DB, 5432, "TCP", (True, False)),
    "ports-and-peers-both-needed": ([np("p", {"app": "db"}, ["Ingress"], [{"from": FROM_API[0]["from"],
                                                                           "ports": [{"port": 9999}]}])],
                                    API, DB, 5432, "TCP", (True, False)),
    "union-of-policies": ([DENY_DB, np("p", {"app": "db"}, ["Ingress"], FROM_API)], API, DB, 5432, "TCP",
                          (True, True)),
    "egress-deny-all": ([np("e", {"app": "api"}, ["Egress"])], API, DB, 5432, "TCP", (False, True)),
    "egress-allowed-to-db": ([np("e", {"app": "api"}, ["Egress"], egress=[{"to": [{"podSelector": {
        "matchLabels": {"app": "db"}}}], "ports": [{"port": "pg"}]}])], API, DB, 5432, "TCP", (True, True)),
    "egress-and-ingress-both-required": ([np("e", {"app": "api"}, ["Egress"], egress=[{}]), DENY_DB], API, DB, 5432,
                                         "TCP", (True, False)),
    "ingress-only-policy-leaves-egress-open": ([np("p", {"app": "api"}, ["Ingress"])], API, DB, 5432, "TCP",
                                               (True, True)),
    "default-policy-types-with-egress": ([np("e", {"app": "api"}, [], egress=[])], API, DB, 5432, "TCP",
                                         (True, True)),
    "empty-selector-isolates-namespace": ([np("all", None, ["Ingress"])], OPS, WEB, 8080, "TCP", (True, False)),
    "policy-in-other-ns-does-not-apply": ([np("all", None, ["Ingress"], ns="ops")], API, WEB, 8080, "TCP",
                                          (True, True)),
    "self-always-allowed": ([np("all", None, ["Ingress", "Egress"])], DB, DB, 5432, "TCP", (True, True)),
}


@pytest.mark.parametrize("policies, src, dst, port, protocol, expected", list(CASES.values()), ids=list(CASES))
def test_connection(policies, src, dst, port, protocol, expected):
    engine = PolicyEngine(policies)
    s = src if isinstance(src, Peer) else peer(src)
    egress, ingress = engine.connection(s, peer(dst), port, protocol)
    assert (egress.allowed, ingress.allowed) == expected


@pytest.mark.parametrize("policies, expected", [
    ([], ("no NetworkPolicy selects shop/api for Egress: not isolated",
          "no NetworkPolicy selects shop/db for Ingress: not isolated")),
    ([DENY_DB], ("no NetworkPolicy selects shop/api for Egress: not isolated",
                 "shop/db is isolated for ingress by NetworkPolicy shop/deny; no rule allows shop/api on TCP/5432")),
    ([np("p", {"app": "db"}, ["Ingress"], FROM_API)],
     ("no NetworkPolicy selects shop/api for Egress: not isolated", "allowed by NetworkPolicy shop/p ingress rule #1")),
], ids=["not-isolated", "denied-names-policies", "allowed-names-rule"])
def test_verdicts_explain_themselves(policies, expected):
    egress, ingress = PolicyEngine(policies).connection(peer(API), peer(DB), 5432, "TCP")
    assert (egress.rule, ingress.rule) == expected


@pytest.mark.parametrize("ip, block, expected", [
    ("10.1.2.3", {"cidr": "10.0.0.0/8"}, True),
    ("10.1.2.3", {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16"]}, False),
    ("11.0.0.1", {"cidr": "10.0.0.0/8"}, False),
    ("2001:db8::1", {"cidr": "2001:db8::/32"}, True),
    ("2001:db8::1", {"cidr": "10.0.0.0/8"}, False),
    ("10.0.0.1", {"cidr": "::/0"}, False),
    ("not-an-ip", {"cidr": "0.0.0.0/0"}, False),
    ("10.0.0.256", {"cidr": "0.0.0.0/0"}, False),
    ("10.0.0.1", {"cidr": "not-a-cidr"}, False),
], ids=["inside", "in-except", "outside", "ipv6", "ipv6-vs-ipv4-block", "ipv4-vs-ipv6-block", "garbage-ip",
        "octet-out-of-range", "garbage-cidr"])
def test_ip_in_block(ip, block, expected):
    from explorer.net.policy import ip_in_block
    assert ip_in_block(ip, block) is expected
