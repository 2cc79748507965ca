"""Routing one request hop by hop: DNS, load balancer, node, kube-proxy, overlay, NetworkPolicy, Ingress, pod.

:class:`Router` holds the indexed cluster, the kube-proxy state (IPVS round-robin counters, ClientIP
session-affinity table) and a seeded random source, so a sequence of requests behaves like a real data plane.
:func:`route` is the one-shot form.

Status of a result: 200 (a pod answered), 404 (the Ingress controller found no rule), 503 (the Ingress
backend Service is missing or has no ready endpoint), ``"refused"`` (nothing answers: unknown host, no
listener, a Service with no endpoints, which kube-proxy REJECTs) or ``"dropped"`` (packets silently lost:
NetworkPolicy, externalTrafficPolicy/internalTrafficPolicy Local on a node without endpoints, unroutable
addresses).

Raises ValueError for a bad URL, an unknown mode, or a source pod that does not exist or has no IP (for a URL or a
source the argument is a :class:`~explorer.net.text.Text`: ``exc.args[0]``).
"""

from __future__ import annotations

import random

from explorer.model import Cluster
from explorer.model.objects import Pod, Service, ServicePort
from explorer.net import ingress as ingress_match
from explorer.net.policy import Peer, PolicyEngine, resolve_named_port
from explorer.net.text import Text, joined
from explorer.net.trace import Hop, Trace
from explorer.net.urls import Target, parse_url
from explorer.net.view import EndpointRef, NetworkView, pod_key

INTERNET = "internet"
DEFAULT_CLIENT_IP = "198.51.100.7"   # TEST-NET-2: "a client somewhere on the internet"
MODES = ("iptables", "ipvs")


class _Stop(Exception):
    """Ends a trace early with a status."""

    def __init__(self, status, reason: Text, drop: tuple | None = None):
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
                raise ValueError(Text("source {source}: must be 'internet' or NAMESPACE/POD", source=repr(source)))
        else:
            ns, name = source
        pod = self.view.pods.get(f"{ns}/{name}")
        if pod is None:
            raise ValueError(Text('source pod "{pod}" not found', pod=f"{ns}/{name}"))
        if not pod.pod_ip or pod.phase != "Running":
            raise ValueError(Text('source pod "{pod}" is not running (phase {phase}, no pod IP)', pod=f"{ns}/{name}",
                                  phase=pod.phase))
        return pod

    def _route(self, run: _Run, src_pod: Pod | None, client_ip: str) -> str:
        t = run.target
        get = f"GET {t}" + (f" (Host: {t.header})" if t.header else "")
        if src_pod is None:
            run.hop("client", Text("internet {ip}", ip=client_ip), get, graph=INTERNET)
            src = Peer(client_ip)
        else:
            node = src_pod.node_name
            run.hop("client", Text("pod {pod} ({ip}) on {node}", pod=pod_key(src_pod), ip=src_pod.pod_ip, node=node),
                    get,
                    graph=_g_pod(src_pod))
            run.visit("pod", pod_key(src_pod))
            src = Peer(src_pod.pod_ip, src_pod, self.view.ns_labels(src_pod.namespace))
        ip, port, preset_service = self._resolve(run, src_pod)
        if src_pod is not None:
            run.hop("node", src_pod.node_name, Text("packet to {ip}:{port} leaves the pod through its veth into the "
                                                    "node's network stack", ip=ip, port=port),
                    graph=_g_node(src_pod.node_name))
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
                        run.hop("dns", "CoreDNS", f"{t.host} -> NXDOMAIN",
                                Text("headless Service {service} has no ready endpoints, so {fqdn} has no A records",
                                     service=svc_key(svc), fqdn=fqdn))
                        raise _Stop("refused", Text("could not resolve {host}: headless Service {service} has no "
                                                    "ready endpoints", host=t.host, service=svc_key(svc)),
                                    ("no-endpoints", "service", svc_key(svc)))
                    i = self._choose(len(eps))
                    run.hop("dns", "CoreDNS", Text("{host} -> {ip} (one of {count} A records)", host=t.host,
                                                   ip=eps[i].ip, count=len(eps)),
                            Text("headless Service {service} (clusterIP: None): DNS returns the ready pod IPs; "
                                 "the client takes the first of the shuffled answer", service=svc_key(svc)))
                    run.service = svc_key(svc)
                    run.visit("service", svc_key(svc))
                    return eps[i].ip, t.port, svc
                if not svc.cluster_ip:
                    raise _Stop("refused", Text("Service {service} has no clusterIP yet", service=svc_key(svc)),
                                ("no-cluster-ip", "service", svc_key(svc)))
                run.hop("dns", "CoreDNS", f"{t.host} -> {svc.cluster_ip}",
                        Text("{fqdn} is Service {service}'s ClusterIP (pod search path {search})", fqdn=fqdn,
                             service=svc_key(svc), search=f"{src_pod.namespace}.svc.{view.dns_domain} "
                                                          f"svc.{view.dns_domain} {view.dns_domain}"))
                return svc.cluster_ip, t.port, None
        address = self._ingress_address(t.host, external=src_pod is None)
        if address is None:
            where = Text("public DNS") if src_pod is None else Text("CoreDNS (then upstream DNS)")
            run.hop("dns", where, f"{t.host} -> NXDOMAIN",
                    Text("no Service has this name and no Ingress names this host") if src_pod is not None
                    else Text("no Ingress names this host (cluster-internal names do not resolve outside)"))
            raise _Stop("refused", Text("could not resolve host {host}", host=t.host), ("dns", "none", t.host))
        ip, port, why = address
        run.hop("dns", Text("public DNS") if src_pod is None else Text("CoreDNS (forwarded to upstream DNS)"),
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
                run.hop("network-policy", Text("egress of {pod}", pod=pod_key(src_pod)),
                        Text("allow DNS lookup to {ip} UDP/{port}", ip=ep.ip, port=port), verdict.rule)
                return
        run.hop("network-policy", Text("egress of {pod}", pod=pod_key(src_pod)),
                Text("deny DNS lookup (UDP/53 to CoreDNS)"),
                Text("{pod} is isolated for egress and no rule allows UDP/53 to the kube-dns endpoints; "
                     "the lookup times out", pod=pod_key(src_pod)))
        raise _Stop("dropped", Text("DNS lookup of {host} blocked: NetworkPolicy denies egress from {pod} to CoreDNS "
                                    "on UDP/53", host=run.target.host, pod=pod_key(src_pod)),
                    ("network-policy-egress", "pod", pod_key(src_pod)))

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
                    return ips[0], None, Text("Ingress {ingress} names host {host}; its address is the {controller} "
                                              "controller's LoadBalancer IP (Service {service})",
                                              ingress=f"{ing.namespace}/{ing.name}", host=host,
                                              controller=info.entry.title, service=svc_key(svc))
                http = next((sp for sp in svc.ports if sp.port == 80), svc.ports[0] if svc.ports else None)
                if svc.type in ("NodePort", "LoadBalancer") and http and http.node_port:
                    nodes = view.lb_nodes() or [n for n in view.nodes.values() if n.internal_ip]
                    if nodes:
                        return nodes[0].internal_ip, http.node_port, Text(
                            "Ingress {ingress} names host {host}; the {controller} controller Service {service} has "
                            "no external IP, so DNS points at node {node} and clients use nodePort {node_port}",
                            ingress=f"{ing.namespace}/{ing.name}", host=host, controller=info.entry.title,
                            service=svc_key(svc), node=nodes[0].name, node_port=http.node_port)
                if not external and svc.cluster_ip:
                    return svc.cluster_ip, None, Text("Ingress {ingress} names host {host}; resolved to the "
                                                      "controller Service {service} ClusterIP",
                                                      ingress=f"{ing.namespace}/{ing.name}", host=host,
                                                      service=svc_key(svc))
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
                                    note=Text("kube-proxy short-circuits a LoadBalancer IP inside the cluster"))
        node = view.node_by_ip.get(ip)
        if node is not None:
            hit = view.service_by_node_port.get(("TCP", port))
            if src_pod is not None and node.name != src_node:
                run.hop("overlay", f"{view.node_ip(src_node)} -> {ip}",
                        Text("sent from {source} to node {node} over the node network", source=src_node,
                             node=node.name), graph="overlay")
            if src_pod is None or node.name != src_node:
                run.hop("node", f"{node.name} ({ip})", Text("packet arrives on port {port}", port=port),
                        graph=_g_node(node.name))
            run.visit("node", node.name)
            if not node.ready:
                raise _Stop("dropped", Text("node {node} is not Ready; nothing answers on {ip}", node=node.name, ip=ip),
                            ("node-not-ready", "node", node.name))
            if hit is None:
                run.hop("node", node.name, Text("nothing listens on {ip}:{port}", ip=ip, port=port),
                        Text("no Service has this nodePort"), graph=_g_node(node.name))
                raise _Stop("refused", Text("connection refused: no NodePort {port} on node {node}", port=port,
                                            node=node.name),
                            ("no-listener", "node", node.name))
            svc, sp = hit
            run.service = svc_key(svc)
            run.visit("service", svc_key(svc))
            return self._kube_proxy(run, svc, sp, node.name, src, external=True, entry=f"{ip}:{port}")
        svc = view.service_by_cluster_ip.get(ip)
        if svc is not None:
            if src_pod is None:
                run.hop("client", "internet", Text("{ip} is a ClusterIP: not routable from outside the cluster", ip=ip),
                        f"Service {svc_key(svc)} type {svc.type}", graph=INTERNET)
                raise _Stop("dropped", Text("{ip} is a ClusterIP, reachable only from inside the cluster", ip=ip),
                            ("unroutable", "service", svc_key(svc)))
            sp = self._service_port(run, svc, port, f"{ip}:{port}")
            return self._kube_proxy(run, svc, sp, src_node, src, external=False, entry=f"{ip}:{port}")
        pod = view.pod_by_ip.get(ip)
        if pod is not None:
            if src_pod is None:
                run.hop("client", "internet", Text("{ip} is a pod IP: not routable from outside the cluster", ip=ip),
                        f"pod CIDR {view.network.pod_cidr}", graph=INTERNET)
                raise _Stop("dropped", Text("{ip} is a pod IP, reachable only from inside the cluster", ip=ip),
                            ("unroutable", "pod", pod_key(pod)))
            if headless is None:
                run.hop("node", src_node, Text("{ip} is pod {pod}: no Service, no DNAT", ip=ip, pod=pod_key(pod)),
                        f"pod CIDR {view.network.pod_cidr}", graph=_g_node(src_node))
            else:
                run.hop("node", src_node, Text("direct to pod {pod} {ip}:{port}, no DNAT", pod=pod_key(pod), ip=ip,
                                               port=port),
                        Text("headless Services have no ClusterIP, kube-proxy is not involved"),
                        graph=_g_node(src_node))
            return pod, port, src, src_node
        raise _Stop("dropped", Text("no route to {ip}: not a node, pod, ClusterIP or LoadBalancer IP of this cluster",
                                    ip=ip),
                    ("unroutable", "none", ip))

    def _service_port(self, run: _Run, svc: Service, port: int, entry: str) -> ServicePort:
        run.service = svc_key(svc)
        run.visit("service", svc_key(svc))
        for sp in svc.ports:
            if sp.port == port and sp.protocol == "TCP":
                return sp
        raise _Stop("refused", Text("Service {service} has no port {port}; nothing answers on {entry}",
                                    service=svc_key(svc), port=port, entry=entry),
                    ("no-port", "service", svc_key(svc)))

    def _lb_pick_node(self, run: _Run, svc: Service, sp: ServicePort, ip: str, port: int) -> str:
        view = self.view
        candidates = view.lb_nodes()
        if svc.external_traffic_policy == "Local":
            local = {e.node for e in view.endpoints(svc)}
            healthy = [n for n in candidates if n.name in local]
            why = (Text("externalTrafficPolicy Local: the health check (healthCheckNodePort) passes only on nodes "
                        "with a ready endpoint: {nodes}", nodes=", ".join(n.name for n in healthy)) if healthy else
                   Text("externalTrafficPolicy Local: the health check (healthCheckNodePort) passes only on nodes "
                        "with a ready endpoint: none"))
            if healthy:
                candidates = healthy
        else:
            why = Text("externalTrafficPolicy Cluster: every Ready worker node is a healthy target")
        if not candidates:
            run.hop("load-balancer", f"{ip}:{port}", Text("no healthy node to send to"), why, graph=INTERNET)
            raise _Stop("dropped", Text("the load balancer of Service {service} has no healthy node",
                                        service=svc_key(svc)),
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
        run.hop("load-balancer", f"{ip}:{port}",
                Text("forward to node {node} ({target}), one of {count} healthy nodes", node=node.name, target=target,
                     count=len(candidates)),
                joined([f"Service {svc_key(svc)} type LoadBalancer", why]), graph=INTERNET)
        run.hop("node", f"{node.name} ({node.internal_ip})", Text("packet arrives for {ip}:{port}", ip=ip, port=port),
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
            run.hop("kube-proxy", node, Text("REJECT {entry}: Service {service} has no ready endpoints", entry=entry,
                                             service=key),
                    Text("KUBE-SERVICES: a Service without endpoints is rejected (ICMP port unreachable)"), graph=g)
            raise _Stop("refused", Text("connection refused: Service {service} has no ready endpoints", service=key),
                        ("no-endpoints", "service", key))
        if policy == "Local":
            local = [(e, p) for e, p in eps if e.node == node]
            if not local:
                run.hop("kube-proxy", node, Text("DROP {entry}: no ready endpoint of {service} on {node}", entry=entry,
                                                 service=key, node=node),
                        Text("{policy}: Local uses only endpoints on the receiving node", policy=policy_name), graph=g)
                raise _Stop("dropped", Text("{policy} Local and no ready endpoint of {service} on node {node}",
                                            policy=policy_name, service=key, node=node),
                            ("no-local-endpoint", "node", node))
            eps = local
        n = len(eps)
        client = src.ip
        chosen = None
        how: Text | None = None
        if svc.session_affinity == "ClientIP" and self._choose_hook is None:
            pinned = self._affinity.get((key, sp.port, client))
            if pinned and pinned[1] > self.now:
                chosen = next((i for i, (e, _) in enumerate(eps) if e.ip == pinned[0]), None)
                if chosen is not None:
                    how = Text("sessionAffinity ClientIP: {client} is pinned to {endpoint} (until t={until}s, "
                               "timeoutSeconds {timeout})", client=client, endpoint=pinned[0], until=pinned[1],
                               timeout=svc.session_affinity_timeout)
        if chosen is None:
            if self.mode == "ipvs" and self._choose_hook is None:
                rr_key = (node, key, sp.port)
                count = self._rr.get(rr_key, 0)
                chosen = count % n
                self._rr[rr_key] = count + 1
                how = Text("IPVS round-robin on {node}: connection #{connection}, real server {index} of {count}",
                           node=node, connection=count + 1, index=chosen + 1, count=n)
            else:
                chosen = self._choose(n)
                how = (Text("the only ready endpoint") if n == 1 else
                       Text("iptables: endpoint {index} of {count} picked at random (probability 1/{count})",
                            index=chosen + 1, count=n)
                       if self.mode == "iptables" else
                       Text("IPVS round-robin: real server {index} of {count}", index=chosen + 1, count=n))
            if svc.session_affinity == "ClientIP":
                expires = self.now + svc.session_affinity_timeout
                self._affinity[(key, sp.port, client)] = (eps[chosen][0].ip, expires)
                how = joined([how, Text("sessionAffinity ClientIP pins {client} to it for {timeout}s", client=client,
                                        timeout=svc.session_affinity_timeout)])
        ep, tport = eps[chosen]
        pod = ep.pod
        named = isinstance(sp.target_port, str) and not sp.target_port.isdigit()
        service_port = (Text("Service {service} port {port} -> targetPort {target_port} (= {resolved} on this pod)",
                             service=key, port=sp.port, target_port=sp.target_port, resolved=tport) if named else
                        f"Service {key} port {sp.port} -> targetPort {sp.target_port}")
        scope = (Text("{policy} Local: only endpoints on this node", policy=policy_name) if policy == "Local"
                 else f"{policy_name} {policy}")
        rule = joined([service_port, scope, *([note] if note else []), how])
        decision = (Text("DNAT {entry} -> {ip}:{port} (pod {pod} on {node})", entry=entry, ip=ep.ip, port=tport,
                         pod=pod_key(pod), node=ep.node) if pod is not None
                    else f"DNAT {entry} -> {ep.ip}:{tport}")
        run.hop("kube-proxy", node, decision, rule, graph=g)
        if pod is None:
            raise _Stop("dropped", Text("endpoint {ip} of {service} is not a known pod", ip=ep.ip, service=key),
                        ("unknown-endpoint", "service", key))
        seen = src
        if external:
            if policy == "Local":
                run.hop("kube-proxy", node, Text("source IP {ip} preserved (no SNAT)", ip=src.ip),
                        "externalTrafficPolicy Local", graph=g)
            else:
                node_ip = view.node_ip(node)
                run.hop("kube-proxy", node, Text("SNAT source {ip} -> {node_ip} (node {node})", ip=src.ip,
                                                 node_ip=node_ip, node=node),
                        Text("externalTrafficPolicy Cluster masquerades external traffic"), graph=g)
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
            run.hop("network-policy", Text("egress of {pod}", pod=origin.label),
                    Text("allow") if egress.allowed else Text("deny"), egress.rule)
            if not egress.allowed:
                raise _Stop("dropped", Text("NetworkPolicy denies egress from {source} to {pod} TCP/{port}",
                                            source=origin.label, pod=pod_key(pod), port=port),
                            ("network-policy-egress", "pod", origin.label))
        if src_node and src_node != dst_node:
            cidr = view.nodes[dst_node].pod_cidr if dst_node in view.nodes else ""
            run.hop("node", src_node, Text("route {ip} via the overlay to {node}", ip=pod.pod_ip, node=dst_node),
                    Text("{ip} is in {node}'s pod CIDR {cidr}", ip=pod.pod_ip, node=dst_node, cidr=cidr) if cidr
                    else Text("{ip} is in {node}'s pod CIDR", ip=pod.pod_ip, node=dst_node),
                    graph=_g_node(src_node))
            run.hop("overlay", f"{view.node_ip(src_node)} -> {view.node_ip(dst_node)}",
                    Text("encapsulate {source} -> {ip} from {source_node} to {node}", source=src.ip, ip=pod.pod_ip,
                         source_node=src_node, node=dst_node),
                    Text("CNI overlay network (VXLAN)"), graph="overlay")
        elif src_node:
            run.hop("node", src_node, Text("{ip} is local: deliver over the node's bridge, no overlay", ip=pod.pod_ip),
                    graph=_g_node(src_node))
        dst_node_obj = view.nodes.get(dst_node)
        if dst_node_obj is not None and not dst_node_obj.ready:
            run.hop("node", dst_node, Text("node is not Ready: the packet is lost"), graph=_g_node(dst_node))
            raise _Stop("dropped", Text("node {node} of pod {pod} is not Ready", node=dst_node, pod=pod_key(pod)),
                        ("node-not-ready", "node", dst_node))
        run.hop("node", dst_node, Text("deliver to pod {pod} ({ip})", pod=pod_key(pod), ip=pod.pod_ip),
                graph=_g_node(dst_node))
        run.visit("node", dst_node)
        g_pod = _g_pod(pod)
        run.hop("network-policy", Text("ingress of {pod}", pod=pod_key(pod)),
                Text("allow") if ingress.allowed else Text("deny"), ingress.rule)
        if not ingress.allowed:
            raise _Stop("dropped", Text("NetworkPolicy denies ingress to {pod} from {source} TCP/{port}",
                                        pod=pod_key(pod), source=src.label, port=port),
                        ("network-policy-ingress", "pod", pod_key(pod)))
        run.visit("pod", pod_key(pod))
        declared = [cp.container_port for cp in pod.ports if (cp.protocol or "TCP") == "TCP"]
        if declared and port not in declared:
            run.hop("pod", pod_key(pod), Text("nothing listens on {port} (container ports {declared})", port=port,
                                              declared=declared),
                    Text("the pod's containers declare their ports; TCP RST"), graph=g_pod)
            raise _Stop("refused", Text("connection refused: pod {pod} does not listen on {port}", pod=pod_key(pod),
                                        port=port),
                        ("no-listener", "pod", pod_key(pod)))
        info = view.controller_of_pod(pod)
        if info is not None:
            return self._ingress(run, info, pod, port)
        run.pod = pod_key(pod)
        run.hop("pod", pod_key(pod), Text("HTTP {path} answered on {ip}:{port}", path=run.target.path, ip=pod.pod_ip,
                                          port=port), graph=g_pod)
        return Text("served by pod {pod}", pod=pod_key(pod))

    # L7 ---------------------------------------------------------------------------------------------
    def _ingress(self, run: _Run, info, ctrl: Pod, port: int) -> str:
        view = self.view
        t = run.target
        g = _g_pod(ctrl)
        where = Text("{controller} controller {pod}", controller=info.entry.title, pod=pod_key(ctrl))
        ings = [i for i in view.ingresses_for_host(t.host_header) if view.ingress_class_of(i) in info.classes]
        m = ingress_match.match(ings, t.host_header, t.path, info.entry.implementation_specific)
        classes = ", ".join(info.classes)
        if m is None:
            run.hop("ingress-controller", where,
                    Text("no Ingress rule for {host}{path}: 404 Not Found", host=t.host_header, path=t.path),
                    Text("Ingresses of class {classes} that could serve {host}: {count}; no rule matched {path} and "
                         "none has a defaultBackend", classes=classes, host=t.host_header, count=len(ings),
                         path=t.path),
                    graph=g)
            run.service = None
            raise _Stop(404, Text("no Ingress rule matches {host}{path} (controller's default backend)",
                                  host=t.host_header, path=t.path),
                        ("no-ingress-rule", "pod", pod_key(ctrl)))
        ing = m.ingress
        run.ingress = f"{ing.namespace}/{ing.name}"
        run.rule = m.rule
        cls = view.ingress_class_of(ing)
        cls_why = (f"ingressClassName {cls}" if ing.ingress_class_name
                   else Text("no ingressClassName: default IngressClass {ingress_class}", ingress_class=cls))
        tls_note = None
        tls_hosts = ing.tls_hosts
        if t.scheme == "https":
            if any(ingress_match.host_matches(h, t.host_header) for h in tls_hosts):
                tls_note = Text("TLS terminated with the certificate of spec.tls for {host}", host=t.host_header)
            else:
                tls_note = Text("{host} is not in spec.tls: the controller presents its default self-signed "
                                "certificate (a verifying client would abort)", host=t.host_header)
        elif any(ingress_match.host_matches(h, t.host_header) for h in tls_hosts) and info.entry.key == "nginx":
            tls_note = Text("host has TLS: ingress-nginx would answer 308 redirect to https (followed)")
        ingress_rule = Text("Ingress {ingress} ({why}, controller {controller})", ingress=f"{ing.namespace}/{ing.name}",
                            why=cls_why, controller=info.entry.controller)
        run.hop("ingress-controller", where, joined([m.why, f"Service {ing.namespace}/{m.service}:{m.port}"], " -> "),
                joined([ingress_rule, tls_note]) if tls_note else ingress_rule,
                graph=g)
        svc = view.services.get(f"{ing.namespace}/{m.service}")
        backend = f"{ing.namespace}/{m.service}"
        run.service = backend
        if svc is None:
            raise _Stop(503, Text("backend Service {service} does not exist", service=backend),
                        ("no-backend-service", "pod", pod_key(ctrl)))
        run.visit("service", backend)
        sp = next((p for p in svc.ports if p.port == m.port or (p.name and p.name == m.port)), None)
        if sp is None:
            raise _Stop(503, Text("backend Service {service} has no port {port}", service=backend, port=m.port),
                        ("no-port", "service", backend))
        eps = self._resolved_endpoints(svc, sp)
        if not eps:
            run.hop("ingress-controller", where, "503 Service Temporarily Unavailable",
                    Text("Service {service} has no ready endpoints", service=backend), graph=g)
            raise _Stop(503, Text("backend Service {service} has no ready endpoints", service=backend),
                        ("no-endpoints", "service", backend))
        i = self._choose(len(eps))
        ep, tport = eps[i]
        run.hop("ingress-controller", where,
                Text("proxy to endpoint {ip}:{port} (pod {pod})", ip=ep.ip, port=tport, pod=pod_key(ep.pod)) if ep.pod
                else Text("proxy to endpoint {ip}:{port}", ip=ep.ip, port=tport),
                joined([Text("controllers send to the Service's endpoints directly (not via the ClusterIP)"),
                        Text("the only ready endpoint") if len(eps) == 1 else
                        Text("{count} ready, {index} of {count} picked (load balanced evenly)", count=len(eps),
                             index=i + 1)]), graph=g)
        if ep.pod is None:
            raise _Stop("dropped", Text("endpoint {ip} of {service} is not a known pod", ip=ep.ip, service=backend),
                        ("unknown-endpoint", "service", backend))
        src = Peer(ctrl.pod_ip, ctrl, view.ns_labels(ctrl.namespace))
        return self._deliver(run, src, ctrl.node_name, ep.pod, tport, origin=src)


def route(cluster: Cluster, source, url: str, seed: int = 0, mode: str = "iptables",
          client_ip: str = DEFAULT_CLIENT_IP, host: str | None = None) -> Trace:
    """Route one request through ``cluster`` (a running state). See :class:`Router`."""
    return Router(cluster, seed=seed, mode=mode, client_ip=client_ip).route(source, url, host=host)
