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


def _pod(edit):
    return b.pod("p").edited(edit).raw


def _container(r):
    return r["spec"]["containers"][0]


def _port(r):
    return r["spec"]["containers"][0]["ports"][0]


_OWNER = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "u", "controller": True}
_RFC1123_LABEL = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
                  "start and end with an alphanumeric character")

# The fields a 150,000-pod file repeats on every pod are checked without a call when they are right (issue 6);
# what is wrong must still get the same problem at the same path.
POD_FIELD_CASES = [
    ("owner reference fine", lambda r: r["metadata"].update(ownerReferences=[dict(_OWNER)]), []),
    ("owner reference controller not a boolean",
     lambda r: r["metadata"].update(ownerReferences=[dict(_OWNER, controller="yes")]),
     [Problem(("metadata", "ownerReferences", 0, "controller"), "must be a boolean, got a string")]),
    ("owner reference without kind",
     lambda r: r["metadata"].update(ownerReferences=[{k: v for k, v in _OWNER.items() if k != "kind"}]),
     [Problem(("metadata", "ownerReferences", 0, "kind"), "Required value")]),
    ("owner reference uid a number", lambda r: r["metadata"].update(ownerReferences=[dict(_OWNER, uid=7)]),
     [Problem(("metadata", "ownerReferences", 0, "uid"), "must be a string, got an integer")]),
    ("namespace not a label", lambda r: r["metadata"].update(namespace="Shop_1"),
     [Problem(("metadata", "namespace"), f"namespace 'Shop_1': {_RFC1123_LABEL}")]),
    ("namespace a number", lambda r: r["metadata"].update(namespace=3),
     [Problem(("metadata", "namespace"), "must be a string, got an integer")]),
    ("label value an object", lambda r: r["metadata"].update(labels={"app": {}}),
     [Problem(("metadata", "labels", "app"), "label value must be a string, got an object")]),
    ("labels a list", lambda r: r["metadata"].update(labels=["app"]),
     [Problem(("metadata", "labels"), "must be an object, got a list")]),
    ("container name not a label", lambda r: _container(r).update(name="Web_1"),
     [Problem(("spec", "containers", 0, "name"), f"container name 'Web_1': {_RFC1123_LABEL}")]),
    ("container without image", lambda r: _container(r).pop("image"),
     [Problem(("spec", "containers", 0, "image"), "Required value")]),
    ("container ports an object", lambda r: _container(r).update(ports={"containerPort": 80}),
     [Problem(("spec", "containers", 0, "ports"), "must be a list, got an object")]),
    ("containerPort zero", lambda r: _port(r).update(containerPort=0),
     [Problem(("spec", "containers", 0, "ports", 0, "containerPort"),
              "containerPort 0: must be between 1 and 65535, inclusive")]),
    ("containerPort a string", lambda r: _port(r).update(containerPort="80"),
     [Problem(("spec", "containers", 0, "ports", 0, "containerPort"), "must be an integer, got a string")]),
    ("containerPort a boolean", lambda r: _port(r).update(containerPort=True),
     [Problem(("spec", "containers", 0, "ports", 0, "containerPort"), "must be an integer, got a boolean")]),
    ("port name not IANA", lambda r: _port(r).update(name="HTTP"),
     [Problem(("spec", "containers", 0, "ports", 0, "name"),
              "port name 'HTTP': must be an IANA_SVC_NAME (at most 15 lowercase alphanumerics or '-', with at "
              "least one letter)")]),
    ("port name a number", lambda r: _port(r).update(name=8080),
     [Problem(("spec", "containers", 0, "ports", 0, "name"), "must be a string, got an integer")]),
    ("protocol lowercase", lambda r: _port(r).update(protocol="tcp"),
     [Problem(("spec", "containers", 0, "ports", 0, "protocol"),
              'Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"')]),
    ("requests a list", lambda r: _container(r)["resources"].update(requests=["cpu"]),
     [Problem(("spec", "containers", 0, "resources", "requests"), "must be an object, got a list")]),
    ("nodeName a number", lambda r: r["spec"].update(nodeName=5),
     [Problem(("spec", "nodeName"), "must be a string, got an integer")]),
    ("nodeSelector value a number", lambda r: r["spec"].update(nodeSelector={"disk": 1}),
     [Problem(("spec", "nodeSelector", "disk"), "label value must be a string, got an integer")]),
    ("affinity a list", lambda r: r["spec"].update(affinity=[]),
     [Problem(("spec", "affinity"), "must be an object, got a list")]),
    ("initContainers an object", lambda r: r["spec"].update(initContainers={}),
     [Problem(("spec", "initContainers"), "must be a list, got an object")]),
    ("apiVersion a number", lambda r: r.update(apiVersion=1),
     [Problem(("apiVersion",), "must be a string, got an integer")]),
    ("kind missing", lambda r: r.pop("kind"), [Problem(("kind",), "Required value")]),
]


@pytest.mark.parametrize("name,edit,expected", POD_FIELD_CASES, ids=[c[0] for c in POD_FIELD_CASES])
def test_validate_pod_fields(name, edit, expected):
    raw = _pod(edit)
    assert validate_object(raw) == expected
    assert validate_object(raw) == expected     # the second time through the remembered valid values


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
