"""read_snapshot: kubectl's read commands against a frozen copy print what they print against the simulator."""

from __future__ import annotations

import pytest

from explorer.kubectl import Kubectl, is_read_command, read_snapshot
from explorer.model import example_cluster
from explorer.sim import Simulator


@pytest.fixture(scope="module")
def sim():
    s = Simulator(example_cluster(), seed=0)
    s.settle()
    return s


READS = [
    ("get-pods-all", "get pods -A"),
    ("get-pods-wide-labels", "get pods -n shop -o wide --show-labels"),
    ("get-all", "get all -A"),
    ("get-yaml", "get deploy api -n shop -o yaml"),
    ("get-selector", "get pods -A -l app=api -o name"),
    ("get-events", "get events -A"),
    ("get-missing", "get pod nope -n shop"),
    ("describe-node", "describe node worker-1"),
    ("describe-deploy", "describe deploy api -n shop"),
    ("describe-svc", "describe svc -n shop"),
    ("top-nodes", "top nodes"),
    ("top-pods", "top pods -A"),
    ("logs", "logs deploy/api -n shop"),
    ("explain", "explain deployment.spec.replicas"),
    ("version", "version"),
    ("cluster-info", "cluster-info"),
    ("api-resources", "api-resources"),
]


@pytest.mark.parametrize("command", [c[1] for c in READS], ids=[c[0] for c in READS])
def test_read_on_snapshot_equals_read_on_simulator(sim, command):
    assert Kubectl(read_snapshot(sim)).run(command) == Kubectl(sim).run(command)


def test_snapshot_does_not_follow_the_simulator():
    s = Simulator(example_cluster(), seed=0)
    s.settle()
    before = Kubectl(s).run("get pods -A -o wide")
    snap = read_snapshot(s)
    Kubectl(s).run("scale deployment api -n shop --replicas=5")
    s.settle()
    assert (Kubectl(snap).run("get pods -A -o wide"), Kubectl(s).run("get pods -A -o wide") == before) == (
        before, False)


def test_snapshot_of_an_unavailable_api_server():
    s = Simulator(example_cluster(), seed=0)
    s.settle()
    for node in [n.name for n in s.api.list("Node") if n.is_control_plane]:
        s.stop_node(node)
    expected = Kubectl(s).run("get pods -A")
    assert (Kubectl(read_snapshot(s)).run("get pods -A"), expected.exit_code) == (expected, 1)


CLASSIFY = [
    ("get", "get pods -A", True),
    ("kubectl-prefix", "kubectl describe node worker-1", True),
    ("list-form", ["top", "nodes"], True),
    ("scale", "scale deployment api --replicas=3", False),
    ("apply", "apply -f x.yaml", False),
    ("delete", "delete pod a", False),
    ("cordon", "cordon worker-1", False),
    ("drain", "drain worker-1", False),
    ("rollout", "rollout status deploy/api", False),
    ("config", "config set-context --current --namespace=shop", False),
    ("help", "help", False),
    ("empty", "", False),
    ("unparsable", "get 'pods", False),
]


@pytest.mark.parametrize("argv, expected", [c[1:] for c in CLASSIFY], ids=[c[0] for c in CLASSIFY])
def test_is_read_command(argv, expected):
    assert is_read_command(argv) == expected


class _Obj:
    def __init__(self, namespace, name):
        self.namespace, self.name = namespace, name


ORDERS = [
    ("by-namespace-then-name", [("b", "x"), ("a", "z"), ("a", "y"), ("", "n")], [("", "n"), ("a", "y"), ("a", "z"),
                                                                              ("b", "x")]),
    ("namespace-prefix", [("ab", "a"), ("a", "b"), ("abc", "a")], [("a", "b"), ("ab", "a"), ("abc", "a")]),
    ("duplicate-names-keep-their-order", [("a", "n"), ("a", "m"), ("a", "n")], [("a", "m"), ("a", "n"), ("a", "n")]),
    ("empty", [], []),
]


@pytest.mark.parametrize("given, expected", [c[1:] for c in ORDERS], ids=[c[0] for c in ORDERS])
def test_kinds_are_handed_out_in_list_order(given, expected):
    from explorer.kubectl.snapshot import _SortedKinds
    objs = {("Pod", i): _Obj(ns, name) for i, (ns, name) in enumerate(given)}
    kinds = _SortedKinds({"Pod": objs})
    got = [(o.namespace, o.name) for o in kinds.get("Pod").values()]
    dup_keys = [k for k, o in kinds.get("Pod").items() if (o.namespace, o.name) == ("a", "n")]
    assert (got, kinds.get("Node", "none"), dup_keys == sorted(dup_keys)) == (expected, "none", True)


@pytest.mark.parametrize("size", [0, 1, 1999, 2000, 4001], ids=lambda n: f"{n}-items")
def test_release_empties_a_list_in_slices(size):
    from explorer.kubectl.tabwriter import release
    items = list(range(size))
    release(items)
    assert items == []
