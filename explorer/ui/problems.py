"""Design warnings for the Problems dock (plain Python, no Qt).

:func:`design_problems` returns :class:`Finding` values: per-object validation problems plus cluster-level
checks a reviewer would make (a Service that selects nothing, an Ingress to a missing Service, an etcd
membership that cannot survive a failure, no worker nodes).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from explorer.model import validate_object
from explorer.model.errors import format_path
from explorer.model.selectors import matches_labels
from explorer.model.validation import ValidationMemo

STEP = 200      # objects validated between two yields of the generator forms (~10 ms)...
STEP_S = 0.01   # ...or fewer when they take longer than this (100 Ingresses of 20 rules each: 58 ms in one step)
CROSS_STEP = 2000   # objects looked at between two yields of the cross-object checks (a few ms)


@dataclass(frozen=True)
class Finding:
    severity: str        # "error" | "warning" | "info"
    key: tuple | None    # the object concerned, if any
    message: str


def _t(text: str) -> str:
    return QCoreApplication.translate("Problems", text)


class ValidationCache:
    """Per-object validation findings kept between runs. Model objects are immutable, so an object seen
    before (the same Python object) has the same findings: after an edit only the changed objects are
    validated again (150,000 pods take ~2.4 s to validate). Pods whose specs are equal but for ``nodeName``
    share their spec's checks (:class:`~explorer.model.validation.ValidationMemo`, kept between runs: the
    same problems, found faster). Not thread-safe: one run at a time."""

    def __init__(self):
        self._by_id: dict = {}      # id(obj) -> (obj, findings); holding obj keeps its id unique
        self._memo = ValidationMemo()

    def findings(self, cluster) -> list:
        return _run(self.findings_steps(cluster))

    def findings_steps(self, cluster):
        """Generator form of :meth:`findings` (yields every :data:`STEP` objects, or sooner once a step has
        taken :data:`STEP_S`; returns the list).
        Stopping it half-way keeps what was validated so far."""
        fresh: dict = {}
        out: list = []
        old, memo = self._by_id, self._memo
        due = time.perf_counter() + STEP_S
        for i, obj in enumerate(cluster.objects()):
            if i % STEP == STEP - 1 or (i % 8 == 7 and time.perf_counter() > due):
                yield
                due = time.perf_counter() + STEP_S
            hit = old.get(id(obj))
            if hit is None or hit[0] is not obj:
                hit = (obj, _findings(obj, validate_object(obj.raw, memo)))
                old[id(obj)] = hit      # kept even if this run is abandoned
            fresh[id(obj)] = hit
            out.extend(hit[1])
        self._by_id = fresh
        return out

    def seed_steps(self, objects, object_problems: dict):
        """Take what a load already found (a generator: yields every :data:`STEP` objects). Every one of
        ``objects`` (the loaded cluster's, as loaded) was checked with ``validate_object``, and
        ``object_problems`` holds, by key, the problems of those it found something about
        (:attr:`explorer.io.LoadResult.object_problems`); a run afterwards validates none of them again (2.4 s
        of the window's time at 150,000 pods). Entries are kept by identity, so an object edited since the
        load (a new object) is validated afresh."""
        by_id = self._by_id
        none = ()
        for i, obj in enumerate(objects):
            if i % STEP == STEP - 1:
                yield
            if id(obj) not in by_id:
                problems = object_problems.get(obj.key)
                by_id[id(obj)] = (obj, _findings(obj, problems) if problems else none)


def _findings(obj, problems) -> list:
    """The Problems dock's findings for what ``validate_object`` said about ``obj``."""
    found = []
    for p in problems:
        where = format_path(p.path)
        found.append(Finding(p.severity, obj.key, f"{obj.kind} {obj.name}: {where + ': ' if where else ''}{p.message}"))
    return found


def _run(steps):
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value


def design_problems(cluster, cache: ValidationCache | None = None, checked: tuple | None = None) -> list[Finding]:
    """Every finding for ``cluster``, errors first, then in object order. ``cache`` reuses the findings of
    objects validated in an earlier run; ``checked``: see :func:`design_problems_steps`."""
    return _run(design_problems_steps(cluster, cache, checked))


def design_problems_steps(cluster, cache: ValidationCache | None = None, checked: tuple | None = None):
    """Generator form of :func:`design_problems`: yields every :data:`STEP` objects (or a few Services),
    returns the findings. The window runs it a few steps per event-loop turn on big designs. ``checked``:
    ``(loaded objects, object_problems)`` of a load, taken into ``cache`` first
    (:meth:`ValidationCache.seed_steps`)."""
    cache = cache or ValidationCache()
    if checked is not None:
        yield from cache.seed_steps(*checked)
    out: list[Finding] = yield from cache.findings_steps(cluster)
    pods = cluster.objects("Pod")
    pods_in: dict = {}          # a Service selects only in its own namespace: look there only
    for i, p in enumerate(pods):
        if i % CROSS_STEP == CROSS_STEP - 1:
            yield
        pods_in.setdefault(p.namespace, []).append(p)
    deployments_in: dict = {}
    for d in cluster.objects("Deployment"):
        if d.replicas > 0:
            deployments_in.setdefault(d.namespace, []).append(d)
    work = 0
    for svc in cluster.objects("Service"):
        work += 1
        if not svc.selector:
            continue
        same_ns = svc.namespace
        selected = False
        for d in deployments_in.get(same_ns, ()):
            work += 1
            if matches_labels(svc.selector, d.template_labels):
                selected = True
                break
        if not selected:
            for p in pods_in.get(same_ns, ()):
                work += 1
                if work >= CROSS_STEP:
                    work = 0
                    yield
                if svc.selects(p):
                    selected = True
                    break
        if work >= CROSS_STEP:
            work = 0
            yield
        if not selected:
            out.append(Finding("warning", svc.key, _t("Service {0} selects no pods").format(svc.name)))
    services = {(s.namespace, s.name) for s in cluster.objects("Service")}
    classes = {c.name for c in cluster.objects("IngressClass")}
    for ing in cluster.objects("Ingress"):
        for name in ing.backend_services:
            if (ing.namespace, name) not in services:
                out.append(Finding("warning", ing.key, _t("Ingress {0} routes to Service {1}, which does not exist").format(
                    ing.name, name)))
        if ing.ingress_class_name and classes and ing.ingress_class_name not in classes:
            out.append(Finding("warning", ing.key, _t("Ingress {0}: IngressClass {1} does not exist").format(
                ing.name, ing.ingress_class_name)))
    nodes = cluster.nodes()
    members = [n for n in nodes if n.is_control_plane]
    etcd = set()
    for i, p in enumerate(pods):
        if i % CROSS_STEP == CROSS_STEP - 1:
            yield
        if p.is_static and p.labels.get("component") == "etcd":
            etcd.add(p.node_name)
    etcd_members = [n for n in members if n.name in etcd]
    count = len(etcd_members)
    if count == 2:
        out.append(Finding("warning", None, _t("2 control-plane members: losing one loses etcd quorum")))
    elif count and count % 2 == 0:
        out.append(Finding("warning", None, _t("{0} control-plane members: an even number tolerates no more failures than {1}").format(
            count, count - 1)))
    elif count == 1:
        out.append(Finding("info", members[0].key if members else None,
                           _t("1 control-plane member: the cluster's API goes down with it")))
    if nodes and not members:
        out.append(Finding("warning", None, _t("No control-plane node: nothing runs the API server or the scheduler")))
    if not nodes and (any(d.replicas for d in cluster.objects("Deployment")) or
                      any(not p.is_static for p in pods)):
        out.append(Finding("info", None, _t("No nodes: the pods have nowhere to run; add a Control plane and "
                                            "Worker nodes from the palette")))
    workers = [n for n in nodes if not n.is_control_plane]
    if nodes and not workers:
        out.append(Finding("warning", None, _t("No worker nodes: ordinary pods cannot be scheduled "
                                               "(control-plane nodes are tainted NoSchedule)")))
    names = {n.name for n in nodes}
    for i, pod in enumerate(pods):
        if i % CROSS_STEP == CROSS_STEP - 1:
            yield
        if pod.node_name and pod.node_name not in names:
            out.append(Finding("warning", pod.key, _t("Pod {0} is pinned to node {1}, which does not exist").format(
                pod.name, pod.node_name)))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(out, key=lambda f: order.get(f.severity, 3))
