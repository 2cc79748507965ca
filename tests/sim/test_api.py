"""The simulated API server: CRUD, resourceVersions, kubectl-style errors, selectors, availability."""

from __future__ import annotations

import pytest

from explorer.model import builders as b
from explorer.sim.api import ApiError, ApiServer, Store, parse_selector


class Hooks:
    def __init__(self):
        self.n = 0

    def new_uid(self):
        self.n += 1
        return f"uid-{self.n}"

    def generate_name(self, prefix):
        return prefix + "abcde"

    def timestamp(self):
        return "2026-01-01T00:00:00Z"

    def admit_create(self, obj):
        return obj

    def admit_update(self, old, new):
        return new

    def admit_delete(self, obj):
        return None


def make_api(gate=None):
    api = ApiServer(Store(), gate=gate, hooks=Hooks())
    api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}})
    return api


def error_of(fn):
    try:
        fn()
    except ApiError as exc:
        return (exc.reason, exc.code, str(exc))
    return None


def test_create_stamps_metadata():
    api = make_api()
    pod = api.create(b.pod("web", labels={"app": "web"}))
    assert pod.metadata == {"name": "web", "namespace": "default", "labels": {"app": "web"}, "uid": "uid-2",
                            "creationTimestamp": "2026-01-01T00:00:00Z", "generation": 1, "resourceVersion": "2"}
    assert api.resource_version == 2


def _conflict(api):
    pod = api.create(b.pod("web"))
    api.update(pod.edited(lambda r: r["metadata"].setdefault("labels", {}).update(x="1")))
    api.update(pod.edited(lambda r: r["metadata"].setdefault("labels", {}).update(x="2")))


ERRORS = [
    ("get-missing", lambda api: api.get("Pod", "default", "nope"),
     ("NotFound", 404, 'Error from server (NotFound): pods "nope" not found')),
    ("get-missing-deployment", lambda api: api.get("Deployment", "default", "web"),
     ("NotFound", 404, 'Error from server (NotFound): deployments.apps "web" not found')),
    ("get-missing-node", lambda api: api.get("nodes", "", "n1"),
     ("NotFound", 404, 'Error from server (NotFound): nodes "n1" not found')),
    ("create-twice", lambda api: [api.create(b.pod("web")), api.create(b.pod("web"))],
     ("AlreadyExists", 409, 'Error from server (AlreadyExists): pods "web" already exists')),
    ("missing-namespace", lambda api: api.create(b.pod("web", namespace="shop")),
     ("NotFound", 404, 'Error from server (NotFound): namespaces "shop" not found')),
    ("stale-update", _conflict,
     ("Conflict", 409, 'Error from server (Conflict): Operation cannot be fulfilled on pods "web": the object has '
                       'been modified; please apply your changes to the latest version and try again')),
    ("update-missing", lambda api: api.update(b.pod("ghost")),
     ("NotFound", 404, 'Error from server (NotFound): pods "ghost" not found')),
    ("delete-missing", lambda api: api.delete("Service", "default", "x"),
     ("NotFound", 404, 'Error from server (NotFound): services "x" not found')),
    ("invalid", lambda api: api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "Bad_Name"},
                                        "spec": {"containers": [{"name": "c", "image": "i"}]}}),
     "Invalid"),
]


@pytest.mark.parametrize("action, expected", [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_errors_read_like_kubectl(action, expected):
    api = make_api()
    got = error_of(lambda: action(api))
    if isinstance(expected, str):
        assert got is not None and got[0] == expected
    else:
        assert got == expected


def test_unavailable_api_refuses_everything():
    down = {"why": None}
    api = make_api(gate=lambda: down["why"])
    api.create(b.pod("web"))
    down["why"] = "etcdserver: request timed out"
    assert [error_of(lambda: api.get("Pod", "default", "web")),
            error_of(lambda: api.create(b.pod("db"))),
            error_of(lambda: api.delete("Pod", "default", "web"))] == \
        [("ServiceUnavailable", 503, "Error from server (ServiceUnavailable): etcdserver: request timed out")] * 3


SELECTORS = [
    ("equality", "app=web", {"matchLabels": {"app": "web"}}),
    ("not-equal", "tier!=db", {"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["db"]}]}),
    ("set", "env in (a,b),app", {"matchExpressions": [{"key": "env", "operator": "In", "values": ["a", "b"]},
                                                      {"key": "app", "operator": "Exists"}]}),
    ("absent", "!canary", {"matchExpressions": [{"key": "canary", "operator": "DoesNotExist"}]}),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in SELECTORS], ids=[c[0] for c in SELECTORS])
def test_parse_selector(text, expected):
    assert parse_selector(text) == expected


def test_list_filters_and_sorts():
    api = make_api()
    api.create(b.namespace("shop"))
    for name, ns, app in (("b", "default", "web"), ("a", "default", "web"), ("c", "shop", "web"),
                          ("d", "default", "db")):
        api.create(b.pod(name, namespace=ns, labels={"app": app}))
    assert {
        "all": [(p.namespace, p.name) for p in api.list("Pod")],
        "default": [p.name for p in api.list("pods", "default")],
        "web": [p.name for p in api.list("Pod", None, "app=web")],
        "dict": [p.name for p in api.list("Pod", "default", {"app": "db"})],
    } == {"all": [("default", "a"), ("default", "b"), ("default", "d"), ("shop", "c")],
          "default": ["a", "b", "d"], "web": ["a", "b", "c"], "dict": ["d"]}


def test_delete_returns_object_and_watchers_see_changes():
    api = make_api()
    seen = []
    api.watchers.append(lambda kind, old, new: seen.append((kind, old and old.name, new and new.name)))
    api.create(b.pod("web"))
    pod = api.get("Pod", "default", "web")
    api.update(pod.edited(lambda r: r["metadata"].update(labels={"v": "2"})))
    gone = api.delete("Pod", "default", "web")
    assert (gone.name, seen) == ("web", [("Pod", None, "web"), ("Pod", "web", "web"), ("Pod", "web", None)])


def test_simulator_api_and_control_plane_shapes():
    from explorer.model import example_cluster
    from explorer.sim import Simulator

    sim = Simulator(example_cluster())
    member = sim.control_plane().members[0]
    assert (isinstance(sim.api, ApiServer), member["etcd"], member.etcd, member.to_json(),
            sim.control_plane().to_json()["etcd_quorum"]) == \
        (True, True, True, {"name": "control-plane", "apiserver": True, "etcd": True, "scheduler": True,
                            "controller_manager": True, "node_up": True}, True)


def _history(steps):
    """A Store after ``steps`` (("put"|"remove", name) or ("mark",) / ("undo",) pairs) on ConfigMaps."""
    from explorer.model import from_dict
    store = Store()
    marks = []
    for step in steps:
        if step[0] == "put":
            store.put(from_dict({"apiVersion": "v1", "kind": "ConfigMap",
                                 "metadata": {"name": step[1], "namespace": "default"}}))
        elif step[0] == "remove":
            store.remove(("ConfigMap", "default", step[1]))
        elif step[0] == "mark":
            marks.append(store.mark())
        elif step[0] == "undo":
            store.undo_to(marks.pop())
        elif step[0] == "forget":       # an object without a creation number (as if stored by other means)
            store.order.pop(("ConfigMap", "default", step[1]))
    return store


ORDER_CASES = {
    "puts": ([("put", "a"), ("put", "b"), ("put", "c")], ["a", "b", "c"]),
    "put again keeps its place": ([("put", "a"), ("put", "b"), ("put", "a")], ["a", "b"]),
    "removed and made again goes last": ([("put", "a"), ("put", "b"), ("remove", "a"), ("put", "a")], ["b", "a"]),
    "undo brings back at its place": ([("put", "a"), ("put", "b"), ("mark",), ("remove", "a"), ("put", "c"),
                                       ("undo",)], ["a", "b"]),
    "without a creation number first": ([("put", "a"), ("put", "b"), ("put", "c"), ("forget", "b")],
                                        ["b", "a", "c"]),
}


@pytest.mark.parametrize("name", ORDER_CASES, ids=list(ORDER_CASES))
def test_store_lists_objects_in_creation_order(name):
    steps, expected = ORDER_CASES[name]
    store = _history(steps)
    reference = sorted(store.objects.values(), key=lambda o: store.order.get(o.key, 0))   # the plain definition
    assert ([o.name for o in store.ordered()], [o.name for o in reference]) == (expected, expected)
