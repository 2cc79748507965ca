"""Structural-sharing edits of object dicts.

Model objects are immutable, so a changed object may share every sub-dict it did not change with the old
one. ``assoc(raw, ("status", "phase"), "Running")`` copies only the dicts on the path (top, ``status``)
and is much cheaper than ``KubeObject.edited`` (a deep copy) for the simulator's many status writes.
"""

from __future__ import annotations

_DELETE = object()


def assoc(raw: dict, path: tuple, value) -> dict:
    """A new dict equal to ``raw`` with ``value`` at ``path`` (missing dicts on the way are created)."""
    head = path[0]
    new = dict(raw)
    if len(path) == 1:
        if value is _DELETE:
            new.pop(head, None)
        else:
            new[head] = value
        return new
    child = raw.get(head)
    new[head] = assoc(child if isinstance(child, dict) else {}, path[1:], value)
    return new


def dissoc(raw: dict, path: tuple) -> dict:
    """A new dict equal to ``raw`` without the key at ``path``."""
    return assoc(raw, path, _DELETE)


def assoc_many(raw: dict, changes: dict) -> dict:
    """Apply ``{path: value}`` in order (value None deletes)."""
    for path, value in changes.items():
        raw = assoc(raw, path, _DELETE if value is None else value)
    return raw


def with_raw(obj, raw: dict):
    """A new object of ``obj``'s class wrapping ``raw``."""
    return type(obj)(raw)
