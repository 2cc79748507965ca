"""Routing one request hop by hop: DNS, load balancer, node, kube-proxy, overlay, NetworkPolicy, Ingress, pod.

:class:`Router` holds the indexed cluster, the kube-proxy state (IPVS round-robin counters, ClientIP
session-affinity table) and a seeded random source, so a sequence of requests behaves like a real data plane.
:func:`route` is the one-shot form.

Status of a result: 200 (a pod answered), 404 (the Ingress controller found no rule), 503 (the Ingress
backend Service is missing or has no ready endpoint), ``"refused"`` (nothing answers: unknown host, no
listener, a Service with no endpoints, which kube-proxy REJECTs) or ``"dropped"`` (packets silently lost:
NetworkPolicy, externalTrafficPolicy/internalTrafficPolicy Local on a node without endpoints, unroutable
addresses).

Raises ValueError for a bad URL, an unknown mode, or a source pod that does not exist or has no IP.
"""

from __future__ import annotations

import random

from explorer.model import Cluster
from explorer.model.objects import Pod, Service, ServicePort
from explorer.net import ingress as ingress_match
from explorer.net.policy import Peer, PolicyEngine, resolve_named_port
from explorer.net.trace import Hop, Trace
from explorer.net.urls import Target, parse_url
from explorer.net.view import EndpointRef, NetworkView, pod_key

INTERNET = "internet"
DEFAULT_CLIENT_IP = "198.51.100.7"   # TEST-NET-2: "a client somewhere on the internet"
MODES = ("iptables", "ipvs")


class _Stop(Exception):
    """Ends a trace early with a status."""

    def __init__(self, status, reason: str, drop: tuple | None = None):
        super().__init__(reason)
        self.status, self.reason, self.drop = status, reason, drop


class _Run:
    """The state of one request while it is being routed."""

    def __init__(self, source: str, target: Target):
        self.source = source
        self.target = target
        self.hops: list[Hop] = []
        self.visited: list[tuple] = []
        self.ingress = None
        self.rule = None
        self.service = None
        self.pod = None

    def hop(self, step, at, decision, rule="", graph=""):
        self.hops.append(Hop(step, at, decision, rule, graph))

    def visit(self, kind: str, key: str):
        """Count a pass through a pod, node or Service (twice if the request passes twice, e.g. a node
        that receives it from the load balancer and later hosts its backend)."""
        item = (kind, key)
        if not self.visited or self.visited[-1] != item:
            self.visited.append(item)


def _g_node(name: str) -> str:
    return f"node/{name}"


def _g_pod(pod: Pod) -> str:
    return f"pod/{pod.namespace}/{pod.name}"


def svc_key(svc: Service) -> str:
    return f"{svc.namespace}/{svc.name}"


class Router:
    """Routes requests through a cluster state. Build once, route many times (each trace is O(rules)).

    ``mode``: kube-proxy mode, ``"iptables"`` (uniform random per connection) or ``"ipvs"`` (round-robin
    per node and Service port). ``client_ip``: the internet client's address. ``now``: simulated seconds,
    advanced by the caller (the load generator) for session-affinity timeouts.
    """

    def __init__(self, cluster: Cluster, seed: int = 0, mode: str = "iptables", client_ip: str = DEFAULT_CLIENT_IP,
                 view: NetworkView | None = None):
        if mode not in MODES:
            raise ValueError(f"mode {mode!r}: must be iptables or ipvs")
        self.view = view or NetworkView(cluster)
        self.policy = PolicyEngine(cluster.objects("NetworkPolicy"))
        self.mode = mode
        self.client_ip = client_ip
        self.rng = random.Random(seed)
        self.now = 0
        self._rr: dict = {}
        self._affinity: dict = {}
        self._choose_hook = None   # set by explorer.net.load to enumerate every branch
        self._ports: dict = {}      # (service key, port) -> [(EndpointRef, target port)]
        self._current: _Run | None = None
        self._lb_classes: dict = {}  # service key -> load-balancer targets grouped by ipBlock signature

    # randomness --------------------------------------------------------------------------------------
    def _choose(self, n: int, weights=None, members=None) -> int:
        """Index of a uniformly random choice among ``n`` (or the forced one while enumerating; then
        ``weights``/``members`` describe options that stand for several equivalent ones)."""
        if self._choose_hook is not None:
            return self._choose_hook(n, weights, members)
        return self.rng.randrange(n) if n > 1 else 0

    # entry ------------------------------------------------------------------------------------------
    def route(self, source, url: str, client_ip: str | None = None, host: str | None = None) -> Trace:
        """Route one request from ``source`` (``"internet"``, ``(ns, pod)`` or ``"ns/pod"``) to ``url``.

        ``host`` overrides the Host header (as ``curl -H 'Host: ...'``): the URL's host still decides where
        the connection goes, ``host`` what the Ingress controller matches.
        """
        target = parse_url(url)
        if host:
            target = Target(target.scheme, target.host, target.port, target.path, host.lower())
        src_pod = self._source_pod(source)
        label = INTERNET if src_pod is None else pod_key(src_pod)
        run = _Run(label, target)
        self._current = run
        status, reason, drop = 200, "", None
        try:
            reason = self._route(run, src_pod, client_ip or self.client_ip)
        except _Stop as stop:
            status, reason, drop = stop.status, stop.reason, stop.drop
        result = {"status": status, "ingress": run.ingress, "rule": run.rule, "service": run.service,
                  "pod": run.pod if status == 200 else None, "reason": reason}
        return Trace(label, str(target), result, run.hops, drop, run.visited)

    def _source_pod(self, source) -> Pod | None:
        if source == INTERNET or source is None:
            return None
        if isinstance(source, str):
            ns, sep, name = source.partition("/")
            if not sep:
                raise ValueError(f"source {source!r}: must be 'internet' or NAMESPACE/POD")
        else:
            ns, name = source
        pod = self.view.pods.get(f"{ns}/{name}")
        if pod is None:
            raise ValueError(f'source pod "{ns}/{name}" not found')
        if not pod.pod_ip or pod.phase != "Running":
            raise ValueError(f'source pod "{ns}/{name}" is not running (phase {pod.phase}, no pod IP)')
        return pod

    def _route(self, run: _Run, src_pod: Pod | None, client_ip: str) -> str:
        t = run.target
        get = f"GET {t}" + (f" (Host: {t.header})" if t.header else "")
        if src_pod is None:
            run.hop("client", f"internet {client_ip}", get, graph=INTERNET)
            src = Peer(client_ip)
        else:
            node = src_pod.node_name
            run.hop("client", f"pod {pod_key(src_pod)} ({src_pod.pod_ip}) on {node}", get,
                    graph=_g_pod(src_pod))
            run.visit("pod", pod_key(src_pod))
            src = Peer(src_pod.pod_ip, src_pod, self.view.ns_labels(src_pod.namespace))
        ip, port, preset_service = self._resolve(run, src_pod)
        if src_pod is not None:
            run.hop("node", src_pod.node_name, f"packet to {ip}:{port} leaves the pod through its veth into the "
                    "node's network stack", graph=_g_node(src_pod.node_name))
        dst_pod, dst_port, src_seen, src_node = self._connect(run, src, src_pod, ip, port, preset_service)
        return self._deliver(run, src_seen, src_node, dst_pod, dst_port, origin=src)

    # DNS --------------------------------------------------------------------------------------------
    def _resolve(self, run: _Run, src_pod: Pod | None):
        """Turn the URL host into (ip, port, headless service or None), adding a DNS hop."""
        t = run.target
        if t.is_ip:
            return t.host, t.port, None
        view = self.view
        if src_pod is not None:
            self._dns_egress(run, src_pod)
            svc = self._cluster_service_name(t.host, src_pod.namespace)
            if svc is not None:
                fqdn = f"{svc.name}.{svc.namespace}.svc.{view.dns_domain}"
                if svc.headless:
                    eps = view.endpoints(svc)
                    if not eps:
                        run.hop("dns", "CoreDNS", f"{t.host} -> NXDOMAIN", f"headless Service {svc_key(svc)} "
                                f"has no ready endpoints, so {fqdn} has no A records")
                        raise _Stop("refused", f"could not resolve {t.host}: headless Service {svc_key(svc)} "
                                    "has no ready endpoints", ("no-endpoints", "service", svc_key(svc)))
                    i = self._choose(len(eps))
                    run.hop("dns", "CoreDNS", f"{t.host} -> {eps[i].ip} (one of {len(eps)} A records)",
                            f"headless Service {svc_key(svc)} (clusterIP: None): DNS returns the ready pod IPs; "
                            f"the client takes the first of the shuffled answer")
                    run.service = svc_key(svc)
                    run.visit("service", svc_key(svc))
                    return eps[i].ip, t.port, svc
                if not svc.cluster_ip:
                    raise _Stop("refused", f"Service {svc_key(svc)} has no clusterIP yet",
                                ("no-cluster-ip", "service", svc_key(svc)))
                run.hop("dns", "CoreDNS", f"{t.host} -> {svc.cluster_ip}",
                        f"{fqdn} is Service {svc_key(svc)}'s ClusterIP (pod search path "
                        f"{src_pod.namespace}.svc.{view.dns_domain} svc.{view.dns_domain} {view.dns_domain})")
                return svc.cluster_ip, t.port, None
        address = self._ingress_address(t.host, external=src_pod is None)
        if address is None:
            where = "public DNS" if src_pod is None else "CoreDNS (then upstream DNS)"
            run.hop("dns", where, f"{t.host} -> NXDOMAIN",
                    "no Service has this name and no Ingress names this host" if src_pod is not None
                    else "no Ingress names this host (cluster-internal names do not resolve outside)")
            raise _Stop("refused", f"could not resolve host {t.host}", ("dns", "none", t.host))
        ip, port, why = address
        run.hop("dns", "public DNS" if src_pod is None else "CoreDNS (forwarded to upstream DNS)",
                f"{t.host} -> {ip}", why)
        return ip, (port if port is not None else t.port), None

    def _dns_egress(self, run: _Run, src_pod: Pod) -> None:
        """A pod isolated for egress must be allowed to reach CoreDNS (Service kube-system/kube-dns) on
        UDP/53 to resolve a name. Only checked when the cluster has that Service."""
        dns = self.view.services.get("kube-system/kube-dns")
        if dns is None or not self.policy.selecting(src_pod, "Egress"):
            return
        sp = next((p for p in dns.ports if p.protocol == "UDP"), None)
        if sp is None:
            return
        src = Peer(src_pod.pod_ip, src_pod, self.view.ns_labels(src_pod.namespace))
        eps = self._resolved_endpoints(dns, sp)
        for ep, port in eps:
            if ep.pod is None:
                continue
            verdict = self.policy.egress(src, Peer(ep.ip, ep.pod, self.view.ns_labels(ep.pod.namespace)), port, "UDP")
            if verdict.allowed:
                run.hop("network-policy", f"egress of {pod_key(src_pod)}", f"allow DNS lookup to {ep.ip} UDP/{port}",
                        verdict.rule)
                return
        run.hop("network-policy", f"egress of {pod_key(src_pod)}", "deny DNS lookup (UDP/53 to CoreDNS)",
                f"{pod_key(src_pod)} is isolated for egress and no rule allows UDP/53 to the kube-dns endpoints; "
                "the lookup times out", )
        raise _Stop("dropped", f"DNS lookup of {run.target.host} blocked: NetworkPolicy denies egress from "
                    f"{pod_key(src_pod)} to CoreDNS on UDP/53", ("network-policy-egress", "pod", pod_key(src_pod)))

    def _cluster_service_name(self, host: str, pod_ns: str) -> Service | None:
        """A Service for ``svc``, ``svc.ns``, ``svc.ns.svc`` or ``svc.ns.svc.<domain>`` (pod search path)."""
        suffix = "." + self.view.dns_domain
        name = host[:-len(suffix)] if host.endswith(suffix) else host
        if name.endswith(".svc"):
            name = name[:-4]
        parts = name.split(".")
        if len(parts) == 1:
            return self.view.services.get(f"{pod_ns}/{parts[0]}")
        if len(parts) == 2:
            return self.view.services.get(f"{parts[1]}/{parts[0]}")
        return None

    def _ingress_address(self, host: str, external: bool):
        """(ip, port or None, why) where ``host`` points: the address of the controller serving an Ingress
        that names it (its LoadBalancer IP, else a node IP and the nodePort). None when nothing does."""
        view = self.view
        for ing in view.ingresses_naming(host):
            cls = view.ingress_class_of(ing)
            for info in view.controllers.values():
                if cls not in info.classes or info.service is None:
                    continue
                svc = info.service
                lb = (ing.status.get("loadBalancer") or {}).get("ingress") or []
                ips = [x.get("ip") for x in lb if x.get("ip")] or svc.external_ips
                if ips:
                    return ips[0], None, (f"Ingress {ing.namespace}/{ing.name} names host {host}; its address is "
                                          f"the {info.entry.title} controller's LoadBalancer IP "
                                          f"(Service {svc_key(svc)})")
                http = next((sp for sp in svc.ports if sp.port == 80), svc.ports[0] if svc.ports else None)
                if svc.type in ("NodePort", "LoadBalancer") and http and http.node_port:
                    nodes = view.lb_nodes() or [n for n in view.nodes.values() if n.internal_ip]
                    if nodes:
                        return nodes[0].internal_ip, http.node_port, (
                            f"Ingress {ing.namespace}/{ing.name} names host {host}; the {info.entry.title} "
                            f"controller Service {svc_key(svc)} has no external IP, so DNS points at node "
                            f"{nodes[0].name} and clients use nodePort {http.node_port}")
                if not external and svc.cluster_ip:
                    return svc.cluster_ip, None, (f"Ingress {ing.namespace}/{ing.name} names host {host}; "
                                                  f"resolved to the controller Service {svc_key(svc)} ClusterIP")
        return None

    # L3/L4 ------------------------------------------------------------------------------------------
    def _connect(self, run: _Run, src: Peer, src_pod: Pod | None, ip: str, port: int, headless):
        """Open a TCP connection to ip:port. Returns (destination pod, its port, source peer as the pod
        will see it, node the packet leaves from)."""
        view = self.view
        src_node = src_pod.node_name if src_pod is not None else ""
        svc = view.service_by_external_ip.get(ip)
        if svc is not None:
            sp = self._service_port(run, svc, port, f"{ip}:{port}")
            if src_pod is None:
                node = self._lb_pick_node(run, svc, sp, ip, port)
                return self._kube_proxy(run, svc, sp, node, src, external=True, entry=f"{ip}:{port}")
            return self._kube_proxy(run, svc, sp, src_node, src, external=False, entry=f"{ip}:{port}",
                                    note="kube-proxy short-circuits a LoadBalancer IP inside the cluster")
        node = view.node_by_ip.get(ip)
        if node is not None:
            hit = view.service_by_node_port.get(("TCP", port))
            if src_pod is not None and node.name != src_node:
                run.hop("overlay", f"{view.node_ip(src_node)} -> {ip}", f"sent from {src_node} to node {node.name} "
                        "over the node network", graph="overlay")
            if src_pod is None or node.name != src_node:
                run.hop("node", f"{node.name} ({ip})", f"packet arrives on port {port}", graph=_g_node(node.name))
            run.visit("node", node.name)
            if not node.ready:
                raise _Stop("dropped", f"node {node.name} is not Ready; nothing answers on {ip}",
                            ("node-not-ready", "node", node.name))
            if hit is None:
                run.hop("node", node.name, f"nothing listens on {ip}:{port}",
                        "no Service has this nodePort", graph=_g_node(node.name))
                raise _Stop("refused", f"connection refused: no NodePort {port} on node {node.name}",
                            ("no-listener", "node", node.name))
            svc, sp = hit
            run.service = svc_key(svc)
            run.visit("service", svc_key(svc))
            return self._kube_proxy(run, svc, sp, node.name, src, external=True, entry=f"{ip}:{port}")
        svc = view.service_by_cluster_ip.get(ip)
        if svc is not None:
            if src_pod is None:
                run.hop("client", "internet", f"{ip} is a ClusterIP: not routable from outside the cluster",
                        f"Service {svc_key(svc)} type {svc.type}", graph=INTERNET)
                raise _Stop("dropped", f"{ip} is a ClusterIP, reachable only from inside the cluster",
                            ("unroutable", "service", svc_key(svc)))
            sp = self._service_port(run, svc, port, f"{ip}:{port}")
            return self._kube_proxy(run, svc, sp, src_node, src, external=False, entry=f"{ip}:{port}")
        pod = view.pod_by_ip.get(ip)
        if pod is not None:
            if src_pod is None:
                run.hop("client", "internet", f"{ip} is a pod IP: not routable from outside the cluster",
                        f"pod CIDR {view.network.pod_cidr}", graph=INTERNET)
                raise _Stop("dropped", f"{ip} is a pod IP, reachable only from inside the cluster",
                            ("unroutable", "pod", pod_key(pod)))
            if headless is None:
                run.hop("node", src_node, f"{ip} is pod {pod_key(pod)}: no Service, no DNAT",
                        f"pod CIDR {view.network.pod_cidr}", graph=_g_node(src_node))
            else:
                run.hop("node", src_node, f"direct to pod {pod_key(pod)} {ip}:{port}, no DNAT",
                        "headless Services have no ClusterIP, kube-proxy is not involved", graph=_g_node(src_node))
            return pod, port, src, src_node
        raise _Stop("dropped", f"no route to {ip}: not a node, pod, ClusterIP or LoadBalancer IP of this cluster",
                    ("unroutable", "none", ip))

    def _service_port(self, run: _Run, svc: Service, port: int, entry: str) -> ServicePort:
        run.service = svc_key(svc)
        run.visit("service", svc_key(svc))
        for sp in svc.ports:
            if sp.port == port and sp.protocol == "TCP":
                return sp
        raise _Stop("refused", f"Service {svc_key(svc)} has no port {port}; nothing answers on {entry}",
                    ("no-port", "service", svc_key(svc)))

    def _lb_pick_node(self, run: _Run, svc: Service, sp: ServicePort, ip: str, port: int) -> str:
        view = self.view
        candidates = view.lb_nodes()
        if svc.external_traffic_policy == "Local":
            local = {e.node for e in view.endpoints(svc)}
            healthy = [n for n in candidates if n.name in local]
            why = (f"externalTrafficPolicy Local: the health check (healthCheckNodePort) passes only on nodes "
                   f"with a ready endpoint: {', '.join(n.name for n in healthy) or 'none'}")
            if healthy:
                candidates = healthy
        else:
            why = "externalTrafficPolicy Cluster: every Ready worker node is a healthy target"
        if not candidates:
            run.hop("load-balancer", f"{ip}:{port}", "no healthy node to send to", why, graph=INTERNET)
            raise _Stop("dropped", f"the load balancer of Service {svc_key(svc)} has no healthy node",
                        ("no-healthy-node", "service", svc_key(svc)))
        if self._choose_hook is not None and svc.external_traffic_policy != "Local" and len(candidates) > 1:
            # enumerating: nodes whose IP every ipBlock treats alike lead to the same outcome after SNAT
            cached = self._lb_classes.get(svc_key(svc))
            if cached is None:
                classes: dict = {}
                for n in candidates:
                    classes.setdefault(self.policy.ip_signature(n.internal_ip), []).append(n)
                cached = self._lb_classes[svc_key(svc)] = (
                    [members[0] for members in classes.values()], [len(m) for m in classes.values()],
                    [tuple(x.name for x in m) for m in classes.values()])
            reps, weights, members = cached
            node = reps[self._choose(len(reps), weights, members)]
        else:
            node = candidates[self._choose(len(candidates))]
        target = f"{node.internal_ip}:{sp.node_port}" if sp.node_port else node.internal_ip
        run.hop("load-balancer", f"{ip}:{port}", f"forward to node {node.name} ({target}), one of {len(candidates)} healthy nodes",
                f"Service {svc_key(svc)} type LoadBalancer; {why}", graph=INTERNET)
        run.hop("node", f"{node.name} ({node.internal_ip})", f"packet arrives for {ip}:{port}",
                graph=_g_node(node.name))
        run.visit("node", node.name)
        return node.name

    def _resolved_endpoints(self, svc: Service, sp: ServicePort) -> list:
        """[(endpoint, target port)] for ``sp``: endpoints whose pod cannot resolve a named targetPort are
        left out, as the EndpointSlice controller does."""
        key = (svc_key(svc), sp.port, sp.protocol)
        eps = self._ports.get(key)
        if eps is None:
            eps = self._ports[key] = [(e, tp) for e in self.view.endpoints(svc)
                                      if (tp := self._target_port(svc, sp, e)) is not None]
        return eps

    def _target_port(self, svc: Service, sp: ServicePort, ep: EndpointRef) -> int | None:
        tp = sp.target_port
        if isinstance(tp, int):
            return tp
        if isinstance(tp, str) and tp.isdigit():
            return int(tp)
        resolved = resolve_named_port(ep.pod, tp, sp.protocol)
        if resolved is None and ep.pod is None:
            return None
        return resolved

    def _kube_proxy(self, run: _Run, svc: Service, sp: ServicePort, node: str, src: Peer, external: bool,
                    entry: str, note: str = ""):
        """kube-proxy on ``node`` DNATs entry to one ready endpoint. Returns like :meth:`_connect`."""
        view = self.view
        key = svc_key(svc)
        g = f"kube-proxy/{node}"
        eps = self._resolved_endpoints(svc, sp)
        policy_name = "externalTrafficPolicy" if external else "internalTrafficPolicy"
        policy = svc.external_traffic_policy if external else svc.internal_traffic_policy
        if not eps:
            run.hop("kube-proxy", node, f"REJECT {entry}: Service {key} has no ready endpoints",
                    f"KUBE-SERVICES: a Service without endpoints is rejected (ICMP port unreachable)", graph=g)
            raise _Stop("refused", f"connection refused: Service {key} has no ready endpoints",
                        ("no-endpoints", "service", key))
        if policy == "Local":
            local = [(e, p) for e, p in eps if e.node == node]
            if not local:
                run.hop("kube-proxy", node, f"DROP {entry}: no ready endpoint of {key} on {node}",
                        f"{policy_name}: Local uses only endpoints on the receiving node", graph=g)
                raise _Stop("dropped", f"{policy_name} Local and no ready endpoint of {key} on node {node}",
                            ("no-local-endpoint", "node", node))
            eps = local
        n = len(eps)
        client = src.ip
        chosen = None
        how = ""
        if svc.session_affinity == "ClientIP" and self._choose_hook is None:
            pinned = self._affinity.get((key, sp.port, client))
            if pinned and pinned[1] > self.now:
                chosen = next((i for i, (e, _) in enumerate(eps) if e.ip == pinned[0]), None)
                if chosen is not None:
                    how = (f"sessionAffinity ClientIP: {client} is pinned to {pinned[0]} "
                           f"(until t={pinned[1]}s, timeoutSeconds {svc.session_affinity_timeout})")
        if chosen is None:
            if self.mode == "ipvs" and self._choose_hook is None:
                rr_key = (node, key, sp.port)
                count = self._rr.get(rr_key, 0)
                chosen = count % n
                self._rr[rr_key] = count + 1
                how = f"IPVS round-robin on {node}: connection #{count + 1}, real server {chosen + 1} of {n}"
            else:
                chosen = self._choose(n)
                how = ("the only ready endpoint" if n == 1 else
                       f"iptables: endpoint {chosen + 1} of {n} picked at random (probability 1/{n})"
                       if self.mode == "iptables" else f"IPVS round-robin: real server {chosen + 1} of {n}")
            if svc.session_affinity == "ClientIP":
                expires = self.now + svc.session_affinity_timeout
                self._affinity[(key, sp.port, client)] = (eps[chosen][0].ip, expires)
                how += f"; sessionAffinity ClientIP pins {client} to it for {svc.session_affinity_timeout}s"
        ep, tport = eps[chosen]
        pod = ep.pod
        tp_txt = f"targetPort {sp.target_port}" + (f" (= {tport} on this pod)" if isinstance(sp.target_port, str)
                                                  and not sp.target_port.isdigit() else "")
        scope = (f"{policy_name} {policy}" + (": only endpoints on this node" if policy == "Local" else ""))
        rule = f"Service {key} port {sp.port} -> {tp_txt}; {scope}"
        if note:
            rule += f"; {note}"
        rule += f"; {how}"
        dst = f"{ep.ip}:{tport}" + (f" (pod {pod_key(pod)} on {ep.node})" if pod is not None else "")
        run.hop("kube-proxy", node, f"DNAT {entry} -> {dst}", rule, graph=g)
        if pod is None:
            raise _Stop("dropped", f"endpoint {ep.ip} of {key} is not a known pod", ("unknown-endpoint", "service", key))
        seen = src
        if external:
            if policy == "Local":
                run.hop("kube-proxy", node, f"source IP {src.ip} preserved (no SNAT)",
                        "externalTrafficPolicy Local", graph=g)
            else:
                node_ip = view.node_ip(node)
                run.hop("kube-proxy", node, f"SNAT source {src.ip} -> {node_ip} (node {node})",
                        "externalTrafficPolicy Cluster masquerades external traffic", graph=g)
                seen = Peer(node_ip)
        return pod, tport, seen, node

    # delivery ---------------------------------------------------------------------------------------
    def _deliver(self, run: _Run, src: Peer, src_node: str, pod: Pod, port: int, origin: Peer) -> str:
        """Carry the packet from ``src_node`` to ``pod``: the sending pod's egress policy (``origin``), the
        overlay, the destination's ingress policy against the source it sees (``src``, after any SNAT);
        then the HTTP answer (or the Ingress controller's proxying)."""
        view = self.view
        dst_node = pod.node_name
        dst = Peer(pod.pod_ip, pod, view.ns_labels(pod.namespace))
        egress = self.policy.egress(origin, dst, port, "TCP")
        ingress = self.policy.ingress(src, dst, port, "TCP")
        if origin.pod is not None:
            run.hop("network-policy", f"egress of {origin.label}", "allow" if egress.allowed else "deny",
                    egress.rule)
            if not egress.allowed:
                raise _Stop("dropped", f"NetworkPolicy denies egress from {origin.label} to {pod_key(pod)} "
                            f"TCP/{port}", ("network-policy-egress", "pod", origin.label))
        if src_node and src_node != dst_node:
            cidr = view.nodes[dst_node].pod_cidr if dst_node in view.nodes else ""
            run.hop("node", src_node, f"route {pod.pod_ip} via the overlay to {dst_node}",
                    f"{pod.pod_ip} is in {dst_node}'s pod CIDR" + (f" {cidr}" if cidr else ""),
                    graph=_g_node(src_node))
            run.hop("overlay", f"{view.node_ip(src_node)} -> {view.node_ip(dst_node)}",
                    f"encapsulate {src.ip} -> {pod.pod_ip} from {src_node} to {dst_node}",
                    "CNI overlay network (VXLAN)", graph="overlay")
        elif src_node:
            run.hop("node", src_node, f"{pod.pod_ip} is local: deliver over the node's bridge, no overlay",
                    graph=_g_node(src_node))
        dst_node_obj = view.nodes.get(dst_node)
        if dst_node_obj is not None and not dst_node_obj.ready:
            run.hop("node", dst_node, "node is not Ready: the packet is lost", graph=_g_node(dst_node))
            raise _Stop("dropped", f"node {dst_node} of pod {pod_key(pod)} is not Ready",
                        ("node-not-ready", "node", dst_node))
        run.hop("node", dst_node, f"deliver to pod {pod_key(pod)} ({pod.pod_ip})", graph=_g_node(dst_node))
        run.visit("node", dst_node)
        g_pod = _g_pod(pod)
        run.hop("network-policy", f"ingress of {pod_key(pod)}", "allow" if ingress.allowed else "deny", ingress.rule)
        if not ingress.allowed:
            raise _Stop("dropped", f"NetworkPolicy denies ingress to {pod_key(pod)} from {src.label} TCP/{port}",
                        ("network-policy-ingress", "pod", pod_key(pod)))
        run.visit("pod", pod_key(pod))
        declared = [cp.container_port for cp in pod.ports if (cp.protocol or "TCP") == "TCP"]
        if declared and port not in declared:
            run.hop("pod", pod_key(pod), f"nothing listens on {port} (container ports {declared})",
                    "the pod's containers declare their ports; TCP RST", graph=g_pod)
            raise _Stop("refused", f"connection refused: pod {pod_key(pod)} does not listen on {port}",
                        ("no-listener", "pod", pod_key(pod)))
        info = view.controller_of_pod(pod)
        if info is not None:
            return self._ingress(run, info, pod, port)
        run.pod = pod_key(pod)
        run.hop("pod", pod_key(pod), f"HTTP {run.target.path} answered on {pod.pod_ip}:{port}", graph=g_pod)
        return f"served by pod {pod_key(pod)}"

    # L7 ---------------------------------------------------------------------------------------------
    def _ingress(self, run: _Run, info, ctrl: Pod, port: int) -> str:
        view = self.view
        t = run.target
        g = _g_pod(ctrl)
        where = f"{info.entry.title} controller {pod_key(ctrl)}"
        ings = [i for i in view.ingresses_for_host(t.host_header) if view.ingress_class_of(i) in info.classes]
        m = ingress_match.match(ings, t.host_header, t.path, info.entry.implementation_specific)
        classes = ", ".join(info.classes)
        if m is None:
            run.hop("ingress-controller", where, f"no Ingress rule for {t.host_header}{t.path}: 404 Not Found",
                    f"Ingresses of class {classes} that could serve {t.host_header}: {len(ings)}; no rule matched "
                    f"{t.path} and none has a defaultBackend",
                    graph=g)
            run.service = None
            raise _Stop(404, f"no Ingress rule matches {t.host_header}{t.path} (controller's default backend)",
                        ("no-ingress-rule", "pod", pod_key(ctrl)))
        ing = m.ingress
        run.ingress = f"{ing.namespace}/{ing.name}"
        run.rule = m.rule
        cls = view.ingress_class_of(ing)
        cls_why = (f"ingressClassName {cls}" if ing.ingress_class_name
                   else f"no ingressClassName: default IngressClass {cls}")
        tls_note = ""
        tls_hosts = ing.tls_hosts
        if t.scheme == "https":
            if any(ingress_match.host_matches(h, t.host_header) for h in tls_hosts):
                tls_note = f"; TLS terminated with the certificate of spec.tls for {t.host_header}"
            else:
                tls_note = (f"; {t.host_header} is not in spec.tls: the controller presents its default self-signed "
                            "certificate (a verifying client would abort)")
        elif any(ingress_match.host_matches(h, t.host_header) for h in tls_hosts) and info.entry.key == "nginx":
            tls_note = "; host has TLS: ingress-nginx would answer 308 redirect to https (followed)"
        run.hop("ingress-controller", where, f"{m.why} -> Service {ing.namespace}/{m.service}:{m.port}",
                f"Ingress {ing.namespace}/{ing.name} ({cls_why}, controller {info.entry.controller})" + tls_note,
                graph=g)
        svc = view.services.get(f"{ing.namespace}/{m.service}")
        backend = f"{ing.namespace}/{m.service}"
        run.service = backend
        if svc is None:
            raise _Stop(503, f"backend Service {backend} does not exist", ("no-backend-service", "pod", pod_key(ctrl)))
        run.visit("service", backend)
        sp = next((p for p in svc.ports if p.port == m.port or (p.name and p.name == m.port)), None)
        if sp is None:
            raise _Stop(503, f"backend Service {backend} has no port {m.port}", ("no-port", "service", backend))
        eps = self._resolved_endpoints(svc, sp)
        if not eps:
            run.hop("ingress-controller", where, "503 Service Temporarily Unavailable",
                    f"Service {backend} has no ready endpoints", graph=g)
            raise _Stop(503, f"backend Service {backend} has no ready endpoints",
                        ("no-endpoints", "service", backend))
        i = self._choose(len(eps))
        ep, tport = eps[i]
        run.hop("ingress-controller", where,
                f"proxy to endpoint {ep.ip}:{tport}" + (f" (pod {pod_key(ep.pod)})" if ep.pod else ""),
                "controllers send to the Service's endpoints directly (not via the ClusterIP); " +
                ("the only ready endpoint" if len(eps) == 1 else
                 f"{len(eps)} ready, {i + 1} of {len(eps)} picked (load balanced evenly)"), graph=g)
        if ep.pod is None:
            raise _Stop("dropped", f"endpoint {ep.ip} of {backend} is not a known pod",
                        ("unknown-endpoint", "service", backend))
        src = Peer(ctrl.pod_ip, ctrl, view.ns_labels(ctrl.namespace))
        return self._deliver(run, src, ctrl.node_name, ep.pod, tport, origin=src)


def route(cluster: Cluster, source, url: str, seed: int = 0, mode: str = "iptables",
          client_ip: str = DEFAULT_CLIENT_IP, host: str | None = None) -> Trace:
    """Route one request through ``cluster`` (a running state). See :class:`Router`."""
    return Router(cluster, seed=seed, mode=mode, client_ip=client_ip).route(source, url, host=host)
