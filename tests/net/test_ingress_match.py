"""Ingress matching rules, one table per rule (explorer.net.ingress)."""

import pytest

from explorer.model.objects import Ingress
from explorer.net.ingress import host_matches, match, path_matches


@pytest.mark.parametrize("rule_host, host, expected", [
    ("foo.bar.com", "foo.bar.com", True),
    ("foo.bar.com", "FOO.bar.com", True),
    ("foo.bar.com", "bar.com", False),
    ("*.foo.com", "bar.foo.com", True),
    ("*.foo.com", "baz.bar.foo.com", False),
    ("*.foo.com", "foo.com", False),
    ("*.foo.com", ".foo.com", False),
    ("", "anything.example", True),
], ids=["exact", "case-insensitive", "exact-other", "wildcard-one-label", "wildcard-two-labels",
        "wildcard-apex", "wildcard-empty-label", "no-host-matches-all"])
def test_host_matches(rule_host, host, expected):
    assert host_matches(rule_host, host) is expected


# The table of https://kubernetes.io/docs/concepts/services-networking/ingress/#examples
@pytest.mark.parametrize("path_type, rule_path, path, impl, expected", [
    ("Prefix", "/", "/anything", "prefix", True),
    ("Exact", "/foo", "/foo", "prefix", True),
    ("Exact", "/foo", "/bar", "prefix", False),
    ("Exact", "/foo", "/foo/", "prefix", False),
    ("Exact", "/foo/", "/foo", "prefix", False),
    ("Prefix", "/foo", "/foo", "prefix", True),
    ("Prefix", "/foo", "/foo/", "prefix", True),
    ("Prefix", "/foo/", "/foo", "prefix", True),
    ("Prefix", "/foo/", "/foo/", "prefix", True),
    ("Prefix", "/aaa/bb", "/aaa/bbb", "prefix", False),
    ("Prefix", "/aaa/bbb", "/aaa/bbb", "prefix", True),
    ("Prefix", "/aaa/bbb/", "/aaa/bbb", "prefix", True),
    ("Prefix", "/aaa/bbb", "/aaa/bbb/", "prefix", True),
    ("Prefix", "/aaa/bbb", "/aaa/bbb/ccc", "prefix", True),
    ("Prefix", "/aaa/bbb", "/aaa/bbbxyz", "prefix", False),
    ("Exact", "/Foo", "/foo", "prefix", False),
    ("ImplementationSpecific", "/api", "/api/x", "prefix", True),
    ("ImplementationSpecific", "/api", "/apix", "prefix", False),
    ("ImplementationSpecific", "/api/v[0-9]+", "/api/v2/users", "regex", True),
    ("ImplementationSpecific", "/api/v[0-9]+", "/API/V2", "regex", True),
    ("ImplementationSpecific", "/api", "/apix", "regex", True),
    ("ImplementationSpecific", "/api/v[0-9]+", "/api/v2/users", "prefix", False),
    ("ImplementationSpecific", "/(", "/(", "regex", False),
], ids=["root-prefix", "exact", "exact-other", "exact-trailing-slash-request", "exact-trailing-slash-rule",
        "prefix-same", "prefix-request-slash", "prefix-rule-slash", "prefix-both-slash", "prefix-element-wise",
        "prefix-aaa-bbb", "prefix-rule-trailing", "prefix-request-trailing", "prefix-deeper", "prefix-not-string",
        "exact-case-sensitive", "impl-prefix-controller", "impl-prefix-element-wise", "impl-nginx-regex",
        "impl-nginx-regex-case-insensitive", "impl-nginx-plain-string-prefix", "impl-regex-literal-on-prefix-controller",
        "impl-nginx-bad-regex"])
def test_path_matches(path_type, rule_path, path, impl, expected):
    assert path_matches(path_type, rule_path, path, impl) is expected


def ing(name, rules, default_backend=None, ns="shop"):
    spec = {"rules": [{"host": h, "http": {"paths": [{"path": p, "pathType": t, "backend": {
        "service": {"name": s, "port": {"number": 80}}}}]}} if h else
        {"http": {"paths": [{"path": p, "pathType": t, "backend": {"service": {"name": s, "port": {"number": 80}}}}]}}
        for h, p, t, s in rules]}
    if default_backend:
        spec["defaultBackend"] = {"service": {"name": default_backend, "port": {"number": 80}}}
    return Ingress({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                    "metadata": {"name": name, "namespace": ns}, "spec": spec})


def summary(m):
    if m is None:
        return None
    return {"ingress": m.ingress.name, "rule": m.rule, "service": m.service}


@pytest.mark.parametrize("ingresses, host, path, expected", [
    ([ing("a", [("s.io", "/", "Prefix", "web"), ("s.io", "/api", "Prefix", "api")])], "s.io", "/api/x",
     {"ingress": "a", "rule": {"host": "s.io", "path": "/api", "pathType": "Prefix"}, "service": "api"}),
    ([ing("a", [("s.io", "/api", "Prefix", "prefix"), ("s.io", "/api", "Exact", "exact")])], "s.io", "/api",
     {"ingress": "a", "rule": {"host": "s.io", "path": "/api", "pathType": "Exact"}, "service": "exact"}),
    ([ing("a", [("s.io", "/api", "Prefix", "prefix"), ("s.io", "/api", "Exact", "exact")])], "s.io", "/api/v",
     {"ingress": "a", "rule": {"host": "s.io", "path": "/api", "pathType": "Prefix"}, "service": "prefix"}),
    ([ing("a", [("s.io", "/", "Prefix", "web")]), ing("b", [("s.io", "/api", "Prefix", "api")])], "s.io", "/api",
     {"ingress": "b", "rule": {"host": "s.io", "path": "/api", "pathType": "Prefix"}, "service": "api"}),
    ([ing("a", [("*.s.io", "/", "Prefix", "wild"), ("x.s.io", "/", "Prefix", "exact")])], "x.s.io", "/",
     {"ingress": "a", "rule": {"host": "x.s.io", "path": "/", "pathType": "Prefix"}, "service": "exact"}),
    ([ing("a", [("*.s.io", "/", "Prefix", "wild")])], "y.s.io", "/",
     {"ingress": "a", "rule": {"host": "*.s.io", "path": "/", "pathType": "Prefix"}, "service": "wild"}),
    ([ing("a", [("s.io", "/api", "Prefix", "api")], default_backend="fallback")], "s.io", "/other",
     {"ingress": "a", "rule": None, "service": "fallback"}),
    ([ing("a", [("s.io", "/api", "Prefix", "api")])], "other.io", "/api", None),
    ([ing("a", [("", "/", "Prefix", "any")])], "whatever.io", "/x",
     {"ingress": "a", "rule": {"host": "", "path": "/", "pathType": "Prefix"}, "service": "any"}),
], ids=["longest-prefix-wins", "exact-beats-prefix-on-tie", "prefix-when-exact-fails",
        "rules-merged-across-ingresses", "exact-host-beats-wildcard", "wildcard-host", "default-backend",
        "no-match-404", "rule-without-host"])
def test_match(ingresses, host, path, expected):
    assert summary(match(ingresses, host, path)) == expected
