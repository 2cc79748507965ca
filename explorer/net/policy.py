"""NetworkPolicy evaluation, as the NetworkPolicy API defines it.

A pod is isolated for a direction once any policy selecting it lists that direction in ``policyTypes``; then
a connection passes only if some rule of some such policy allows it (the union). A connection between two
pods needs the source's egress AND the destination's ingress to allow it.

Decisions made here where the API leaves room (documented in docs/traffic.md):

* A pod reaching itself is always allowed (what real CNIs do).
* ``ipBlock`` matches any address, pod IPs included (Calico and Cilium do; the API calls pod IPs
  implementation-defined). Peers that are not pods (the internet, a node after SNAT) match only ``ipBlock``.
* hostNetwork pods are never selected by a policy.
* Named ports resolve against the destination pod's container ports, per protocol.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from explorer.model.objects import NetworkPolicy, Pod
from explorer.model.selectors import matches_label_selector
from explorer.net.text import Text


@dataclass(frozen=True)
class Peer:
    """One end of a connection as policy sees it: a pod (with its namespace labels) or a bare IP."""

    ip: str
    pod: Pod | None = None
    ns_labels: dict | None = None

    @property
    def label(self) -> str:
        return f"{self.pod.namespace}/{self.pod.name}" if self.pod is not None else self.ip


@dataclass(frozen=True)
class Verdict:
    """The outcome for one direction: allowed, and the policy/rule behind it in words."""

    allowed: bool
    rule: str


_IP_CACHE: dict = {}
_BLOCK_CACHE: dict = {}


def ip_value(ip: str):
    """(version, integer) of an address, or None when it is not one (dotted IPv4 parsed directly, anything
    else by :mod:`ipaddress`, cached)."""
    try:
        a, b, c, d = map(int, ip.split("."))
    except ValueError:
        pass
    else:
        if 0 <= a < 256 and 0 <= b < 256 and 0 <= c < 256 and 0 <= d < 256 and ip.isascii() and " " not in ip:
            return 4, (a << 24) | (b << 16) | (c << 8) | d
    hit = _IP_CACHE.get(ip)
    if hit is None:
        try:
            addr = ipaddress.ip_address(ip)
            hit = (addr.version, int(addr))
        except ValueError:
            hit = False
        if len(_IP_CACHE) > 1_000_000:
            _IP_CACHE.clear()
        _IP_CACHE[ip] = hit
    return hit or None


def _range(cidr: str):
    try:
        net = ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return None
    return net.version, int(net.network_address), int(net.broadcast_address)


def _compiled(block: dict):
    key = (block.get("cidr") or "", tuple(block.get("except") or ()))
    hit = _BLOCK_CACHE.get(key)
    if hit is None:
        main = _range(key[0])
        hit = _BLOCK_CACHE[key] = (main, [r for r in map(_range, key[1]) if r is not None]) if main else False
    return hit


def ip_in_block(ip: str, block: dict) -> bool:
    """``ipBlock`` match: inside ``cidr`` and outside every ``except`` range (an invalid cidr matches nothing)."""
    value = ip_value(ip)
    compiled = _compiled(block)
    if value is None or not compiled:
        return False
    (version, lo, hi), excepts = compiled
    v, x = value
    if v != version or not lo <= x <= hi:
        return False
    return not any(ev == v and elo <= x <= ehi for ev, elo, ehi in excepts)


def peer_matches(rule_peer: dict, policy_ns: str, peer: Peer) -> bool:
    """One entry of ``from``/``to``: podSelector (policy's namespace), namespaceSelector, both (AND), ipBlock."""
    if "ipBlock" in rule_peer:
        return ip_in_block(peer.ip, rule_peer["ipBlock"] or {})
    if peer.pod is None:
        return False
    pod_sel = rule_peer.get("podSelector")
    ns_sel = rule_peer.get("namespaceSelector")
    if ns_sel is None and pod_sel is None:
        return False
    if ns_sel is None:
        if peer.pod.namespace != policy_ns:
            return False
    elif not matches_label_selector(ns_sel, peer.ns_labels or {}):
        return False
    return pod_sel is None or matches_label_selector(pod_sel, peer.pod.labels)


def resolve_named_port(pod: Pod | None, name: str, protocol: str) -> int | None:
    """The number of the container port called ``name`` for ``protocol`` on ``pod``, or None."""
    if pod is None:
        return None
    for c in (pod.raw.get("spec") or {}).get("containers") or ():
        for p in c.get("ports") or ():
            if p.get("name") == name and (p.get("protocol") or "TCP") == protocol:
                return p.get("containerPort")
    return None


def port_matches(rule_port: dict, port: int, protocol: str, dst_pod: Pod | None) -> bool:
    """One entry of ``ports``: protocol (TCP default), port by number or name (on the destination pod),
    optional ``endPort`` range. A missing port means every port of that protocol."""
    if (rule_port.get("protocol") or "TCP") != protocol:
        return False
    want = rule_port.get("port")
    if want is None:
        return True
    if isinstance(want, str) and not want.isdigit():
        resolved = resolve_named_port(dst_pod, want, protocol)
        return resolved is not None and resolved == port
    low = int(want)
    end = rule_port.get("endPort")
    return low <= port <= int(end) if end is not None else port == low


def _describe_policy(p: NetworkPolicy, direction: str, index: int) -> Text:
    return Text("allowed by NetworkPolicy {policy} {direction} rule #{index}", policy=f"{p.namespace}/{p.name}",
                direction=direction, index=index + 1)


class PolicyEngine:
    """Policies indexed by namespace; answers "does direction D of pod P allow this peer on this port"."""

    def __init__(self, policies):
        self.by_ns: dict[str, list] = {}
        blocks = {}
        for p in sorted(policies, key=lambda p: (p.namespace, p.name)):
            self.by_ns.setdefault(p.namespace, []).append(p)
            for rules, key in ((p.spec.get("ingress") or (), "from"), (p.spec.get("egress") or (), "to")):
                for rule in rules:
                    for peer in (rule or {}).get(key) or ():
                        block = (peer or {}).get("ipBlock")
                        if block:
                            blocks[(block.get("cidr"), tuple(block.get("except") or ()))] = block
        self.ip_blocks = list(blocks.values())

    def ip_signature(self, ip: str) -> tuple:
        """Which of all the policies' ipBlocks contain ``ip``: addresses with equal signatures are
        indistinguishable to every policy."""
        return tuple(ip_in_block(ip, b) for b in self.ip_blocks)

    def selecting(self, pod: Pod, direction: str) -> list:
        """Policies that select ``pod`` and isolate it for ``direction`` ("Ingress" or "Egress")."""
        if pod.spec.get("hostNetwork"):
            return []
        return [p for p in self.by_ns.get(pod.namespace, ()) if direction in p.policy_types and p.selects(pod)]

    def check(self, direction: str, subject: Peer, other: Peer, port: int, protocol: str,
              dst_pod: Pod | None) -> Verdict:
        """Verdict of ``subject``'s policies for traffic to (Egress) or from (Ingress) ``other``.

        ``port`` is the destination pod's port after DNAT; ``dst_pod`` resolves named ports.
        """
        if subject.pod is None:
            return Verdict(True, Text("not a pod: no NetworkPolicy applies"))
        policies = self.selecting(subject.pod, direction)
        if not policies:
            return Verdict(True, Text("no NetworkPolicy selects {pod} for {direction}: not isolated", pod=subject.label,
                                      direction=direction))
        key = "ingress" if direction == "Ingress" else "egress"
        peer_key = "from" if direction == "Ingress" else "to"
        for p in policies:
            for i, rule in enumerate(p.spec.get(key) or ()):
                rule = rule or {}
                ports = rule.get("ports")
                if ports and not any(port_matches(rp or {}, port, protocol, dst_pod) for rp in ports):
                    continue
                peers = rule.get(peer_key)
                if peers and not any(peer_matches(rp or {}, p.namespace, other) for rp in peers):
                    continue
                return Verdict(True, _describe_policy(p, direction.lower(), i))
        names = ", ".join(f"{p.namespace}/{p.name}" for p in policies)
        return Verdict(False, Text("{pod} is isolated for {direction} by NetworkPolicy {policies}; no rule allows "
                                   "{peer} on {protocol}/{port}", pod=subject.label, direction=direction.lower(),
                                   policies=names, peer=other.label, protocol=protocol, port=port))

    def egress(self, src: Peer, dst: Peer, port: int, protocol: str = "TCP") -> Verdict:
        """Does ``src``'s egress allow the connection to ``dst`` (a pod reaching itself always may)."""
        if _same_pod(src, dst):
            return _SELF
        return self.check("Egress", src, dst, port, protocol, dst.pod)

    def ingress(self, src: Peer, dst: Peer, port: int, protocol: str = "TCP") -> Verdict:
        """Does ``dst``'s ingress admit the connection from ``src`` (a pod reaching itself always may)."""
        if _same_pod(src, dst):
            return _SELF
        return self.check("Ingress", dst, src, port, protocol, dst.pod)

    def connection(self, src: Peer, dst: Peer, port: int, protocol: str = "TCP") -> tuple[Verdict, Verdict]:
        """(egress verdict of src, ingress verdict of dst). A pod talking to itself is always allowed."""
        return self.egress(src, dst, port, protocol), self.ingress(src, dst, port, protocol)


_SELF = Verdict(True, Text("a pod reaching itself is always allowed (as real CNIs do)"))


def _same_pod(a: Peer, b: Peer) -> bool:
    return a.pod is not None and b.pod is not None and a.pod.key == b.pod.key
