"""Who may open a connection to whom on one port: every pod and the outside world against every pod.

NetworkPolicy only, as the data plane enforces it for a direct pod-IP connection (Services add DNAT but the
policy is checked against the pod behind them). The outside world is a client whose source IP reaches the
pod unchanged (a LoadBalancer with externalTrafficPolicy Local): only ``ipBlock`` peers can match it.

Scale: pods are grouped by what policy can tell apart (namespace, labels, whether their IP falls in each
``ipBlock`` used by a policy, and how each named policy port resolves on them). Each policy rule peer is
turned into a bitmask over groups once, so the result costs O(pods + groups x rules), not O(pods^2).
:func:`reachability_summary` returns those groups; :func:`reachability` expands them to the pod matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.model import Cluster
from explorer.model.selectors import matches_label_selector
from explorer.net.policy import Peer, ip_in_block, peer_matches, port_matches
from explorer.net.router import DEFAULT_CLIENT_IP, INTERNET


@dataclass
class Group:
    """Pods that every NetworkPolicy treats alike. ``id`` is ``g<N>``; ``pods`` are "ns/name" keys."""

    id: str
    namespace: str
    labels: dict
    pods: list = field(default_factory=list)
    rep: object = None   # one Pod of the group


@dataclass
class Summary:
    """Aggregated reachability. ``allowed[src_id]`` is a bitmask over ``groups`` (bit i = groups[i]);
    the source ids are ``internet`` and the group ids. Pods of one group reach each other as the mask of
    the group says; a pod always reaches itself."""

    port: int
    protocol: str
    groups: list
    allowed: dict

    def allows(self, src_id: str, dst_index: int) -> bool:
        return bool(self.allowed[src_id] >> dst_index & 1)

    def to_json(self) -> dict:
        """{"port", "protocol", "groups": [{"id", "namespace", "labels", "pods": count}],
        "allowed": {"internet"|group id: [group ids it may reach]}}."""
        ids = [g.id for g in self.groups]
        return {"port": self.port, "protocol": self.protocol,
                "groups": [{"id": g.id, "namespace": g.namespace, "labels": g.labels, "pods": len(g.pods)}
                           for g in self.groups],
                "allowed": {src: [ids[i] for i in range(len(ids)) if mask >> i & 1]
                            for src, mask in self.allowed.items()}}


@dataclass
class Matrix:
    """Pod-level reachability: ``allowed[src][dst]`` for src in ``internet`` + pods, dst in pods."""

    port: int
    protocol: str
    allowed: dict

    def to_json(self) -> dict:
        return {"port": self.port, "protocol": self.protocol, "allowed": self.allowed}

    def to_text(self) -> str:
        """A table: one row per source, one numbered column per destination ("x" allowed, "." denied)."""
        dsts = sorted({d for row in self.allowed.values() for d in row})
        srcs = list(self.allowed)
        width = max((len(s) for s in srcs), default=8)
        lines = [f"reachability on {self.protocol}/{self.port} (x = allowed, . = denied)", "destinations:"]
        lines += [f"  {i + 1:>3}  {d}" for i, d in enumerate(dsts)]
        header = " ".join(f"{i + 1:>3}" for i in range(len(dsts)))
        lines.append(f"{'source':<{width}}  {header}")
        for s in srcs:
            row = self.allowed[s]
            lines.append(f"{s:<{width}}  " + " ".join(f"{'x' if row.get(d) else '.':>3}" for d in dsts))
        return "\n".join(lines)


def _named_port(spec: dict, name: str, protocol: str):
    for c in spec.get("containers") or ():
        for p in c.get("ports") or ():
            if p.get("name") == name and (p.get("protocol") or "TCP") == protocol:
                return p.get("containerPort")
    return None


def _policies(cluster: Cluster) -> list:
    return sorted(cluster.objects("NetworkPolicy"), key=lambda p: (p.namespace, p.name))


def _collect(policies, protocol: str):
    """Every ipBlock and every named port (for ``protocol``) used by some policy."""
    blocks, names = {}, {}
    for p in policies:
        for rules, peer_key in ((p.spec.get("ingress") or (), "from"), (p.spec.get("egress") or (), "to")):
            for rule in rules:
                rule = rule or {}
                for peer in rule.get(peer_key) or ():
                    block = (peer or {}).get("ipBlock")
                    if block:
                        key = (block.get("cidr"), tuple(block.get("except") or ()))
                        blocks.setdefault(key, block)
                for rp in rule.get("ports") or ():
                    want = (rp or {}).get("port")
                    if isinstance(want, str) and not want.isdigit() and (rp.get("protocol") or "TCP") == protocol:
                        names.setdefault(want, None)
    return list(blocks.values()), list(names)


def _selector_keys(selector, out: set) -> None:
    if not selector:
        return
    out.update((selector.get("matchLabels") or {}).keys())
    out.update(e.get("key") for e in selector.get("matchExpressions") or () if e.get("key"))


def _relevant_label_keys(policies) -> set:
    """Label keys some policy's podSelector (its own or a peer's) looks at: the only ones that matter."""
    keys: set = set()
    for p in policies:
        _selector_keys(p.pod_selector, keys)
        for rules, peer_key in ((p.spec.get("ingress") or (), "from"), (p.spec.get("egress") or (), "to")):
            for rule in rules:
                for peer in (rule or {}).get(peer_key) or ():
                    _selector_keys((peer or {}).get("podSelector"), keys)
    return keys


def reachability_summary(cluster: Cluster, port: int = 80, protocol: str = "TCP",
                         client_ip: str = DEFAULT_CLIENT_IP) -> Summary:
    """Group pods and compute, per source, the bitmask of destination groups it may connect to.

    A group's ``labels`` are the pod labels restricted to the keys some policy selector looks at.
    """
    policies = _policies(cluster)
    blocks, names = _collect(policies, protocol)
    relevant = _relevant_label_keys(policies)
    policies_by_ns: dict[str, list] = {}
    for p in policies:
        policies_by_ns.setdefault(p.namespace, []).append(p)
    ns_labels = {ns.name: {"kubernetes.io/metadata.name": ns.name, **ns.labels}
                 for ns in cluster.objects("Namespace")}
    groups: list[Group] = []
    index: dict = {}
    relevant_keys = tuple(sorted(relevant))
    for pod in cluster.pods():
        raw = pod.raw   # read the dicts directly: this loop runs once per pod (150,000 at scale)
        status = raw.get("status") or {}
        ip = status.get("podIP")
        spec = raw.get("spec") or {}
        if not ip or status.get("phase") != "Running" or spec.get("hostNetwork"):
            continue
        meta = raw.get("metadata") or {}
        ns = meta.get("namespace") or "default"
        pod_labels = meta.get("labels") or {}
        label_key = tuple((k, pod_labels[k]) for k in relevant_keys if k in pod_labels)
        key = (ns, label_key,
               tuple(ip_in_block(ip, b) for b in blocks) if blocks else (),
               tuple(_named_port(spec, nm, protocol) == port for nm in names) if names else ())
        g = index.get(key)
        if g is None:
            g = index[key] = Group(f"g{len(groups)}", ns, dict(label_key), rep=pod)
            groups.append(g)
        g.pods.append(f"{ns}/{meta.get('name', '')}")
    n = len(groups)
    everyone = (1 << n) - 1
    reps = [g.rep for g in groups]
    peers_of = [Peer(p.pod_ip, p, ns_labels.get(p.namespace) or {"kubernetes.io/metadata.name": p.namespace})
                for p in reps]
    by_ns: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        by_ns.setdefault(g.namespace, []).append(i)
    internet = Peer(client_ip)

    peer_cache: dict = {}
    port_cache: dict = {}

    def peer_mask(peers, policy_ns: str) -> tuple[int, bool]:
        """(mask over groups, internet matches) for a rule's from/to list; empty list = everyone."""
        if not peers:
            return everyone, True
        mask, inet = 0, False
        for peer in peers:
            peer = peer or {}
            ck = (repr(peer), policy_ns if "namespaceSelector" not in peer and "ipBlock" not in peer else "")
            hit = peer_cache.get(ck)
            if hit is None:
                if "ipBlock" not in peer and "namespaceSelector" not in peer:
                    cands = by_ns.get(policy_ns, ())
                else:
                    cands = range(n)
                m = 0
                for i in cands:
                    if peer_matches(peer, policy_ns, peers_of[i]):
                        m |= 1 << i
                hit = peer_cache[ck] = (m, peer_matches(peer, policy_ns, internet))
            mask |= hit[0]
            inet = inet or hit[1]
        return mask, inet

    # ingress: which sources each destination group admits
    isolated_in = 0
    rule_dsts: dict = {}      # (from list, policy namespace) -> destination groups where that rule applies
    rule_peers: dict = {}     # same key -> (source group mask, internet matches)
    egress_ok = [everyone] * n
    for i, rep in enumerate(reps):
        ns_policies = policies_by_ns.get(rep.namespace, ())
        sel_in = [p for p in ns_policies if "Ingress" in p.policy_types
                  and matches_label_selector(p.pod_selector, rep.labels)]
        if sel_in:
            isolated_in |= 1 << i
            for p in sel_in:
                for rule in p.spec.get("ingress") or ():
                    rule = rule or {}
                    ports = rule.get("ports")
                    if ports and not any(port_matches(rp or {}, port, protocol, rep) for rp in ports):
                        continue
                    key = (repr(rule.get("from")), p.namespace)
                    if key not in rule_peers:
                        rule_peers[key] = peer_mask(rule.get("from"), p.namespace)
                    rule_dsts[key] = rule_dsts.get(key, 0) | 1 << i
        sel_out = [p for p in ns_policies if "Egress" in p.policy_types
                   and matches_label_selector(p.pod_selector, rep.labels)]
        if sel_out:
            mask = 0
            for p in sel_out:
                for rule in p.spec.get("egress") or ():
                    rule = rule or {}
                    ports = rule.get("ports")
                    port_mask = everyone
                    if ports:
                        pk = repr(ports)
                        port_mask = port_cache.get(pk)
                        if port_mask is None:
                            port_mask = 0
                            for j in range(n):
                                if any(port_matches(rp or {}, port, protocol, reps[j]) for rp in ports):
                                    port_mask |= 1 << j
                            port_cache[pk] = port_mask
                    if port_mask:
                        mask |= port_mask & peer_mask(rule.get("to"), p.namespace)[0]
            egress_ok[i] = mask
    # admitted_by[src] = isolated destinations some ingress rule of which admits src
    open_dsts = everyone & ~isolated_in
    internet_mask = open_dsts
    admitted_by = [0] * n
    for key, dsts in rule_dsts.items():
        m, inet = rule_peers[key]
        if inet:
            internet_mask |= dsts
        while m:
            low = m & -m
            admitted_by[low.bit_length() - 1] |= dsts
            m ^= low
    allowed = {INTERNET: internet_mask}
    for i, g in enumerate(groups):
        allowed[g.id] = egress_ok[i] & (admitted_by[i] | open_dsts)
    return Summary(port, protocol, groups, allowed)


def reachability(cluster: Cluster, port: int = 80, protocol: str = "TCP",
                 client_ip: str = DEFAULT_CLIENT_IP) -> Matrix:
    """The pod matrix (``internet`` and every running pod as sources, every running pod as destination).

    O(pods^2) in size: for big clusters use :func:`reachability_summary`.
    """
    summary = reachability_summary(cluster, port, protocol, client_ip)
    pods = [(i, p) for i, g in enumerate(summary.groups) for p in g.pods]
    pods.sort(key=lambda x: x[1])
    allowed = {INTERNET: {p: summary.allows(INTERNET, i) for i, p in pods}}
    for gi, src in pods:
        mask = summary.allowed[summary.groups[gi].id]
        allowed[src] = {dst: (dst == src) or bool(mask >> di & 1) for di, dst in pods}
    return Matrix(port, protocol, allowed)
