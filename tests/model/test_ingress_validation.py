"""What validate_object says about an Ingress (explorer/model/validation.py: _validate_ingress), field by
field. The checks step from each field to the next one (a walk from the root for every field made an
Ingress of 20 rules cost 0.6 ms, and 100 of them froze the Problems dock's validation for 58 ms); what they
find, and where, is what the walks found."""

from __future__ import annotations

import pytest

from explorer.model import validate_object

LABEL = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
         "and end with an alphanumeric character")
SUBDOMAIN = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
             "must start and end with an alphanumeric character")


def _ingress(spec) -> dict:
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "namespace": "shop"},
            "spec": spec}


def _path(**fields) -> dict:
    return {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}},
            **fields}


def _rule(*paths, host="shop.example.com") -> dict:
    return {"host": host, "http": {"paths": list(paths)}}


PATH0 = ("spec", "rules", 0, "http", "paths", 0)

CASES = {
    # name: (spec, [(path, message)])
    "valid, with TLS": ({"ingressClassName": "nginx", "rules": [_rule(_path(), _path(path="/api"))],
                         "tls": [{"hosts": ["shop.example.com"], "secretName": "tls"}]}, []),
    "spec is a list: said once": ([1], [(("spec",), "must be an object, got a list")]),
    "a rule is a string": ({"rules": ["x"]}, [(("spec", "rules", 0), "must be an object, got a string")]),
    "http is a list": ({"rules": [{"http": []}]}, [(("spec", "rules", 0, "http"), "must be an object, got a list")]),
    "a wildcard host is fine, a bad host is not": (
        {"rules": [_rule(_path(), host="*.example.com"), _rule(_path(), host="Bad_Host")]},
        [(("spec", "rules", 1, "host"), f"host 'Bad_Host': {SUBDOMAIN}")]),
    "pathType missing, then unknown": (
        {"rules": [_rule({"path": "/", "backend": {"service": {"name": "web", "port": {"number": 80}}}},
                         _path(pathType="Fuzzy"))]},
        [(PATH0 + ("pathType",), "Required value"),
         (("spec", "rules", 0, "http", "paths", 1, "pathType"),
          'Unsupported value: "Fuzzy": supported values: "Exact", "ImplementationSpecific", "Prefix"')]),
    "a Prefix path must be absolute": ({"rules": [_rule(_path(path="api"))]},
                                       [(PATH0 + ("path",), "Invalid value: must be an absolute path")]),
    "backend missing": ({"rules": [_rule({"path": "/", "pathType": "Exact"})]},
                        [(PATH0 + ("backend",), "Required value")]),
    "backend is a string (the required check and the backend's own say it once)": (
        {"rules": [_rule(_path(backend="web"))]}, [(PATH0 + ("backend",), "must be an object, got a string")]),
    "backend names neither service nor resource": (
        {"rules": [_rule(_path(backend={}))]},
        [(PATH0 + ("backend",), "Required value: one of `service` or `resource` must be specified")]),
    "service port without number or name": (
        {"rules": [_rule(_path(backend={"service": {"name": "web", "port": {}}}))]},
        [(PATH0 + ("backend", "service", "port"), "Required value: port name or number is required")]),
    "a port by name is fine": ({"rules": [_rule(_path(backend={"service": {"name": "web", "port": {"name": "http"}}}))]},
                               []),
    "default backend: bad service name, port out of range": (
        {"defaultBackend": {"service": {"name": "Web_1", "port": {"number": 70000}}}},
        [(("spec", "defaultBackend", "service", "name"), f"service name 'Web_1': {LABEL}"),
         (("spec", "defaultBackend", "service", "port", "number"), "port 70000: must be between 1 and 65535, inclusive")]),
    "default backend: a port number that is a string": (
        {"defaultBackend": {"service": {"name": "web", "port": {"number": "80"}}}},
        [(("spec", "defaultBackend", "service", "port", "number"), "must be an integer, got a string"),
         (("spec", "defaultBackend", "service", "port"), "Required value: port name or number is required")]),
    "a resource backend is fine": (
        {"defaultBackend": {"resource": {"apiGroup": "k8s.example.com", "kind": "Bucket", "name": "b"}}}, []),
    "TLS entries mistyped": ({"tls": [{"hosts": "a", "secretName": 3}, "x"]},
                             [(("spec", "tls", 0, "hosts"), "must be a list, got a string"),
                              (("spec", "tls", 0, "secretName"), "must be a string, got an integer"),
                              (("spec", "tls", 1), "must be an object, got a string")]),
}


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_ingress_validation(name):
    spec, expected = CASES[name]
    assert [(tuple(p.path), p.message) for p in validate_object(_ingress(spec))] == expected
