"""A reader fills a new cluster without checks (``Cluster.add_read``, and ``Cluster.reader_for`` for many
objects of one kind and namespace): both must leave the cluster as ``add`` would, in the same order."""

from __future__ import annotations

import pytest

from explorer.model import Cluster, from_dict


def _obj(kind: str, name: str, namespace: str | None = "shop"):
    meta = {"name": name} if namespace is None else {"name": name, "namespace": namespace}
    return from_dict({"apiVersion": "v1", "kind": kind, "metadata": meta})


def _state(cluster: Cluster) -> tuple:
    return ([o.key for o in cluster.objects()], cluster.kinds(), cluster.namespaces(),
            {k: [o.key for o in cluster.objects(k)] for k in cluster.kinds()},
            [o.key for o in cluster.objects("Pod", "shop")])


# name: the objects, in order; each run of one kind and namespace goes through one reader_for function
CASES = {
    "pods of one namespace": [_obj("Pod", f"web-{i}") for i in range(4)],
    "two namespaces, then a kind seen before": [_obj("Pod", "a"), _obj("Pod", "b", "other"), _obj("Pod", "c")],
    "cluster-scoped nodes (no namespace counted)": [_obj("Node", "n1", None), _obj("Node", "n2", None)],
    "a kind between two runs of another": [_obj("Pod", "a"), _obj("ConfigMap", "d"), _obj("Pod", "b")],
    "nothing": [],
}


@pytest.mark.parametrize("objs", CASES.values(), ids=CASES.keys())
def test_reader_for_fills_a_cluster_as_add_does(objs):
    added, read = Cluster(), Cluster()
    readers: dict = {}
    for obj in objs:
        added.add(obj)
        kind, namespace, _ = obj.key
        add = readers.get((kind, namespace)) or readers.setdefault((kind, namespace), read.reader_for(kind, namespace))
        add(obj.key, obj)
    assert _state(read) == _state(added)


def test_a_reader_for_a_kind_never_used_adds_nothing():
    cluster = Cluster()
    cluster.reader_for("Pod", "shop")
    assert _state(cluster) == _state(Cluster())
