"""Cluster-wide network settings, as kubeadm's ClusterConfiguration carries them."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field, replace

from explorer.model.errors import InvalidValueError
from explorer.model.validation import cidr


@dataclass(frozen=True)
class NetworkConfig:
    """Pod and Service address ranges and the NodePort range (kubeadm defaults).

    ``node_cidr_mask_size`` is the prefix length of each node's slice of ``pod_cidr`` (``/24``).
    ``load_balancer_pool`` is where LoadBalancer Services get external IPs (a MetalLB-style pool; the
    default is the documentation range TEST-NET-3).
    """

    pod_cidr: str = "10.244.0.0/16"
    service_cidr: str = "10.96.0.0/12"
    node_cidr_mask_size: int = 24
    node_port_range: tuple = (30000, 32767)
    load_balancer_pool: str = "203.0.113.0/24"
    dns_domain: str = "cluster.local"
    cluster_name: str = "kubernetes"
    kubernetes_version: str = "v1.34.0"
    extra: dict = field(default_factory=dict, compare=False)

    def validated(self) -> "NetworkConfig":
        """Return self after checking every field; raises :class:`InvalidValueError` naming the field."""
        cidr(self.pod_cidr, "podSubnet")
        cidr(self.service_cidr, "serviceSubnet")
        cidr(self.load_balancer_pool, "loadBalancerPool")
        pod_net = ipaddress.ip_network(self.pod_cidr)
        if not isinstance(self.node_cidr_mask_size, int) or isinstance(self.node_cidr_mask_size, bool) \
                or not pod_net.prefixlen <= self.node_cidr_mask_size <= pod_net.max_prefixlen - 2:
            raise InvalidValueError(f"nodeCIDRMaskSize {self.node_cidr_mask_size!r}: must be between the pod "
                                    f"CIDR's prefix ({pod_net.prefixlen}) and {pod_net.max_prefixlen - 2}")
        if ipaddress.ip_network(self.service_cidr).overlaps(pod_net):
            raise InvalidValueError(f"serviceSubnet {self.service_cidr} overlaps podSubnet {self.pod_cidr}")
        low, high = self.node_port_range
        if not (isinstance(low, int) and isinstance(high, int) and 1 <= low <= high <= 65535):
            raise InvalidValueError(f"service-node-port-range {low}-{high}: must be a range of valid ports")
        return self

    def with_changes(self, **changes) -> "NetworkConfig":
        """A validated copy with ``changes`` applied."""
        return replace(self, **changes).validated()

    @property
    def max_nodes(self) -> int:
        """How many node slices the pod CIDR holds."""
        return 2 ** (self.node_cidr_mask_size - ipaddress.ip_network(self.pod_cidr).prefixlen)

    @property
    def api_server_ip(self) -> str:
        """The ``kubernetes`` Service's ClusterIP: the first address of the service CIDR."""
        return str(ipaddress.ip_network(self.service_cidr).network_address + 1)

    @property
    def dns_ip(self) -> str:
        """The cluster DNS Service's ClusterIP: the tenth address of the service CIDR (10.96.0.10)."""
        return str(ipaddress.ip_network(self.service_cidr).network_address + 10)
