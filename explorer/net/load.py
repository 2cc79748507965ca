"""Load over time: many requests across several routes, counted per pod, node and Service.

Two ways to run, same counters:

* per request (default): every request is routed by a :class:`~explorer.net.router.Router` that keeps
  kube-proxy state (IPVS round-robin, ClientIP affinity with its timeout) while simulated time advances;
  internet clients come from a pool of ``clients`` addresses in 100.64.0.0/10.
* aggregate (``aggregate=True``): each route's decision tree is enumerated once (every random choice: the
  load balancer's node, kube-proxy's endpoint, the Ingress controller's endpoint, a headless DNS answer),
  giving each outcome its exact probability; N requests are then split over the outcomes by multinomial
  sampling. The cost is independent of N. It models many clients: IPVS round-robin and ClientIP affinity
  spread evenly, which is what they do in aggregate over many clients.

Counters (see :meth:`LoadReport.to_json`): for each pod, node and Service, ``requests`` that went through
it, ``served`` (answered with 200 by a pod on it / behind it) and ``dropped`` by reason code
(``network-policy-ingress``, ``network-policy-egress``, ``no-local-endpoint``, ``no-endpoints``,
``no-ingress-rule``, ``no-listener``, ``node-not-ready``, ``unroutable``, ``dns``...).
"""

from __future__ import annotations

import ipaddress
import random
from collections import Counter
from dataclasses import dataclass, field

from explorer.model import Cluster
from explorer.net.router import Router, INTERNET
from explorer.net.view import NetworkView

CLIENT_POOL = ipaddress.ip_network("100.64.0.0/10")


@dataclass
class RouteSpec:
    source: object
    url: str
    weight: float = 1.0


def _empty() -> dict:
    return {"requests": 0, "served": 0, "dropped": {}}


@dataclass
class LoadReport:
    """Totals of a load run; ``pods``/``nodes``/``services`` map "ns/name" (node name) to counters."""

    requests: int
    duration: int
    status: dict = field(default_factory=dict)
    pods: dict = field(default_factory=dict)
    nodes: dict = field(default_factory=dict)
    services: dict = field(default_factory=dict)
    routes: list = field(default_factory=list)

    def _bucket(self, kind: str, key: str) -> dict:
        table = {"pod": self.pods, "node": self.nodes, "service": self.services}.get(kind)
        if table is None:
            return {}
        entry = table.get(key)
        if entry is None:
            entry = table[key] = _empty()
        return entry

    def to_json(self) -> dict:
        return {"requests": self.requests, "duration": self.duration,
                "status": {str(k): v for k, v in self.status.items()},
                "pods": self.pods, "nodes": self.nodes, "services": self.services, "routes": self.routes}


def _effects(trace, view: NetworkView) -> list:
    """What one request along ``trace`` adds to the counters: [(kind, key, field, reason)]."""
    out = [(kind, key, "requests", None) for kind, key in trace.visited]
    r = trace.result
    if r["status"] == 200 and r["pod"]:
        out.append(("pod", r["pod"], "served", None))
        pod = view.pods.get(r["pod"])
        if pod is not None:
            out.append(("node", pod.node_name, "served", None))
        if r["service"]:
            out.append(("service", r["service"], "served", None))
    elif trace.drop is not None:
        reason, kind, key = trace.drop
        out.append((kind, key, "dropped", reason))
    return out


def _apply(report: LoadReport, effects: tuple, count: int) -> None:
    tables = {"pod": report.pods, "node": report.nodes, "service": report.services}
    for kind, key, fld, reason in effects:
        table = tables.get(kind)
        if table is None:
            continue
        entry = table.get(key)
        if entry is None:
            entry = table[key] = _empty()
        if fld == "dropped":
            entry["dropped"][reason] = entry["dropped"].get(reason, 0) + count
        else:
            entry[fld] += count


def _enumerate(router: Router, source, url: str, max_outcomes: int):
    """Depth-first over the router's random choices: [(path, widths, cuts, trace, meta)] where ``cuts[d]``
    is how many items ``trace.visited`` had when choice ``d`` was made and ``meta[d]`` is (weights, members)
    when option i of choice d stands for ``members[i]`` (several equivalent nodes), else (None, None)."""
    out = []
    stack = [()]
    try:
        while stack:
            prefix = stack.pop()
            widths: list[int] = []
            cuts: list[int] = []
            meta: list = []

            def hook(n, weights=None, members=None, prefix=prefix, widths=widths, cuts=cuts, meta=meta):
                i = len(widths)
                widths.append(n)
                cuts.append(len(router._current.visited))
                meta.append((weights, members))
                return prefix[i] if i < len(prefix) else 0

            router._choose_hook = hook
            trace = router.route(source, url)
            for depth in range(len(prefix), len(widths)):
                base = prefix + (0,) * (depth - len(prefix))
                stack.extend(base + (alt,) for alt in range(widths[depth] - 1, 0, -1))
            path = prefix + (0,) * (len(widths) - len(prefix))
            out.append((path, widths, cuts, trace, meta))
            if len(out) > max_outcomes:
                raise ValueError(f"route {url} has more than {max_outcomes} outcomes; use per-request mode")
    finally:
        router._choose_hook = None
    return out


def enumerate_outcomes(router: Router, source, url: str, max_outcomes: int = 1_000_000) -> list:
    """Every outcome of routing one request: [(probability, Trace)], probabilities summing to 1.

    Depth-first over the random choices the router makes (each uniform). Raises ValueError past
    ``max_outcomes``.
    """
    out = []
    for path, widths, _, trace, meta in _enumerate(router, source, url, max_outcomes):
        prob = 1.0
        for i, w, (weights, _) in zip(path, widths, meta):
            prob *= weights[i] / sum(weights) if weights else 1.0 / w
        out.append((prob, trace))
    return out


class Plan:
    """A route compiled for aggregate sampling: a tree of random choices whose identical subtrees are
    shared. ``root_effects`` apply to every request; ``nodes[i]`` is ("leaf", status, effects) or
    ("choice", probabilities, children) with children [(edge effects, per-member edge effects or None,
    child id)].
    Sampling N requests costs O(choices + distinct subtrees), independent of N."""

    def __init__(self, router: Router, source, url: str, view: NetworkView, max_outcomes: int = 1_000_000):
        leaves = _enumerate(router, source, url, max_outcomes)
        self.nodes: list = []
        self._ids: dict = {}
        path, _, cuts, trace, _ = leaves[0]
        self.root_effects = tuple((k, key, "requests", None) for k, key in trace.visited[:cuts[0]]) if path else ()
        self.root = self._build(leaves, 0, view)

    def _intern(self, node) -> int:
        i = self._ids.get(node)
        if i is None:
            i = self._ids[node] = len(self.nodes)
            self.nodes.append(node)
        return i

    def _build(self, leaves: list, depth: int, view: NetworkView) -> int:
        path, widths, cuts, trace, meta = leaves[0]
        if len(path) == depth:
            start = cuts[depth - 1] if depth else 0
            effects = tuple((k, key, "requests", None) for k, key in trace.visited[start:]) + \
                tuple(e for e in _effects(trace, view) if e[2] != "requests")
            return self._intern(("leaf", trace.result["status"], effects))
        groups: dict[int, list] = {}
        for leaf in leaves:
            groups.setdefault(leaf[0][depth], []).append(leaf)
        weights, members = meta[depth]
        w = widths[depth]
        probs = tuple(x / sum(weights) for x in weights) if weights else (1.0 / w,) * w
        children = []
        for i in range(w):
            group = groups[i]
            p, _, c, t, _ = group[0]
            edge = tuple((k, key, "requests", None) for k, key in t.visited[c[depth]:c[depth + 1]]) \
                if len(p) > depth + 1 else ()
            per_member = None
            if members:
                rep = members[i][0]
                per_member = tuple(tuple((kind, m if kind == "node" and key == rep else key, f, r)
                                         for kind, key, f, r in edge) for m in members[i])
            children.append((edge, per_member, self._build(group, depth + 1, view)))
        return self._intern(("choice", probs, tuple(children)))

    def sample(self, rng: random.Random, n: int, report: "LoadReport", status: dict) -> None:
        """Route ``n`` requests: split them at each choice (multinomial), merge the counts of children
        that lead to the same subtree, add everything to ``report`` and ``status``. An option standing
        for several equivalent nodes splits its count evenly at random among them."""
        _apply(report, self.root_effects, n)
        stack = [(self.root, n)]
        while stack:
            node_id, count = stack.pop()
            node = self.nodes[node_id]
            if node[0] == "leaf":
                status[node[1]] = status.get(node[1], 0) + count
                _apply(report, node[2], count)
                continue
            _, probs, children = node
            counts = multinomial(rng, count, probs)
            merged: dict[int, int] = {}
            for (edge, members, child), c in zip(children, counts):
                if not c:
                    continue
                if members:   # the edge effects of each equivalent node, precomputed
                    for member_edge, k in uniform_counts(rng, c, members):
                        _apply(report, member_edge, k)
                elif edge:
                    _apply(report, edge, c)
                merged[child] = merged.get(child, 0) + c
            stack.extend(merged.items())


def uniform_counts(rng: random.Random, n: int, items) -> list:
    """[(item, count > 0)] for ``n`` uniform draws over ``items``: direct draws when ``n`` is small next to
    the number of items, else conditional binomials (cheaper once there are several draws per item)."""
    m = len(items)
    if n * 4 < m:
        return [(items[i], k) for i, k in Counter(rng.choices(range(m), k=n)).items()]
    return [(x, k) for x, k in zip(items, multinomial(rng, n, [1.0 / m] * m)) if k]


def multinomial(rng: random.Random, n: int, probs: list) -> list[int]:
    """Counts of ``n`` draws over ``probs`` (summing to 1), by conditional binomials: O(len(probs))."""
    counts = []
    left, mass = n, 1.0
    for i, p in enumerate(probs):
        if left <= 0:
            counts.append(0)
            continue
        if i == len(probs) - 1 or mass <= p:
            counts.append(left)
            left = 0
            continue
        k = rng.binomialvariate(left, min(1.0, p / mass)) if p > 0 else 0
        counts.append(k)
        left -= k
        mass -= p
    return counts


class LoadGenerator:
    """Generate load over routes. ``add(source, url, weight)`` then ``run(requests, duration)``."""

    def __init__(self, cluster: Cluster, seed: int = 0, mode: str = "iptables", clients: int = 1000):
        self.cluster = cluster
        self.seed = seed
        self.mode = mode
        self.clients = max(1, clients)
        self.view = NetworkView(cluster)
        self.routes: list[RouteSpec] = []
        self._outcomes: dict = {}

    def add(self, source, url: str, weight: float = 1.0) -> "LoadGenerator":
        """Add a route; ``weight`` is its share of the requests. Raises ValueError for a bad weight."""
        if not weight > 0:
            raise ValueError(f"route {url}: weight must be > 0")
        self.routes.append(RouteSpec(source, url, weight))
        return self

    def run(self, requests: int, duration: int = 60, aggregate: bool = False) -> LoadReport:
        """Route ``requests`` requests spread evenly over ``duration`` simulated seconds."""
        if not self.routes:
            raise ValueError("no routes: add at least one with add(source, url)")
        if requests < 0:
            raise ValueError("requests must be >= 0")
        report = LoadReport(requests, duration)
        rng = random.Random(self.seed)
        total_w = sum(r.weight for r in self.routes)
        per_route = multinomial(rng, requests, [r.weight / total_w for r in self.routes])
        router = Router(self.cluster, seed=self.seed, mode=self.mode, view=self.view)
        for spec, n in zip(self.routes, per_route):
            status: dict = {}
            if aggregate:
                self._aggregate(report, router, spec, n, rng, status)
            else:
                pass
            report.routes.append({"source": spec.source if isinstance(spec.source, str) else "/".join(spec.source),
                                  "url": spec.url, "requests": n, "status": status})
        if not aggregate:
            self._per_request(report, router, per_route, duration, rng)
        for r in report.routes:
            for k, v in r["status"].items():
                report.status[k] = report.status.get(k, 0) + v
        return report

    def _aggregate(self, report, router, spec, n, rng, status) -> None:
        key = (repr(spec.source), spec.url)
        plan = self._outcomes.get(key)
        if plan is None:
            plan = self._outcomes[key] = Plan(router, spec.source, spec.url, self.view)
        if n:
            plan.sample(rng, n, report, status)

    def _per_request(self, report, router, per_route, duration, rng) -> None:
        order = [i for i, n in enumerate(per_route) for _ in range(n)]
        rng.shuffle(order)
        total = len(order)
        base = int(CLIENT_POOL.network_address) + 1
        for k, i in enumerate(order):
            spec = self.routes[i]
            router.now = (k * duration) // total if total else 0
            client = None
            if spec.source == INTERNET:
                client = str(ipaddress.ip_address(base + rng.randrange(self.clients)))
            trace = router.route(spec.source, spec.url, client_ip=client)
            st = trace.result["status"]
            status = report.routes[i]["status"]
            status[st] = status.get(st, 0) + 1
            _apply(report, _effects(trace, self.view), 1)
