"""What a route produces: the hops a request takes and the final result, as data and as readable text."""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = (200, 404, 503, "dropped", "refused")


@dataclass(frozen=True)
class Hop:
    """One step of a request.

    ``step``: client | dns | load-balancer | node | kube-proxy | overlay | network-policy | ingress-controller | pod.
    ``at``: where it happens (an IP, ``node/<name>``, ``ns/pod``...). ``decision``: what happened.
    ``rule``: the Kubernetes rule or object behind the decision. ``graph``: the id of the vertex of
    :func:`~explorer.net.graph.build_graph` this hop sits on (``""`` for pure lookups such as DNS).

    ``at``, ``decision`` and ``rule`` are English ``str`` values; those with words to translate are an
    :class:`explorer.net.text.Text` (a ``str`` subclass that also carries its message id and arguments), so the
    UI can show them in its language while the CLI and JSON output stay English.
    """

    step: str
    at: str
    decision: str
    rule: str = ""
    graph: str = ""

    def to_json(self) -> dict:
        return {"step": self.step, "at": self.at, "decision": self.decision, "rule": self.rule,
                "graph": self.graph}


@dataclass
class Trace:
    """A routed request: ``result`` (see :data:`STATUSES`) and ``hops`` in order. ``result["reason"]`` is an
    English ``str``, an :class:`explorer.net.text.Text` when it has words to translate.

    ``drop`` names where a request that did not get a 200 stopped, for load counters:
    (reason code, counter kind "pod"/"node"/"service", key) or None.
    ``visited`` lists (kind, key) of every pod, node and service the request went through.
    """

    source: str
    url: str
    result: dict
    hops: list = field(default_factory=list)
    drop: tuple | None = None
    visited: list = field(default_factory=list)

    @property
    def path(self) -> list[str]:
        """Graph vertices the request visited, consecutive duplicates removed."""
        out = []
        for h in self.hops:
            if h.graph and (not out or out[-1] != h.graph):
                out.append(h.graph)
        return out

    def to_json(self) -> dict:
        return {"source": self.source, "url": self.url, "result": dict(self.result),
                "hops": [h.to_json() for h in self.hops]}

    def to_text(self) -> str:
        """A readable trace: a summary line, then one numbered line per hop with its rule beneath."""
        r = self.result
        status = r["status"]
        lines = [f"{self.source} -> {self.url}: {status}" + (f" ({r['reason']})" if r.get("reason") else "")]
        parts = []
        if r.get("ingress"):
            rule = r.get("rule")
            rule_txt = (f" rule {rule['host'] or '*'}{rule['path']} ({rule['pathType']})" if rule
                        else " defaultBackend")
            parts.append(f"ingress {r['ingress']}{rule_txt}")
        if r.get("service"):
            parts.append(f"service {r['service']}")
        if r.get("pod"):
            parts.append(f"pod {r['pod']}")
        if parts:
            lines.append("  via " + " -> ".join(parts))
        width = max((len(h.step) for h in self.hops), default=0)
        for i, h in enumerate(self.hops, 1):
            lines.append(f"  {i:>2}. {h.step:<{width}}  {h.at}: {h.decision}")
            if h.rule:
                lines.append(f"      {'':<{width}}  rule: {h.rule}")
        return "\n".join(lines)
