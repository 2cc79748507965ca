"""IP address management for the simulated cluster: what kube-controller-manager's node IPAM, the CNI's
host-local plugin, the API server's Service allocators and a MetalLB-style load-balancer pool do.

- Node pod CIDRs: consecutive ``/node_cidr_mask_size`` slices of the pod CIDR (a Node's existing
  ``spec.podCIDR`` is honoured).
- Pod IPs: from the node's slice like host-local: the slice's first address is the bridge gateway, so pods
  get ``.2`` upwards, round-robin after the last one handed out (a recreated pod gets a new IP), never the
  broadcast address. An address is never held by two live pods.
- ClusterIPs: from the service CIDR; ``kubernetes`` gets the first address, ``kube-dns`` the tenth; others
  are drawn from the seeded generator (the API server allocates randomly); given clusterIPs are honoured.
- NodePorts: from the node-port range, drawn from the seeded generator; given ones honoured.
- LoadBalancer IPs: lowest free address of the pool.

Everything raises :class:`IpamExhausted` (with the message the real component logs) when a range is full,
and :class:`IpamConflict` when a requested address or port is taken or outside its range.
State is plain dicts and sets; :meth:`Ipam.copy` is a snapshot.
"""

from __future__ import annotations

import ipaddress
import random


def _ip(value: int) -> str:
    """Dotted-quad text of an IPv4 address held as an int (much faster than ipaddress for hot paths)."""
    return f"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}"


def _int(text: str) -> int:
    a, b, c, d = text.split(".")
    return (int(a) << 24) | (int(b) << 16) | (int(c) << 8) | int(d)


class IpamError(Exception):
    """Base of IPAM errors; ``str(e)`` is the message the real component reports."""


class IpamExhausted(IpamError):
    """A range has no free address (or port) left."""


class IpamConflict(IpamError):
    """A requested address or port is already allocated or outside its range."""


class Ipam:
    """Allocations of one cluster. ``network`` is an :class:`explorer.model.NetworkConfig`."""

    def __init__(self, network, seed: int = 0):
        self.network = network
        pod_net = ipaddress.ip_network(network.pod_cidr)
        self._pod_base = int(pod_net.network_address)
        self._slice_size = 2 ** (pod_net.max_prefixlen - network.node_cidr_mask_size)
        self._slices = network.max_nodes
        svc = ipaddress.ip_network(network.service_cidr)
        self._svc_lo = int(svc.network_address) + 1
        self._svc_hi = int(svc.broadcast_address) - 1
        lb = ipaddress.ip_network(network.load_balancer_pool)
        self._lb_lo = int(lb.network_address) + (1 if lb.num_addresses > 2 else 0)
        self._lb_hi = int(lb.broadcast_address) - (1 if lb.num_addresses > 2 else 0)
        self._rng = random.Random(f"ipam:{seed}")
        self.node_slice: dict[str, int] = {}     # node -> slice index
        self._slice_owner: dict[int, str] = {}
        self._next_slice = 0
        self._node_used: dict[str, dict[int, str]] = {}   # node -> {ip int: holder}
        self._node_last: dict[str, int] = {}     # node -> last offset handed out
        self._cluster_ips: dict[int, str] = {}   # ip int -> "ns/name"
        self._node_ports: dict[int, str] = {}
        self._lb_ips: dict[int, str] = {}

    # node pod CIDRs ------------------------------------------------------------------------------------
    def assign_node_cidr(self, node: str, existing: str = "") -> str:
        """The node's podCIDR (its existing one if given and free). Raises IpamExhausted / IpamConflict."""
        if node in self.node_slice:
            return self.pod_cidr_of(node)
        if existing:
            net = ipaddress.ip_network(existing, strict=False)
            index = (int(net.network_address) - self._pod_base) // self._slice_size
            if not 0 <= index < self._slices or net.num_addresses != self._slice_size:
                raise IpamConflict(f"podCIDR {existing} of node {node} is not a slice of {self.network.pod_cidr}")
            if index in self._slice_owner and self._slice_owner[index] != node:
                raise IpamConflict(f"podCIDR {existing} of node {node} is already allocated to "
                                   f"node {self._slice_owner[index]}")
        else:
            index = self._free_slice()
            if index is None:
                raise IpamExhausted(f"Node {node} status is now: CIDRNotAvailable (no remaining CIDRs in "
                                    f"{self.network.pod_cidr} with node mask /{self.network.node_cidr_mask_size})")
        self.node_slice[node] = index
        self._slice_owner[index] = node
        self._node_used.setdefault(node, {})
        self._node_last.setdefault(node, 1)
        return self.pod_cidr_of(node)

    def _free_slice(self):
        for _ in range(self._slices):
            index = self._next_slice % self._slices
            self._next_slice += 1
            if index not in self._slice_owner:
                return index
        return None

    def release_node_cidr(self, node: str) -> None:
        index = self.node_slice.pop(node, None)
        if index is not None:
            self._slice_owner.pop(index, None)
        self._node_used.pop(node, None)
        self._node_last.pop(node, None)

    def pod_cidr_of(self, node: str) -> str:
        index = self.node_slice.get(node)
        if index is None:
            return ""
        base = self._pod_base + index * self._slice_size
        return f"{ipaddress.ip_address(base)}/{self.network.node_cidr_mask_size}"

    # pod IPs -------------------------------------------------------------------------------------------
    def allocate_pod_ip(self, node: str, holder: str, wanted: str = "") -> str:
        """A free IP of the node's slice for ``holder`` ("ns/name"); ``wanted`` is kept when free and inside.

        Raises IpamExhausted with host-local's message when the slice is full or the node has no podCIDR.
        """
        index = self.node_slice.get(node)
        if index is None:
            raise IpamExhausted(f'failed to allocate for range 0: node "{node}" has no podCIDR')
        base = self._pod_base + index * self._slice_size
        used = self._node_used[node]
        if wanted:
            value = _int(wanted)
            if base + 2 <= value < base + self._slice_size - 1 and used.get(value, holder) == holder:
                used[value] = holder
                return wanted
        first, last = 2, self._slice_size - 2
        span = last - first + 1
        start = self._node_last.get(node, 1)
        for i in range(1, span + 1):
            offset = first + (start - first + i) % span
            value = base + offset
            if value not in used:
                used[value] = holder
                self._node_last[node] = offset
                return _ip(value)
        raise IpamExhausted(f"failed to allocate for range 0: no IP addresses available in range set: "
                            f"{ipaddress.ip_address(base + first)}-{ipaddress.ip_address(base + last)}")

    def release_pod_ip(self, node: str, ip: str) -> None:
        used = self._node_used.get(node)
        if used is not None and ip:
            used.pop(_int(ip), None)

    def pod_ips(self) -> dict[str, str]:
        """{ip: holder} of every allocated pod IP."""
        return {_ip(v): h for used in self._node_used.values() for v, h in used.items()}

    # Services ------------------------------------------------------------------------------------------
    def allocate_cluster_ip(self, holder: str, wanted: str = "") -> str:
        """A ClusterIP. Raises IpamConflict (taken / outside the range) or IpamExhausted ("range is full")."""
        if wanted:
            value = int(ipaddress.ip_address(wanted))
            if not self._svc_lo <= value <= self._svc_hi:
                raise IpamConflict(f"failed to allocate IP {wanted}: the provided IP ({wanted}) is not in the "
                                   f"valid range. The range of valid IPs is {self.network.service_cidr}")
            if value in self._cluster_ips and self._cluster_ips[value] != holder:
                raise IpamConflict(f"failed to allocate IP {wanted}: provided IP is already allocated")
            self._cluster_ips[value] = holder
            return wanted
        reserved = {self._svc_lo, self._svc_lo + 9}  # kubernetes and kube-dns
        value = self._random_free(self._svc_lo, self._svc_hi, self._cluster_ips, reserved)
        if value is None:
            raise IpamExhausted("failed to allocate a serviceIP: range is full")
        self._cluster_ips[value] = holder
        return str(ipaddress.ip_address(value))

    def release_cluster_ip(self, ip: str) -> None:
        if ip and ip != "None":
            self._cluster_ips.pop(int(ipaddress.ip_address(ip)), None)

    def allocate_node_port(self, holder: str, wanted: int | None = None) -> int:
        low, high = self.network.node_port_range
        if wanted:
            if not low <= wanted <= high:
                raise IpamConflict(f"provided port is not in the valid range. The range of valid ports is "
                                   f"{low}-{high}")
            if wanted in self._node_ports and self._node_ports[wanted] != holder:
                raise IpamConflict("provided port is already allocated")
            self._node_ports[wanted] = holder
            return wanted
        value = self._random_free(low, high, self._node_ports, ())
        if value is None:
            raise IpamExhausted("failed to allocate a nodePort: range is full")
        self._node_ports[value] = holder
        return value

    def release_node_port(self, port) -> None:
        if port:
            self._node_ports.pop(int(port), None)

    def allocate_lb_ip(self, holder: str) -> str:
        for value in range(self._lb_lo, self._lb_hi + 1):
            if value not in self._lb_ips:
                self._lb_ips[value] = holder
                return str(ipaddress.ip_address(value))
        raise IpamExhausted(f"no available IPs in pool {self.network.load_balancer_pool}")

    def claim_lb_ip(self, holder: str, ip: str) -> bool:
        value = int(ipaddress.ip_address(ip))
        if self._lb_ips.get(value, holder) != holder:
            return False
        self._lb_ips[value] = holder
        return True

    def release_lb_ip(self, ip: str) -> None:
        if ip:
            self._lb_ips.pop(int(ipaddress.ip_address(ip)), None)

    def _random_free(self, lo: int, hi: int, used: dict, reserved) -> int | None:
        size = hi - lo + 1
        if len(used) + len(reserved) < size // 2:
            while True:
                value = self._rng.randint(lo, hi)
                if value not in used and value not in reserved:
                    return value
        for value in range(lo, hi + 1):
            if value not in used and value not in reserved:
                return value
        for value in sorted(reserved):
            if lo <= value <= hi and value not in used:
                return value
        return None

    # snapshots -----------------------------------------------------------------------------------------
    def apply_pod_changes(self, changes) -> None:
        """Bring pod IP allocations in line after pods changed outside this object (a restore): ``changes`` is
        an iterable of (pod before, pod after), either None. Releases come first, so swapped IPs work."""
        changes = list(changes)
        for before, after in changes:
            if before is not None and before.pod_ip and before.node_name and not before.spec.get("hostNetwork"):
                used = self._node_used.get(before.node_name)
                if used is not None and used.get(_int(before.pod_ip)) == f"{before.namespace}/{before.name}":
                    del used[_int(before.pod_ip)]
        for node in [n for n in self._node_used if n not in self.node_slice]:
            del self._node_used[node]
        for node in self.node_slice:
            self._node_used.setdefault(node, {})
        for before, after in changes:
            if after is not None and after.pod_ip and after.node_name and not after.spec.get("hostNetwork"):
                used = self._node_used.get(after.node_name)
                if used is not None:
                    used[_int(after.pod_ip)] = f"{after.namespace}/{after.name}"

    def copy(self, pods: bool = True) -> "Ipam":
        """An independent copy; ``pods=False`` leaves pod IP allocations out (shared by reference: the caller
        must rebuild them with :meth:`apply_pod_changes` before using the copy)."""
        other = Ipam.__new__(Ipam)
        other.__dict__.update(self.__dict__)
        other._rng = random.Random()
        other._rng.setstate(self._rng.getstate())
        other.node_slice = dict(self.node_slice)
        other._slice_owner = dict(self._slice_owner)
        other._node_used = {k: dict(v) for k, v in self._node_used.items()} if pods else self._node_used
        other._node_last = dict(self._node_last)
        other._cluster_ips = dict(self._cluster_ips)
        other._node_ports = dict(self._node_ports)
        other._lb_ips = dict(self._lb_ips)
        return other
