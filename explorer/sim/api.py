"""The simulated kube-apiserver and its etcd store.

:class:`Store` is etcd: every object by key, a global ``resourceVersion`` and the indexes controllers use as
informers would (pods by node, dependents by owner uid). :class:`ApiServer` is the only way controllers,
kubelets, the scheduler and users read and write it: it stamps ``uid``, ``creationTimestamp``,
``resourceVersion`` and ``generation``, validates, runs admission hooks, checks optimistic concurrency, and
notifies watchers. When no API server is reachable or etcd has lost quorum every call raises
``ApiError(ServiceUnavailable)``.
"""

from __future__ import annotations

import re

from explorer.model.objects import KubeObject, from_dict
from explorer.model.selectors import matches_label_selector
from explorer.model.validation import validate_object
from explorer.model.errors import format_path
from explorer.sim.cooperative import exhaust
from explorer.sim.patch import assoc
from explorer.sim.resources import canonical_kind, is_namespaced, resource_name

_CODES = {"NotFound": 404, "AlreadyExists": 409, "Conflict": 409, "Invalid": 422, "ServiceUnavailable": 503,
          "BadRequest": 400, "InternalError": 500, "Forbidden": 403}


class ApiError(Exception):
    """An error the API server returns. ``reason`` ("NotFound", "AlreadyExists", "Invalid", "Conflict",
    "ServiceUnavailable", ...), ``code`` (404, ...), ``message`` in kubectl's words (``pods "x" not found``).

    ``str(e)`` is what kubectl prints: ``Error from server (NotFound): pods "x" not found``.
    """

    def __init__(self, reason: str, message: str, code: int | None = None):
        super().__init__(message)
        self.reason = reason
        self.code = code or _CODES.get(reason, 500)
        self.message = message

    def __str__(self) -> str:
        return f"Error from server ({self.reason}): {self.message}"


def not_found(kind: str, name: str) -> ApiError:
    return ApiError("NotFound", f'{resource_name(kind)} "{name}" not found')


class Store:
    """etcd: objects, per kind, and informer-style indexes.

    Every change is journaled as (key, previous object, previous creation order), so a snapshot of the store
    is just a :meth:`mark` and going back is :meth:`undo_to` (cost proportional to the changes since, not to
    the cluster's size). ``order`` keeps each object's creation order, so views stay in a stable order
    whatever was undone. :meth:`state` / :meth:`load` are full copies for snapshots kept outside the journal.
    """

    def __init__(self):
        self.objects: dict[tuple, KubeObject] = {}
        self.by_kind: dict[str, dict[tuple, KubeObject]] = {}
        self.pods_by_node: dict[str, dict[tuple, None]] = {}
        self.dependents: dict[str, dict[tuple, None]] = {}
        self.by_uid: dict[str, tuple] = {}
        self.order: dict[tuple, int] = {}
        self.resource_version = 0
        self.journal: list = [("<journal start>", None, None)]   # a unique first entry: marks never outlive it
        self._seq = 0
        self.changes = 0      # grows on every change, undo and load (never restored): a cache key
        self.touched: dict | None = {}   # keys changed since the last take_touched(); None: everything

    def put(self, obj: KubeObject) -> None:
        key = obj.key
        old = self.objects.get(key)
        self.journal.append((key, old, self.order.get(key)))
        if old is None:
            self._seq += 1
            self.order[key] = self._seq
        self._set(key, old, obj)

    def remove(self, key: tuple) -> KubeObject | None:
        old = self.objects.get(key)
        if old is not None:
            self.journal.append((key, old, self.order.pop(key, None)))
            self._set(key, old, None)
        return old

    def _set(self, key, old, new) -> None:
        self.changes += 1
        if self.touched is not None:
            self.touched[key] = None
        if old is not None:
            self._unindex(key, old)
        if new is None:
            del self.objects[key]
            del self.by_kind[key[0]][key]
        else:
            self.objects[key] = new
            self.by_kind.setdefault(key[0], {})[key] = new
            self._index(key, new)

    def take_touched(self) -> dict | None:
        """The keys changed (put, removed, undone) since the previous call, as a dict {key: None} in the
        order they were first changed; None when everything may have changed (:meth:`load`). Starts afresh."""
        touched, self.touched = self.touched, {}
        return touched

    def ordered(self) -> list:
        """Every object in creation order (an object without one comes first, in storage order).

        Each object goes into the slot of its creation number: a Python loop, so other threads get the GIL
        between two bytecodes. ``sorted`` with a C key did it in one C call that held the GIL for 50-160 ms
        at 150,000 pods, and the window, waiting for a worker that was building a simulator, froze meanwhile.
        """
        return exhaust(self.ordered_steps(None))

    def ordered_steps(self, pacer):
        """:meth:`ordered` as a generator (see :mod:`explorer.sim.cooperative`) that yields when ``pacer`` (or
        None: never) is due: ~50 ms at 150,000 pods. Nothing may change the store meanwhile."""
        objects, order, seq = self.objects, self.order, self._seq
        slots = [None] * (seq + 1)
        first = []
        get = order.get
        for n, (key, obj) in enumerate(objects.items()):
            if pacer is not None and not n % 1024 and pacer.due():
                yield
            i = get(key)
            if i is None:
                first.append(obj)
            elif 0 < i <= seq and slots[i] is None:
                slots[i] = obj
            else:       # never made by put/undo/load (numbers are unique and at most _seq): sort, as before
                return sorted(objects.values(), key=lambda o: get(o.key, 0))
        first += [obj for obj in slots if obj is not None]
        return first

    def _index(self, key, obj) -> None:
        meta = obj.raw.get("metadata") or {}
        uid = meta.get("uid")
        if uid:
            self.by_uid[uid] = key
        for ref in meta.get("ownerReferences") or ():
            self.dependents.setdefault(ref.get("uid", ""), {})[key] = None
        if key[0] == "Pod":
            node = (obj.raw.get("spec") or {}).get("nodeName")
            if node:
                self.pods_by_node.setdefault(node, {})[key] = None

    def _unindex(self, key, obj) -> None:
        meta = obj.raw.get("metadata") or {}
        uid = meta.get("uid")
        if uid and self.by_uid.get(uid) == key:
            del self.by_uid[uid]
        for ref in meta.get("ownerReferences") or ():
            deps = self.dependents.get(ref.get("uid", ""))
            if deps is not None:
                deps.pop(key, None)
                if not deps:
                    del self.dependents[ref.get("uid", "")]
        if key[0] == "Pod":
            node = (obj.raw.get("spec") or {}).get("nodeName")
            if node:
                pods = self.pods_by_node.get(node)
                if pods is not None:
                    pods.pop(key, None)

    # snapshots -----------------------------------------------------------------------------------------
    def mark(self) -> tuple:
        """A cheap snapshot: the journal position and its last entry (see :meth:`valid`)."""
        n = len(self.journal)
        return (n, self.resource_version, self._seq, self.journal[n - 1])

    def valid(self, mark: tuple) -> bool:
        """True while the journal still holds exactly the history up to ``mark`` (not undone past it, not
        rewritten, not reset)."""
        n = mark[0]
        return n <= len(self.journal) and self.journal[n - 1] is mark[3]

    def undo_to(self, mark: tuple) -> dict:
        """Undo every change after ``mark`` (which must be :meth:`valid`); returns {key: (object before the
        undo, object after)}."""
        n, rv, seq, _ = mark
        changed: dict = {}
        journal = self.journal
        for i in range(len(journal) - 1, n - 1, -1):
            key, old, order = journal[i]
            current = self.objects.get(key)
            if key in changed:
                changed[key] = (changed[key][0], old)
            else:
                changed[key] = (current, old)
            if current is not None or old is not None:
                self._set(key, current, old)
            if order is None:
                self.order.pop(key, None)
            else:
                self.order[key] = order
        del journal[n:]
        self.resource_version, self._seq = rv, seq
        # objects brought back by the undo were appended; put their kinds back in creation order, which
        # controllers and the scheduler iterate in (so a replay decides exactly as the original run did)
        revived = {k[0] for k, (before, after) in changed.items() if before is None and after is not None}
        order = self.order
        for kind in revived:
            items = self.by_kind.get(kind)
            if items:
                self.by_kind[kind] = dict(sorted(items.items(), key=lambda kv: order.get(kv[0], 0)))
        return changed

    def state(self) -> tuple:
        """A full copy (objects are shared, they are immutable)."""
        return (dict(self.objects), {k: dict(v) for k, v in self.by_kind.items()},
                {k: dict(v) for k, v in self.pods_by_node.items()},
                {k: dict(v) for k, v in self.dependents.items()}, dict(self.by_uid), dict(self.order),
                self.resource_version, self._seq)

    def load(self, state: tuple) -> dict:
        """Replace everything with a full copy; the journal starts afresh. Returns {key: (before, after)}
        for the objects that differ."""
        objects, by_kind, pods_by_node, dependents, by_uid, order, self.resource_version, self._seq = state
        changed = {k: (v, objects.get(k)) for k, v in self.objects.items() if objects.get(k) is not v}
        changed.update({k: (None, v) for k, v in objects.items() if k not in self.objects})
        self.objects = dict(objects)
        self.by_kind = {k: dict(v) for k, v in by_kind.items()}
        self.pods_by_node = {k: dict(v) for k, v in pods_by_node.items()}
        self.dependents = {k: dict(v) for k, v in dependents.items()}
        self.by_uid = dict(by_uid)
        self.order = dict(order)
        self.journal = [("<journal start>", None, None)]
        self.changes += 1
        self.touched = None
        return changed


def parse_selector(text: str) -> dict:
    """kubectl's label selector syntax (``a=b,c!=d,e in (x,y),f notin (z),g,!h``) as a LabelSelector dict.

    Raises ApiError(BadRequest) on a malformed selector.
    """
    match_labels, exprs = {}, []
    parts = re.findall(r"[^,(]+(?:\([^)]*\))?", text or "")
    for part in (p.strip() for p in parts):
        if not part:
            continue
        m = re.fullmatch(r"([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)", part)
        if m:
            values = [v.strip() for v in m.group(3).split(",") if v.strip()]
            exprs.append({"key": m.group(1), "operator": "In" if m.group(2) == "in" else "NotIn", "values": values})
            continue
        m = re.fullmatch(r"([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)", part)
        if m:
            if m.group(2) == "!=":
                exprs.append({"key": m.group(1), "operator": "NotIn", "values": [m.group(3)]})
            else:
                match_labels[m.group(1)] = m.group(3)
            continue
        m = re.fullmatch(r"(!?)([\w./-]+)", part)
        if m:
            exprs.append({"key": m.group(2), "operator": "DoesNotExist" if m.group(1) else "Exists"})
            continue
        raise ApiError("BadRequest", f"unable to parse requirement: {part!r}")
    out = {}
    if match_labels:
        out["matchLabels"] = match_labels
    if exprs:
        out["matchExpressions"] = exprs
    return out


class ApiServer:
    """The API every component goes through.

    ``gate()`` returns None while the API is available, else the ServiceUnavailable message.
    ``clock()`` gives the simulated time (for creationTimestamp). ``hooks`` is an object with optional
    ``admit_create(obj) -> obj``, ``admit_update(old, new) -> new``, ``admit_delete(obj) -> obj | None``
    (return an object to keep it, marked for deletion) and ``new_uid() -> str``, ``timestamp() -> str``.
    Watchers are called as ``fn(kind, old, new)`` after each change (old None on create, new None on delete).
    """

    def __init__(self, store: Store | None = None, gate=None, hooks=None):
        self.store = store or Store()
        self._gate = gate or (lambda: None)
        self.hooks = hooks
        self.watchers: list = []

    @property
    def resource_version(self) -> int:
        return self.store.resource_version

    def check_available(self) -> None:
        """Raise ApiError(ServiceUnavailable) when no API server answers or etcd has no quorum."""
        message = self._gate()
        if message:
            raise ApiError("ServiceUnavailable", message)

    # reads ---------------------------------------------------------------------------------------------
    def get(self, kind: str, namespace: str, name: str) -> KubeObject:
        """The object; raises ApiError NotFound (``pods "x" not found``) or ServiceUnavailable."""
        self.check_available()
        kind = canonical_kind(kind)
        key = (kind, (namespace or "default") if is_namespaced(kind) else "", name)
        obj = self.store.objects.get(key)
        if obj is None:
            raise not_found(kind, name)
        return obj

    def list(self, kind: str, namespace: str | None = None, label_selector=None) -> list:
        """Objects of ``kind`` sorted by namespace and name; ``namespace`` None means all namespaces.

        ``label_selector`` is a LabelSelector dict, a plain ``{key: value}`` map, or kubectl's string syntax.
        """
        self.check_available()
        kind = canonical_kind(kind)
        values = self.store.by_kind.get(kind, {}).values()
        if namespace is not None and is_namespaced(kind):
            values = [o for o in values if o.namespace == namespace]
        selector = None
        if isinstance(label_selector, str):
            selector = parse_selector(label_selector)
        elif isinstance(label_selector, dict) and label_selector:
            selector = label_selector if ("matchLabels" in label_selector or "matchExpressions" in label_selector) \
                else {"matchLabels": label_selector}
        if selector:
            values = [o for o in values if matches_label_selector(selector, o.labels)]
        return sorted(values, key=lambda o: (o.namespace, o.name))

    # writes --------------------------------------------------------------------------------------------
    def create(self, obj, validate: bool = True) -> KubeObject:
        """Store a new object. Raises ApiError AlreadyExists, Invalid, NotFound (namespace missing) or
        ServiceUnavailable. Returns the stored object (uid, resourceVersion, defaults filled in).

        ``validate=False`` is for controllers creating objects from an already validated template."""
        self.check_available()
        obj = obj if isinstance(obj, KubeObject) else from_dict(obj)
        raw = obj.raw
        meta = dict(raw.get("metadata") or {})
        kind = raw.get("kind", "")
        if not meta.get("name") and meta.get("generateName") and self.hooks is not None:
            meta["name"] = self.hooks.generate_name(meta["generateName"])
        if is_namespaced(kind):
            meta["namespace"] = meta.get("namespace") or "default"
        raw = dict(raw, metadata=meta)
        if validate:
            self._validate(kind, meta.get("name", ""), raw)
        key = (kind, meta.get("namespace", "") if is_namespaced(kind) else "", meta["name"])
        if key in self.store.objects:
            raise ApiError("AlreadyExists", f'{resource_name(kind)} "{key[2]}" already exists')
        if key[1] and ("Namespace", "", key[1]) not in self.store.objects:
            raise ApiError("NotFound", f'namespaces "{key[1]}" not found')
        if self.hooks is not None:
            meta["uid"] = meta.get("uid") or self.hooks.new_uid()
            meta["creationTimestamp"] = meta.get("creationTimestamp") or self.hooks.timestamp()
        if "spec" in raw:
            meta["generation"] = 1
        meta.pop("resourceVersion", None)
        meta.pop("deletionTimestamp", None)
        new = from_dict(raw)
        if self.hooks is not None:
            new = self.hooks.admit_create(new)
        return self._put(None, new)

    def update(self, obj) -> KubeObject:
        """Replace an existing object. A ``metadata.resourceVersion`` that is not the stored one raises
        ApiError Conflict; also NotFound, Invalid, ServiceUnavailable."""
        self.check_available()
        obj = obj if isinstance(obj, KubeObject) else from_dict(obj)
        kind = obj.kind
        key = (kind, obj.namespace, obj.name)
        old = self.store.objects.get(key)
        if old is None:
            raise not_found(kind, obj.name)
        meta = dict(obj.raw.get("metadata") or {})
        rv = meta.get("resourceVersion")
        if rv not in (None, "") and str(rv) != old.metadata.get("resourceVersion"):
            raise ApiError("Conflict", f'Operation cannot be fulfilled on {resource_name(kind)} "{obj.name}": the '
                                       f'object has been modified; please apply your changes to the latest '
                                       f'version and try again')
        if obj.raw is old.raw:
            return old
        self._validate(kind, obj.name, obj.raw)
        old_meta = old.metadata
        for field in ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"):
            if field in old_meta:
                meta[field] = old_meta[field]
            else:
                meta.pop(field, None)
        if is_namespaced(kind):
            meta["namespace"] = obj.namespace
        generation = old_meta.get("generation")
        if generation is not None:
            meta["generation"] = generation + (1 if obj.raw.get("spec") != old.raw.get("spec") else 0)
        new = type(obj)(dict(obj.raw, metadata=meta))
        if self.hooks is not None:
            new = self.hooks.admit_update(old, new)
        return self._put(old, new)

    def delete(self, kind: str, namespace: str, name: str, grace: bool = True) -> KubeObject:
        """Delete an object; returns it. A running pod is only marked (``deletionTimestamp``) and its kubelet
        finishes the deletion; ``grace=False`` removes it at once (``--grace-period=0 --force``).
        Raises ApiError NotFound or ServiceUnavailable."""
        self.check_available()
        kind = canonical_kind(kind)
        key = (kind, (namespace or "default") if is_namespaced(kind) else "", name)
        old = self.store.objects.get(key)
        if old is None:
            raise not_found(kind, name)
        if grace and self.hooks is not None:
            if old.metadata.get("deletionTimestamp"):
                return old
            kept = self.hooks.admit_delete(old)
            if kept is not None:
                return self._put(old, kept)
        self.store.remove(key)
        self.store.resource_version += 1
        for fn in list(self.watchers):
            fn(kind, old, None)
        return old

    # internals -----------------------------------------------------------------------------------------
    def write_status(self, old: KubeObject, raw: dict) -> KubeObject:
        """Store ``raw`` as the new version of ``old`` (a controller's status write; no validation)."""
        self.check_available()
        return self._put(old, type(old)(raw))

    def _put(self, old, new: KubeObject) -> KubeObject:
        store = self.store
        store.resource_version += 1
        raw = assoc(new.raw, ("metadata", "resourceVersion"), str(store.resource_version))
        new = type(new)(raw)
        store.put(new)
        for fn in list(self.watchers):
            fn(new.kind, old, new)
        return new

    @staticmethod
    def _validate(kind: str, name: str, raw: dict) -> None:
        errors = [p for p in validate_object(raw) if p.severity == "error"]
        if errors:
            details = ", ".join(f"{format_path(p.path)}: {p.message}" if p.path else p.message for p in errors)
            raise ApiError("Invalid", f'{kind} "{name}" is invalid: {details}')
