"""The cluster design: every object, the network settings and the diagram layout.

:class:`Cluster` is the single source of truth that the editor changes. Every change goes through a method
that validates first and then emits a :class:`~explorer.model.events.ChangeEvent` on ``changed``.
Objects are immutable values (see :mod:`explorer.model.objects`), so :meth:`Cluster.copy` is cheap.
"""

from __future__ import annotations

from itertools import islice
from typing import Iterable, Iterator

from explorer.model import events as ev
from explorer.model.errors import DuplicateObjectError, ObjectNotFoundError, ValidationError
from explorer.model.network import NetworkConfig
from explorer.model.objects import KubeObject, ObjectKey, from_dict
from explorer.model.validation import Problem, validate_object


class Cluster:
    """An ordered collection of Kubernetes objects plus network settings and diagram positions.

    Objects keep their insertion order, which is the order files are written in.
    """

    def __init__(self, network: NetworkConfig | None = None):
        self.network = (network or NetworkConfig()).validated()
        self._objects: dict[ObjectKey, KubeObject] = {}
        self._by_kind: dict[str, dict[ObjectKey, KubeObject]] = {}
        self._namespace_use: dict[str, int] = {}   # namespace -> number of objects in it (kept by _store/_drop)
        self.layout: dict[ObjectKey, tuple[float, float]] = {}
        self.changed = ev.Signal()

    # reading -------------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._objects)

    def __contains__(self, key) -> bool:
        return key in self._objects

    def __iter__(self) -> Iterator[KubeObject]:
        return iter(list(self._objects.values()))

    def get(self, key: ObjectKey) -> KubeObject:
        """The object with ``key``; raises :class:`ObjectNotFoundError`."""
        try:
            return self._objects[key]
        except KeyError:
            raise ObjectNotFoundError(key) from None

    def find(self, kind: str, name: str, namespace: str = "") -> KubeObject | None:
        """The object or None. ``namespace`` defaults to "default" for namespaced kinds."""
        obj = self._objects.get((kind, namespace, name))
        if obj is None and not namespace:
            obj = self._objects.get((kind, "default", name))
        return obj

    def objects(self, kind: str | None = None, namespace: str | None = None) -> list:
        """Objects of ``kind`` (all kinds when None), optionally only those in ``namespace``."""
        values = self._objects.values() if kind is None else self._by_kind.get(kind, {}).values()
        if namespace is None:
            return list(values)
        return [o for o in values if o.namespace == namespace]

    def count(self, kind: str) -> int:
        """How many objects of ``kind`` (no list is made: cheap on a 150,000-pod cluster)."""
        return len(self._by_kind.get(kind, ()))

    def kinds(self) -> dict[str, int]:
        """{kind: count} in first-seen order."""
        return {k: len(v) for k, v in self._by_kind.items() if v}

    def nodes(self) -> list:
        return self.objects("Node")

    def pods(self, namespace: str | None = None) -> list:
        return self.objects("Pod", namespace)

    def namespaces(self) -> list[str]:
        """Every namespace named by a Namespace object or used by an object, sorted."""
        names = {o.name for o in self.objects("Namespace")}
        names.update(self._namespace_use)
        return sorted(names)

    def position(self, key: ObjectKey):
        return self.layout.get(key)

    # editing -------------------------------------------------------------------------------------------
    def add(self, obj, validate: bool = True) -> KubeObject:
        """Add an object (a KubeObject or a dict). Raises :class:`ValidationError` when invalid and
        :class:`DuplicateObjectError` when the key is taken. Returns the added object."""
        obj = _wrap(obj)
        if validate:
            _check(obj)
        key = obj.key
        if key in self._objects:
            raise DuplicateObjectError(key)
        self._store(key, obj)
        self.changed.emit(ev.ChangeEvent(ev.ADDED, key, None, obj))
        return obj

    def add_read(self, obj: KubeObject, key: ObjectKey | None = None) -> None:
        """Add an object a reader checked and whose key (``key``, or None: its own) it knows to be new here: no
        check, no event (a reader fills a new cluster an object at a time, before anyone listens to it)."""
        self._store(obj.key if key is None else key, obj)

    def reader_for(self, kind: str, namespace: str):
        """:meth:`add_read` for many objects of ``kind`` in ``namespace`` (``""``: cluster-scoped): a function
        ``add(key, obj)`` for objects whose key (of that kind and namespace) a reader knows to be new here (a
        150,000-pod read: ~0.05 s less than as many add_read calls)."""
        objects, by_kind, use = self._objects, self._by_kind, self._namespace_use

        def add(key, obj) -> None:
            objects[key] = obj
            same = by_kind.get(kind)
            if same is None:
                same = by_kind[kind] = {}
            same[key] = obj
            if namespace:
                use[namespace] = use.get(namespace, 0) + 1
        return add

    def add_many(self, objs: Iterable, validate: bool = True) -> list:
        """Add many objects at once and emit one RESET event. All-or-nothing: on any error nothing is added."""
        wrapped = [_wrap(o) for o in objs]
        seen = set()
        for obj in wrapped:
            if validate:
                _check(obj)
            key = obj.key
            if key in self._objects or key in seen:
                raise DuplicateObjectError(key)
            seen.add(key)
        for obj in wrapped:
            self._store(obj.key, obj)
        self.changed.emit(ev.ChangeEvent(ev.RESET, None))
        return wrapped

    def remove(self, key: ObjectKey) -> KubeObject:
        """Remove and return the object; raises :class:`ObjectNotFoundError`. Its position goes too."""
        obj = self.get(key)
        self._drop(key)
        self.layout.pop(key, None)
        self.changed.emit(ev.ChangeEvent(ev.REMOVED, key, obj, None))
        return obj

    def replace(self, obj, validate: bool = True, old_key: ObjectKey | None = None) -> KubeObject:
        """Replace the object with the same key (or ``old_key``, which renames it, keeping its place).

        Raises :class:`ObjectNotFoundError`, :class:`ValidationError`, or :class:`DuplicateObjectError`
        when a rename collides.
        """
        obj = _wrap(obj)
        if validate:
            _check(obj)
        key = obj.key
        old_key = old_key or key
        old = self.get(old_key)
        if old_key != key:
            if key in self._objects:
                raise DuplicateObjectError(key)
            items = [(key if k == old_key else k, obj if k == old_key else v) for k, v in self._objects.items()]
            self._drop(old_key)
            self._store(key, obj)
            self._objects = dict(items)
            if old_key in self.layout:
                self.layout[key] = self.layout.pop(old_key)
            self.changed.emit(ev.ChangeEvent(ev.REMOVED, old_key, old, None))
            self.changed.emit(ev.ChangeEvent(ev.ADDED, key, None, obj))
            return obj
        self._store(key, obj)
        self.changed.emit(ev.ChangeEvent(ev.CHANGED, key, old, obj))
        return obj

    def set_position(self, key: ObjectKey, pos) -> None:
        """Set (x, y) of an object in the diagram, or None to forget it. Raises ObjectNotFoundError."""
        self.get(key)
        old = self.layout.get(key)
        if pos is None:
            self.layout.pop(key, None)
        else:
            pos = (float(pos[0]), float(pos[1]))
            self.layout[key] = pos
        if old != pos:
            self.changed.emit(ev.ChangeEvent(ev.MOVED, key, old, pos))

    def set_network(self, network: NetworkConfig) -> None:
        """Replace the network settings; raises :class:`InvalidValueError` if they are invalid."""
        old = self.network
        self.network = network.validated()
        if old != network:
            self.changed.emit(ev.ChangeEvent(ev.NETWORK, None, old, network))

    def clear(self) -> None:
        self._objects.clear()
        self._by_kind.clear()
        self._namespace_use.clear()
        self.layout.clear()
        self.changed.emit(ev.ChangeEvent(ev.RESET, None))

    def copy(self) -> "Cluster":
        """An independent cluster sharing the (immutable) objects; subscribers are not copied."""
        other = Cluster.__new__(Cluster)
        other.network = self.network
        other._objects = dict(self._objects)
        other._by_kind = {k: dict(v) for k, v in self._by_kind.items()}
        other._namespace_use = dict(self._namespace_use)
        other.layout = dict(self.layout)
        other.changed = ev.Signal()
        return other

    def copy_steps(self, chunk: int = 20_000):
        """:meth:`copy` as a generator that yields after about every ``chunk`` entries copied and returns the
        copy (copying 150,000 objects takes 20-50 ms in one go). The cluster must not change until it is done:
        a dict changed meanwhile raises RuntimeError."""
        other = Cluster.__new__(Cluster)
        other.network = self.network
        other._objects = yield from _copied_steps(self._objects, chunk)
        other._by_kind = {}
        for kind, objs in list(self._by_kind.items()):
            other._by_kind[kind] = yield from _copied_steps(objs, chunk)
        other._namespace_use = dict(self._namespace_use)
        other.layout = dict(self.layout)
        other.changed = ev.Signal()
        return other

    def same_design(self, other: "Cluster") -> bool:
        """True when both hold equal objects in the same order, equal network settings and layout."""
        return (self.network == other.network and list(self._objects) == list(other._objects)
                and all(self._objects[k] == other._objects[k] for k in self._objects)
                and self.layout == other.layout)

    def _store(self, key, obj) -> None:
        if key not in self._objects and key[1]:
            self._namespace_use[key[1]] = self._namespace_use.get(key[1], 0) + 1
        self._objects[key] = obj
        self._by_kind.setdefault(key[0], {})[key] = obj

    def _drop(self, key) -> None:
        del self._objects[key]
        del self._by_kind[key[0]][key]
        if key[1]:
            left = self._namespace_use[key[1]] - 1
            if left:
                self._namespace_use[key[1]] = left
            else:
                del self._namespace_use[key[1]]


def _wrap(obj) -> KubeObject:
    if isinstance(obj, KubeObject):
        return obj
    if isinstance(obj, dict):
        return from_dict(obj)
    raise ValidationError([Problem((), f"an object must be a mapping, got {type(obj).__name__}")])


def _check(obj: KubeObject) -> None:
    errors = [p for p in validate_object(obj.raw) if p.severity == "error"]
    if errors:
        raise ValidationError(errors, obj.key if isinstance(obj.raw, dict) else None)


def _copied_steps(source: dict, chunk: int):
    """A copy of ``source`` made ``chunk`` entries at a time, yielding in between (see ``Cluster.copy_steps``)."""
    out: dict = {}
    items = iter(source.items())
    while True:
        before = len(out)
        out.update(islice(items, chunk))
        if len(out) - before < chunk:
            return out
        yield
