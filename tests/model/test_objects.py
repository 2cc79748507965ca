"""Object validation and the cluster's operations and events."""

from __future__ import annotations

import pytest

from explorer.model import (Cluster, DuplicateObjectError, NetworkConfig, ObjectNotFoundError, Problem,
                            ValidationError, example_cluster, validate_object)
from explorer.model import builders as b
from explorer.model.errors import InvalidValueError


def deployment(**spec_changes):
    raw = b.deployment("web", "default").raw
    raw["spec"].update(spec_changes)
    return raw


OBJECT_CASES = [
    ("valid deployment", b.deployment("web").raw, []),
    ("replicas wrong type", deployment(replicas="three"),
     [Problem(("spec", "replicas"), "must be an integer, got a string")]),
    ("selector missing", {k: v for k, v in deployment().items()} | {"spec": {"template": deployment()["spec"]["template"]}},
     [Problem(("spec", "selector"), "Required value")]),
    ("name missing", {"apiVersion": "v1", "kind": "Namespace", "metadata": {}},
     [Problem(("metadata", "name"), "Required value")]),
    ("service port out of range",
     b.service("api").edited(lambda r: r["spec"]["ports"][0].update(port=70000)).raw,
     [Problem(("spec", "ports", 0, "port"), "port 70000: must be between 1 and 65535, inclusive")]),
    ("bad cpu request",
     b.pod("p").edited(lambda r: r["spec"]["containers"][0]["resources"]["requests"].update(cpu="lots")).raw,
     [Problem(("spec", "containers", 0, "resources", "requests", "cpu"),
              "cpu: quantities must match the regular expression "
              "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$', got 'lots'")]),
    ("bad label value", b.pod("p", labels={"app": "a b"}).raw,
     [Problem(("metadata", "labels", "app"),
              "label value 'a b': a valid label must be an empty string or consist of alphanumeric characters, "
              "'-', '_' or '.', and must start and end with an alphanumeric character")]),
    ("ingress bad path type",
     b.ingress("i", rules=[("", "/", "Regex", "api", 80)]).raw,
     [Problem(("spec", "rules", 0, "http", "paths", 0, "pathType"),
              'Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"')]),
    ("not a mapping", ["x"], [Problem((), "must be an object, got a list")]),
    ("node address entry empty",
     b.worker_node("w").edited(lambda r: r["status"].update(addresses=[None, {"type": "InternalIP", "address": "x"}])).raw,
     [Problem(("status", "addresses", 0), "must be an object, got null", "warning"),
      Problem(("status", "addresses", 1, "address"), "IP address 'x': must be a valid IP address")]),
]


@pytest.mark.parametrize("name,raw,expected", OBJECT_CASES, ids=[c[0] for c in OBJECT_CASES])
def test_validate_object(name, raw, expected):
    assert validate_object(raw) == expected


def test_example_cluster_contents():
    cluster = example_cluster()
    summary = {
        "nodes": [(n.name, n.is_control_plane) for n in cluster.nodes()],
        "static pods": sorted(p.name for p in cluster.pods() if p.is_static),
        "deployments": {d.name: d.replicas for d in cluster.objects("Deployment")},
        "services": {s.key[2]: s.type for s in cluster.objects("Service")},
        "ingress backends": [i.backend_services for i in cluster.objects("Ingress")],
    }
    assert summary == {
        "nodes": [("control-plane", True), ("worker-1", False), ("worker-2", False), ("worker-3", False)],
        "static pods": ["etcd-control-plane", "kube-apiserver-control-plane",
                        "kube-controller-manager-control-plane", "kube-scheduler-control-plane"],
        "deployments": {"ingress-nginx-controller": 1, "api": 3, "mysql": 1},
        "services": {"ingress-nginx-controller": "LoadBalancer", "api": "ClusterIP", "mysql": "ClusterIP"},
        "ingress backends": [["api"]],
    }
    assert all(validate_object(o.raw) == [] for o in cluster)


def test_events_are_emitted_for_each_operation():
    cluster = Cluster()
    seen = []
    cluster.changed.connect(lambda e: seen.append((e.type, e.key)))
    node = cluster.add(b.worker_node("w1"))
    cluster.set_position(node.key, (10, 20))
    cluster.replace(node.edited(lambda r: r["metadata"]["labels"].update(tier="gold")))
    renamed = node.edited(lambda r: r["metadata"].update(name="w2"))
    cluster.replace(renamed, old_key=node.key)
    cluster.remove(renamed.key)
    assert seen == [("added", ("Node", "", "w1")), ("moved", ("Node", "", "w1")),
                    ("changed", ("Node", "", "w1")), ("removed", ("Node", "", "w1")),
                    ("added", ("Node", "", "w2")), ("removed", ("Node", "", "w2"))]


ERROR_CASES = [
    ("duplicate", lambda c: c.add(b.worker_node("worker-1")), DuplicateObjectError, 'Node "worker-1" already exists'),
    ("missing remove", lambda c: c.remove(("Pod", "default", "nope")), ObjectNotFoundError,
     'Pod "default/nope" not found'),
    ("invalid add", lambda c: c.add(deployment(replicas=-1)), ValidationError,
     "spec.replicas: must be greater than or equal to 0"),
    ("overlapping cidrs", lambda c: c.set_network(NetworkConfig(service_cidr="10.244.0.0/20")), InvalidValueError,
     "serviceSubnet 10.244.0.0/20 overlaps podSubnet 10.244.0.0/16"),
]


@pytest.mark.parametrize("name,op,error,message", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_operations_raise_documented_errors(name, op, error, message):
    cluster = example_cluster()
    before = cluster.copy()
    with pytest.raises(error) as err:
        op(cluster)
    assert str(err.value) == message
    assert cluster.same_design(before)


def test_copy_is_independent():
    cluster = example_cluster()
    other = cluster.copy()
    other.remove(("Node", "", "worker-1"))
    assert ("Node", "", "worker-1") in cluster and ("Node", "", "worker-1") not in other


def test_network_defaults():
    net = NetworkConfig()
    assert (net.api_server_ip, net.dns_ip, net.max_nodes, net.node_port_range) == \
        ("10.96.0.1", "10.96.0.10", 256, (30000, 32767))


def _rename(raw):
    raw["metadata"]["name"] = "renamed"


def _move(raw):
    raw["metadata"]["namespace"] = "other"


KEY_CASES = [
    # name, object, change made through edited(), (key before, key of the edited object)
    ("namespaced, renamed", b.deployment("web", "shop"), _rename,
     (("Deployment", "shop", "web"), ("Deployment", "shop", "renamed"))),
    ("namespaced, moved", b.pod("p", "shop"), _move, (("Pod", "shop", "p"), ("Pod", "other", "p"))),
    ("no namespace given: default", b.service("api"), _rename,
     (("Service", "default", "api"), ("Service", "default", "renamed"))),
    ("cluster-scoped", b.worker_node("n1"), _rename, (("Node", "", "n1"), ("Node", "", "renamed"))),
]


@pytest.mark.parametrize("obj, change, expected", [c[1:] for c in KEY_CASES], ids=[c[0] for c in KEY_CASES])
def test_the_key_is_remembered_and_edited_objects_get_their_own(obj, change, expected):
    """The key is computed once (raw is never changed in place); edited() makes a new object with a new key
    and leaves the original's as it was."""
    before = obj.key
    edited = obj.edited(change)
    assert (before, edited.key, obj.key, obj.key is before) == (*expected, expected[0], True)
