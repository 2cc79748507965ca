"""The adapter between kubectl's writes and the Simulator's recorded operations.

The Simulator records every operation as an input for its timeline *before* applying it, so an operation
that fails would stay recorded and fail again on replay. These helpers therefore check first what the API
server would reject (availability, validation, missing namespace, missing object) and only then call the
Simulator (``apply``, ``delete``, ``delete_pod``, ``scale``, ``cordon``, ``uncordon``). Labels, taints,
annotations and rollout edits have no dedicated Simulator operation: they are recorded as ``apply`` of the
edited object. All raise :class:`~explorer.sim.api.ApiError` as the API server would.
"""

from __future__ import annotations

import copy

from explorer.model.errors import format_path
from explorer.model.objects import from_dict
from explorer.model.validation import validate_object
from explorer.sim.api import ApiError, not_found
from explorer.sim.resources import is_namespaced

# fields the API server owns; a manifest never changes them
_SERVER_META = ("uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
                "deletionGracePeriodSeconds", "managedFields", "selfLink")


def _validate(raw: dict) -> None:
    errors = [p for p in validate_object(raw) if p.severity == "error"]
    if errors:
        name = (raw.get("metadata") or {}).get("name", "")
        details = ", ".join(f"{format_path(p.path)}: {p.message}" if p.path else p.message for p in errors)
        raise ApiError("Invalid", f'{raw.get("kind", "")} "{name}" is invalid: {details}')


def existing(sim, raw: dict):
    """The stored object with the identity of ``raw``, or None."""
    probe = from_dict(raw)
    return sim.store.objects.get(probe.key)


def create(sim, raw: dict):
    """Create ``raw`` through ``Simulator.apply``; raises AlreadyExists, Invalid, NotFound (namespace)."""
    sim.api.check_available()
    _validate(raw)
    probe = from_dict(raw)
    if probe.key in sim.store.objects:
        from explorer.kubectl.resources import for_kind
        raise ApiError("AlreadyExists", f'{for_kind(probe.kind).resource} "{probe.name}" already exists')
    if probe.namespaced and ("Namespace", "", probe.namespace) not in sim.store.objects:
        raise ApiError("NotFound", f'namespaces "{probe.namespace}" not found')
    return sim.apply(raw)


def update(sim, raw: dict):
    """Replace an existing object with ``raw`` (an edited copy of the stored one) through ``apply``."""
    sim.api.check_available()
    _validate(raw)
    if existing(sim, raw) is None:
        probe = from_dict(raw)
        raise not_found(probe.kind, probe.name)
    return sim.apply(raw)


def edit(sim, obj, change) -> object:
    """Apply ``change(raw)`` to a deep copy of the stored ``obj`` and record it; returns the stored result."""
    raw = copy.deepcopy(obj.raw)
    change(raw)
    return update(sim, raw)


def delete(sim, kind: str, namespace: str, name: str):
    """Delete through the Simulator (pods: ``delete_pod``, so running pods terminate gracefully)."""
    sim.api.check_available()
    obj = sim.api.get(kind, namespace if is_namespaced(kind) else "", name)
    if kind == "Pod":
        sim.delete_pod(obj.namespace, name)
    else:
        sim.delete(kind, obj.namespace, name)
    return obj


_MERGE_KEYS = ("name", "port", "containerPort")   # strategic-merge keys of the lists that have them


def merge(base, patch):
    """``kubectl apply`` approximated as a two-way strategic merge: maps merge key by key; lists of objects
    that all carry a merge key (``name``, Service ``port``, ``containerPort``) merge item by item in the
    manifest's order; other lists and scalars from the manifest replace the stored value."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for k, v in patch.items():
            out[k] = merge(base.get(k), v) if k in base else copy.deepcopy(v)
        return out
    if isinstance(base, list) and isinstance(patch, list) and patch and \
            all(isinstance(x, dict) for x in base + patch):
        for key in _MERGE_KEYS:
            if all(key in x for x in base + patch):
                stored = {x[key]: x for x in base}
                return [merge(stored[x[key]], x) if x[key] in stored else copy.deepcopy(x) for x in patch]
    return copy.deepcopy(patch)


def applied(stored, manifest: dict) -> dict:
    """The object ``kubectl apply`` of ``manifest`` over ``stored`` would store."""
    manifest = dict(manifest)
    meta = {k: v for k, v in (manifest.get("metadata") or {}).items() if k not in _SERVER_META}
    manifest["metadata"] = meta
    manifest.pop("status", None)
    return merge(stored.raw, manifest)


def same(a: dict, b: dict) -> bool:
    """Equal apart from resourceVersion."""
    def strip(raw):
        meta = {k: v for k, v in (raw.get("metadata") or {}).items() if k != "resourceVersion"}
        return dict(raw, metadata=meta)
    return strip(a) == strip(b)


PROTECTED_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")


def delete_namespace(sim, name: str) -> list:
    """Delete a namespace and, as Kubernetes' namespace controller would (the simulator has none), every
    object in it: workloads first, then the rest. Returns the deleted objects (pods included, so callers can
    wait for them). Raises Forbidden for the namespaces Kubernetes refuses to delete, NotFound when absent."""
    sim.api.check_available()
    if name in PROTECTED_NAMESPACES:
        raise ApiError("Forbidden", f'namespaces "{name}" is forbidden: this namespace may not be deleted')
    ns = sim.api.get("Namespace", "", name)
    order = ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Pod")
    contents = [o for o in list(sim.store.objects.values()) if o.namespaced and o.namespace == name]
    contents.sort(key=lambda o: order.index(o.kind) if o.kind in order else len(order))
    gone = []
    for obj in contents:
        current = sim.store.objects.get(obj.key)
        if current is None or current.uid != obj.uid:
            continue            # already removed by the garbage collector
        if current.kind == "Pod" and current.metadata.get("deletionTimestamp"):
            gone.append(current)
            continue
        gone.append(delete(sim, obj.kind, obj.namespace, obj.name))
    sim.delete("Namespace", "", name)
    return gone + [ns]
