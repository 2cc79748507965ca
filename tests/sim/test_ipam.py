"""IPAM: node podCIDR slices, pod IPs (host-local style), ClusterIPs, NodePorts, LoadBalancer IPs."""

from __future__ import annotations

import pytest

from explorer.model import NetworkConfig
from explorer.net.ipam import Ipam, IpamConflict, IpamExhausted


def run(steps, network=None):
    ipam = Ipam(network or NetworkConfig(), seed=0)
    out = []
    for fn in steps:
        try:
            out.append(fn(ipam))
        except (IpamExhausted, IpamConflict) as exc:
            out.append(f"{type(exc).__name__}: {exc}")
    return out


SMALL = NetworkConfig(pod_cidr="10.244.0.0/29", node_cidr_mask_size=30, service_cidr="10.96.0.0/29",
                      node_port_range=(30000, 30001), load_balancer_pool="203.0.113.0/31")

CASES = {
    "node-slices-in-order": ([
        lambda i: i.assign_node_cidr("a"), lambda i: i.assign_node_cidr("b"),
        lambda i: i.assign_node_cidr("c", "10.244.7.0/24"), lambda i: i.assign_node_cidr("a")], None,
        ["10.244.0.0/24", "10.244.1.0/24", "10.244.7.0/24", "10.244.0.0/24"]),
    "taken-slice": ([lambda i: i.assign_node_cidr("a"), lambda i: i.assign_node_cidr("b", "10.244.0.0/24")], None,
                    ["10.244.0.0/24", "IpamConflict: podCIDR 10.244.0.0/24 of node b is already allocated to node a"]),
    "slices-exhausted": ([lambda i: i.assign_node_cidr("a"), lambda i: i.assign_node_cidr("b"),
                          lambda i: i.assign_node_cidr("c")], SMALL,
                         ["10.244.0.0/30", "10.244.0.4/30",
                          "IpamExhausted: Node c status is now: CIDRNotAvailable (no remaining CIDRs in 10.244.0.0/29 "
                          "with node mask /30)"]),
    "pod-ips-round-robin": ([
        lambda i: i.assign_node_cidr("a"), lambda i: i.allocate_pod_ip("a", "ns/p1"),
        lambda i: i.allocate_pod_ip("a", "ns/p2"), lambda i: i.release_pod_ip("a", "10.244.0.2"),
        lambda i: i.allocate_pod_ip("a", "ns/p3"), lambda i: i.allocate_pod_ip("a", "ns/p2", "10.244.0.3"),
        lambda i: i.pod_ips()], None,
        ["10.244.0.0/24", "10.244.0.2", "10.244.0.3", None, "10.244.0.4", "10.244.0.3",
         {"10.244.0.3": "ns/p2", "10.244.0.4": "ns/p3"}]),
    "pod-ips-exhausted": ([
        lambda i: i.assign_node_cidr("a"), lambda i: i.allocate_pod_ip("a", "ns/p1"),
        lambda i: i.allocate_pod_ip("a", "ns/p2"), lambda i: i.allocate_pod_ip("nodeless", "ns/p3")], SMALL,
        ["10.244.0.0/30", "10.244.0.2",
         "IpamExhausted: failed to allocate for range 0: no IP addresses available in range set: "
         "10.244.0.2-10.244.0.2",
         'IpamExhausted: failed to allocate for range 0: node "nodeless" has no podCIDR']),
    "cluster-ips": ([
        lambda i: i.allocate_cluster_ip("default/kubernetes", "10.96.0.1"),
        lambda i: i.allocate_cluster_ip("x/dup", "10.96.0.1"),
        lambda i: i.allocate_cluster_ip("x/out", "10.97.0.1"),
        lambda i: i.allocate_cluster_ip("x/a"), lambda i: i.allocate_cluster_ip("x/b"),
        lambda i: i.allocate_cluster_ip("x/c"), lambda i: i.allocate_cluster_ip("x/d"),
        lambda i: i.allocate_cluster_ip("x/e"), lambda i: i.allocate_cluster_ip("x/f")], SMALL,
        ["10.96.0.1", "IpamConflict: failed to allocate IP 10.96.0.1: provided IP is already allocated",
         "IpamConflict: failed to allocate IP 10.97.0.1: the provided IP (10.97.0.1) is not in the valid range. "
         "The range of valid IPs is 10.96.0.0/29",
         "10.96.0.2", "10.96.0.3", "10.96.0.4", "10.96.0.5", "10.96.0.6",
         "IpamExhausted: failed to allocate a serviceIP: range is full"]),
    "node-ports": ([
        lambda i: i.allocate_node_port("a", 30001), lambda i: i.allocate_node_port("b", 30001),
        lambda i: i.allocate_node_port("c"), lambda i: i.allocate_node_port("d"),
        lambda i: i.allocate_node_port("e", 80)], SMALL,
        [30001, "IpamConflict: provided port is already allocated", 30000,
         "IpamExhausted: failed to allocate a nodePort: range is full",
         "IpamConflict: provided port is not in the valid range. The range of valid ports is 30000-30001"]),
    "lb-pool": ([lambda i: i.allocate_lb_ip("a"), lambda i: i.allocate_lb_ip("b"), lambda i: i.allocate_lb_ip("c"),
                 lambda i: i.release_lb_ip("203.0.113.0"), lambda i: i.allocate_lb_ip("d")], SMALL,
                ["203.0.113.0", "203.0.113.1", "IpamExhausted: no available IPs in pool 203.0.113.0/31", None,
                 "203.0.113.0"]),
}


@pytest.mark.parametrize("steps, network, expected", CASES.values(), ids=CASES.keys())
def test_ipam(steps, network, expected):
    assert run(steps, network) == expected


def test_copy_is_independent():
    ipam = Ipam(NetworkConfig())
    ipam.assign_node_cidr("a")
    copy = ipam.copy()
    ipam.allocate_pod_ip("a", "ns/p")
    assert (copy.pod_ips(), copy.allocate_pod_ip("a", "ns/q")) == ({}, "10.244.0.2")
