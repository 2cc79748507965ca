"""Undoable edits of a :class:`~explorer.model.cluster.Cluster`.

A command is a value that knows how to apply itself to a cluster and how to revert that. The UI wraps each
in a ``QUndoCommand``; tests and headless tools use :class:`History`. Commands validate when applied and
raise the model's errors (:class:`ValidationError`, :class:`DuplicateObjectError`,
:class:`ObjectNotFoundError`) without changing anything, so a failed command never half-applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.model.cluster import Cluster
from explorer.model.network import NetworkConfig
from explorer.model.objects import KubeObject, ObjectKey


class Command:
    """Base class: ``apply`` then ``revert`` must leave the cluster exactly as before."""

    text = "Edit"

    def apply(self, cluster: Cluster) -> None:
        raise NotImplementedError

    def revert(self, cluster: Cluster) -> None:
        raise NotImplementedError


@dataclass
class AddObjects(Command):
    """Add objects (optionally at diagram positions). All or nothing."""

    objects: list
    positions: dict = field(default_factory=dict)   # key -> (x, y)
    text: str = "Add"

    def apply(self, cluster):
        added = cluster.add_many(self.objects) if len(self.objects) > 1 else [cluster.add(self.objects[0])]
        self.objects = added
        for key, pos in self.positions.items():
            cluster.set_position(key, pos)

    def revert(self, cluster):
        for obj in reversed(self.objects):
            cluster.remove(obj.key)


@dataclass
class RemoveObjects(Command):
    """Remove objects, remembering their place in the order and their positions for undo."""

    keys: list
    text: str = "Delete"
    _removed: list = field(default_factory=list)

    def apply(self, cluster):
        for key in self.keys:
            cluster.get(key)  # raise before changing anything
        order = {k: i for i, k in enumerate(o.key for o in cluster)}
        self._removed = [(order[k], cluster.get(k), cluster.position(k)) for k in self.keys]
        for key in self.keys:
            cluster.remove(key)

    def revert(self, cluster):
        for index, obj, pos in sorted(self._removed, key=lambda t: t[0]):
            cluster.add(obj, validate=False)
            _move_to_index(cluster, obj.key, index)
            if pos is not None:
                cluster.set_position(obj.key, pos)


def _move_to_index(cluster: Cluster, key: ObjectKey, index: int) -> None:
    items = list(cluster._objects.items())  # noqa: SLF001 - order restoration is the model's own business
    current = next(i for i, (k, _) in enumerate(items) if k == key)
    item = items.pop(current)
    items.insert(min(index, len(items)), item)
    cluster._objects = dict(items)  # noqa: SLF001


@dataclass
class ReplaceObject(Command):
    """Replace one object by a new version (``old_key`` differs when renaming)."""

    new: KubeObject
    old_key: ObjectKey | None = None
    text: str = "Edit"
    _old: KubeObject | None = None

    def apply(self, cluster):
        old_key = self.old_key or self.new.key
        self._old = cluster.get(old_key)
        cluster.replace(self.new, old_key=old_key)

    def revert(self, cluster):
        cluster.replace(self._old, validate=False, old_key=self.new.key)


@dataclass
class MoveObjects(Command):
    """Move diagram items: ``moves`` maps key -> (old_pos, new_pos). One command per completed drag."""

    moves: dict
    text: str = "Move"

    def apply(self, cluster):
        for key, (_, new) in self.moves.items():
            cluster.set_position(key, new)

    def revert(self, cluster):
        for key, (old, _) in self.moves.items():
            cluster.set_position(key, old)


@dataclass
class SetNetwork(Command):
    new: NetworkConfig
    text: str = "Change network settings"
    _old: NetworkConfig | None = None

    def apply(self, cluster):
        self._old = cluster.network
        cluster.set_network(self.new)

    def revert(self, cluster):
        cluster.set_network(self._old)


@dataclass
class Macro(Command):
    """Several commands as one undo step. If one fails, those already applied are reverted."""

    commands: list
    text: str = "Edit"

    def apply(self, cluster):
        done = []
        try:
            for cmd in self.commands:
                cmd.apply(cluster)
                done.append(cmd)
        except Exception:
            for cmd in reversed(done):
                cmd.revert(cluster)
            raise

    def revert(self, cluster):
        for cmd in reversed(self.commands):
            cmd.revert(cluster)


class History:
    """A plain undo/redo stack over one cluster (the UI uses QUndoStack instead)."""

    def __init__(self, cluster: Cluster):
        self.cluster = cluster
        self._done: list[Command] = []
        self._undone: list[Command] = []

    def push(self, cmd: Command) -> None:
        """Apply ``cmd`` and record it; raises (and records nothing) when the command fails."""
        cmd.apply(self.cluster)
        self._done.append(cmd)
        self._undone.clear()

    def undo(self) -> bool:
        if not self._done:
            return False
        cmd = self._done.pop()
        cmd.revert(self.cluster)
        self._undone.append(cmd)
        return True

    def redo(self) -> bool:
        if not self._undone:
            return False
        cmd = self._undone.pop()
        cmd.apply(self.cluster)
        self._done.append(cmd)
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)
