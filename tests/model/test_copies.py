"""Copies whose dict is made when first asked for (explorer.model.copies): what a big file's reader keeps for
the pods that copy another pod but for a few strings. A copy must be indistinguishable from the plain object
but for ``type()`` before its dict is made, and must not make it for what the open needs of it."""

from __future__ import annotations

import threading

import pytest

from explorer.model import Cluster, KubeObject, Pod, Service, copies


def _template() -> dict:
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "web-0", "namespace": "shop", "labels": {"app": "web"}, "uid": "u0"},
            "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}], "nodeName": "worker-1"},
            "status": {"phase": "Running", "podIP": "10.244.1.5"}}


PATHS = (("metadata", "name"), ("metadata", "uid"), ("spec", "nodeName"), ("status", "podIP"))


def _make(raw: dict):
    def make(values, at):
        out = dict(raw)
        for n, (top, key) in enumerate(PATHS):
            out[top] = dict(out[top]) if out[top] is raw[top] else out[top]
            out[top][key] = values[at + n]
        return out
    return make


def _copy(name="web-7", uid="u7", node="worker-2", ip="10.244.2.9", cls=Pod):
    raw = _template()
    maker = copies.Maker(_make(raw), {p: i for i, p in enumerate(PATHS)}, raw)
    values = ["pad", name, uid, node, ip]     # (a copy's strings start at ``at`` in its chunk's values)
    return copies.copied(cls, ("Pod", "shop", name), maker, values, 1), raw


def _plain(name="web-7", uid="u7", node="worker-2", ip="10.244.2.9") -> Pod:
    raw = _template()
    raw["metadata"] = {**raw["metadata"], "name": name, "uid": uid}
    raw["spec"] = {**raw["spec"], "nodeName": node}
    raw["status"] = {**raw["status"], "podIP": ip}
    return Pod(raw)


# name: (what is asked of a copy, whether its dict is made by it)
ASKED = {
    "its key": (lambda c: c.key, False),
    "its kind": (lambda c: c.kind, False),
    "its name": (lambda c: c.name, False),
    "its namespace": (lambda c: c.namespace, False),
    "its apiVersion": (lambda c: c.api_version, False),
    "its labels (the template's)": (lambda c: c.labels, False),
    "a string of its own": (lambda c: c.value_at("spec", "nodeName"), False),
    "a field of the template's": (lambda c: c.value_at("status", "phase"), False),
    "a field nobody has": (lambda c: c.value_at("status", "hostIP"), False),
    "a field under no mapping": (lambda c: c.value_at("kind", "x"), False),
    "its hash": (lambda c: hash(c), False),
    "its node name": (lambda c: c.node_name, True),
    "its dict": (lambda c: c.raw, True),
    "its uid": (lambda c: c.uid, True),
    "its requests": (lambda c: c.requests, True),
    "its repr": (lambda c: repr(c), False),
}


@pytest.mark.parametrize("ask, makes", ASKED.values(), ids=ASKED.keys())
def test_a_copy_answers_as_the_plain_object_does(ask, makes):
    copy, _ = _copy()
    got = ask(copy)
    assert (got, copies.is_pending(copy), type(copy) is Pod) == (ask(_plain()), not makes, makes)


def test_a_made_copy_is_the_plain_object_for_good():
    copy, template = _copy()
    before = (isinstance(copy, Pod), copies.is_pending(copy), copies.make_whole([copy, _plain()]))
    raw = copy.raw
    assert (before, type(copy), copy.raw is raw, copy == _plain(), copy.raw["metadata"]["labels"] is
            template["metadata"]["labels"], copies.make_whole([copy])) == \
        ((True, True, 1), Pod, True, True, True, 0)


# name: (what is made of a copy, the class it has)
MADE_FROM = {
    "an edit": (lambda c: c.edited(lambda raw: raw["metadata"].update(name="web-8")), Pod),
    "a deep copy": (lambda c: c.copy(), Pod),
    "its class called with a dict": (lambda c: type(c)(_plain().raw), Pod),
}


@pytest.mark.parametrize("make, cls", MADE_FROM.values(), ids=MADE_FROM.keys())
def test_what_is_made_from_a_copy_is_a_plain_object(make, cls):
    copy, _ = _copy()
    made = make(copy)
    assert (type(made), copies.is_pending(made), made.raw["spec"]["nodeName"]) == (cls, False, "worker-2")


def test_a_copy_is_equal_to_the_plain_object_both_ways_and_in_a_cluster():
    a, _ = _copy()
    b, _ = _copy()
    cluster = Cluster()
    cluster.add_read(a, a.key)
    other = Cluster()
    other.add(_plain())
    assert (_plain() == b, b == _plain(), cluster.same_design(other), cluster.get(("Pod", "shop", "web-7")) is a) \
        == (True, True, True, True)


def test_threads_making_one_copy_at_once_get_equal_dicts():
    copy, _ = _copy()
    got = []
    barrier = threading.Barrier(4)

    def ask():
        barrier.wait()
        got.append(copy.raw)
    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (len(got), all(g == _plain().raw for g in got), type(copy), copy.raw in got) == (4, True, Pod, True)


def test_an_answer_after_another_thread_made_the_dict_reads_the_dict():
    """A thread that found the copy pending may read on after another made its dict (the class changed)."""
    copy, _ = _copy()
    made = copy.raw
    assert (copies._made(copy) is made, copies._pending_value(copy, "spec", "nodeName")) == (True, "worker-2")


# name: (class, error)
REFUSED = {
    "a generic object (its scope depends on its kind)": (KubeObject, TypeError),
    "no Kubernetes object": (dict, TypeError),
}


@pytest.mark.parametrize("cls, error", REFUSED.values(), ids=REFUSED.keys())
def test_only_typed_kinds_are_copied(cls, error):
    with pytest.raises(error):
        _copy(cls=cls)


def test_each_kind_has_one_class_for_its_copies():
    a, _ = _copy()
    b, _ = _copy(cls=Service)
    c, _ = _copy(name="web-9")
    assert (type(a) is type(c), type(a) is type(b), type(a).__name__, type(b).__name__,
            issubclass(type(b), Service)) == (True, False, "Pod", "Service", True)
