"""Cluster.namespaces() is kept up to date incrementally; it must equal a full scan after any sequence of edits."""

from __future__ import annotations

import pytest

from explorer.model import Cluster
from explorer.model import builders as b


def scanned(cluster: Cluster) -> list[str]:
    names = {o.name for o in cluster.objects("Namespace")}
    names.update(o.namespace for o in cluster.objects() if o.namespace)
    return sorted(names)


def renamed_pod(cluster: Cluster) -> None:
    old = cluster.get(("Pod", "shop", "p"))
    new = old.edited(lambda raw: raw["metadata"].update(namespace="audit"))
    cluster.replace(new, old_key=old.key)


# name: (edits, expected namespaces)
CASES = {
    "empty": (lambda c: None, []),
    "namespace-object-only": (lambda c: c.add(b.namespace("team")), ["team"]),
    "used-without-namespace-object": (lambda c: c.add(b.pod("p", "shop")), ["shop"]),
    "cluster-scoped-kinds-name-none": (lambda c: c.add(b.worker_node("w1")), []),
    "last-object-removed": (lambda c: (c.add(b.pod("p", "shop")), c.remove(("Pod", "shop", "p"))), []),
    "one-of-two-removed": (lambda c: (c.add(b.pod("p", "shop")), c.add(b.pod("q", "shop")),
                                      c.remove(("Pod", "shop", "p"))), ["shop"]),
    "replaced-in-place-counts-once": (lambda c: (c.add(b.pod("p", "shop")),
                                                 c.replace(b.pod("p", "shop", image="nginx:1.28")),
                                                 c.remove(("Pod", "shop", "p"))), []),
    "moved-to-another-namespace": (lambda c: (c.add(b.pod("p", "shop")), renamed_pod(c)), ["audit"]),
    "add-many": (lambda c: c.add_many([b.pod("p", "a"), b.service("s", "b"), b.namespace("c")]), ["a", "b", "c"]),
    "cleared": (lambda c: (c.add(b.pod("p", "shop")), c.clear()), []),
}


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_namespaces_follow_edits(name):
    edits, expected = CASES[name]
    cluster = Cluster()
    edits(cluster)
    assert (cluster.namespaces(), scanned(cluster)) == (expected, expected)


def test_copy_keeps_its_own_namespace_counts():
    original = Cluster()
    original.add(b.pod("p", "shop"))
    copy = original.copy()
    copy.remove(("Pod", "shop", "p"))
    copy.add(b.pod("q", "other"))
    assert (original.namespaces(), copy.namespaces()) == (["shop"], ["other"])
