"""Ingress rule matching: which Ingress, rule and backend a controller picks for a host and a path.

Follows the Ingress API: hosts match exactly or by a ``*.`` wildcard covering exactly one label; paths are
Exact (whole path, case-sensitive) or Prefix (element by element on ``/``, trailing slash ignored); the
longest matching path wins, Exact beats Prefix on equal length. ImplementationSpecific depends on the
controller (``IngressController.implementation_specific``): ``"regex"`` (ingress-nginx: the path is a regular
expression anchored at the start, case-insensitive, as with ``use-regex``; without metacharacters this is
a plain string prefix) or ``"prefix"`` (Traefik, HAProxy, Contour: treated as Prefix).
No rule matches: the first Ingress's ``defaultBackend`` (by namespace/name), else the controller's 404.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from explorer.model.objects import Ingress
from explorer.net.text import Text

EXACT, PREFIX, IMPL = "Exact", "Prefix", "ImplementationSpecific"


def host_matches(rule_host: str, host: str) -> bool:
    """An empty rule host matches every host; ``*.foo.com`` matches ``bar.foo.com`` only (one label)."""
    if not rule_host:
        return True
    host = host.lower().rstrip(".")
    rule_host = rule_host.lower()
    if rule_host.startswith("*."):
        first, dot, rest = host.partition(".")
        return bool(first) and bool(dot) and rest == rule_host[2:]
    return rule_host == host


def _elements(path: str) -> list[str]:
    return [e for e in path.split("/") if e]


def prefix_matches(rule_path: str, path: str) -> bool:
    """Prefix match element by element: ``/aaa/bb`` matches ``/aaa/bb`` and ``/aaa/bb/c``, not ``/aaa/bbb``."""
    want = _elements(rule_path)
    have = _elements(path)
    return have[:len(want)] == want


_REGEX_CACHE: dict = {}


def regex_matches(rule_path: str, path: str) -> bool:
    """ingress-nginx ImplementationSpecific with regex: ``^<path>`` case-insensitive; a bad regex never matches."""
    rx = _REGEX_CACHE.get(rule_path)
    if rx is None:
        try:
            rx = re.compile(rule_path, re.IGNORECASE)
        except re.error:
            rx = False
        _REGEX_CACHE[rule_path] = rx
    return bool(rx) and rx.match(path) is not None


def path_matches(path_type: str, rule_path: str, path: str, impl: str) -> bool:
    if path_type == EXACT:
        return rule_path == path
    if path_type == PREFIX or (path_type == IMPL and impl != "regex"):
        return prefix_matches(rule_path, path)
    if path_type == IMPL:
        return regex_matches(rule_path, path)
    return False


@dataclass(frozen=True)
class IngressMatch:
    """A controller's decision: the Ingress, the rule (host, path, pathType) or None for defaultBackend,
    the backend Service name and port (number or name), and why."""

    ingress: Ingress
    host: str | None
    path: str | None
    path_type: str | None
    service: str
    port: object
    why: str

    @property
    def rule(self) -> dict | None:
        if self.path is None:
            return None
        return {"host": self.host or "", "path": self.path, "pathType": self.path_type}


def _why(kind: str, rule_host: str | None, rule_path: str, path: str) -> Text:
    """Why a path rule matched: its host (or any host), its kind of path (``exact``, ``prefix``, ``regex`` or
    ``implementation`` for ImplementationSpecific matched as a prefix) and the request path."""
    a = {"host": rule_host, "rule_path": rule_path, "path": path}
    if rule_host:
        if kind == "exact":
            return Text("host {host}, exact path {rule_path} matched {path}", **a)
        if kind == "prefix":
            return Text("host {host}, path prefix {rule_path} matched {path}", **a)
        if kind == "regex":
            return Text("host {host}, ImplementationSpecific path (regex) {rule_path} matched {path}", **a)
        return Text("host {host}, ImplementationSpecific path (prefix) {rule_path} matched {path}", **a)
    del a["host"]
    if kind == "exact":
        return Text("any host, exact path {rule_path} matched {path}", **a)
    if kind == "prefix":
        return Text("any host, path prefix {rule_path} matched {path}", **a)
    if kind == "regex":
        return Text("any host, ImplementationSpecific path (regex) {rule_path} matched {path}", **a)
    return Text("any host, ImplementationSpecific path (prefix) {rule_path} matched {path}", **a)


def match(ingresses: list, host: str, path: str, impl: str = "prefix") -> IngressMatch | None:
    """Best match over ``ingresses`` (already filtered to the controller's classes), or None (404).

    Rules of all Ingresses for the host are merged, as controllers do. Ranking: longest path, then Exact
    before Prefix, then ImplementationSpecific; then an exact host before a wildcard; then the oldest
    (first by namespace/name).
    """
    path = path or "/"
    best = None
    best_rank = None
    for ing in ingresses:
        for p in ing.paths:
            if not host_matches(p.host, host) or not path_matches(p.path_type, p.path, path, impl):
                continue
            type_rank = {EXACT: 0, PREFIX: 1}.get(p.path_type, 2)
            host_rank = 0 if p.host and not p.host.startswith("*.") else (1 if p.host else 2)
            length = len(p.path.rstrip("/")) if p.path_type != EXACT else len(p.path)
            rank = (-length, type_rank, host_rank)
            if best_rank is None or rank < best_rank:
                best, best_rank = (ing, p), rank
    if best is not None:
        ing, p = best
        kind = {EXACT: "exact", PREFIX: "prefix"}.get(p.path_type, "regex" if impl == "regex" else "implementation")
        return IngressMatch(ing, p.host, p.path, p.path_type, p.service, p.port, _why(kind, p.host, p.path, path))
    for ing in ingresses:
        if ing.default_backend:
            svc, port = ing.default_backend
            return IngressMatch(ing, None, None, None, svc, port,
                                Text("no rule matched {host}{path}; spec.defaultBackend of {ingress}", host=host,
                                     path=path, ingress=f"{ing.namespace}/{ing.name}"))
    return None
