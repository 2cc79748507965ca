"""Diagram positions as the annotation ``explorer.k8s.io/position: "x,y"``.

On load the annotation moves from the object into ``Cluster.layout`` and the object's dict is restored
exactly (an ``annotations`` map that held only our key is dropped), so import, export and import again is
lossless. On export it is added to a shallow copy of the object's metadata; the stored object is untouched.
"""

from __future__ import annotations

import math

from explorer.model.objects import POSITION_ANNOTATION


def parse_position(value) -> tuple[float, float] | None:
    """``"x,y"`` to (x, y); None when malformed or not finite."""
    if not isinstance(value, str):
        return None
    x, sep, y = value.partition(",")
    if not sep:
        return None
    try:
        pos = (float(x), float(y))
    except ValueError:
        return None
    return pos if all(math.isfinite(v) for v in pos) else None


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() and abs(v) < 1e15 else repr(float(v))


def format_position(pos) -> str:
    return f"{_num(pos[0])},{_num(pos[1])}"


def take_position(raw: dict):
    """Remove the position annotation from the freshly parsed ``raw`` (in place) and return
    (x, y), or ``"invalid"`` when present but malformed (then left in place), or None when absent."""
    meta = raw.get("metadata")
    if not isinstance(meta, dict):
        return None
    annotations = meta.get("annotations")
    if not isinstance(annotations, dict) or POSITION_ANNOTATION not in annotations:
        return None
    pos = parse_position(annotations[POSITION_ANNOTATION])
    if pos is None:
        return "invalid"
    del annotations[POSITION_ANNOTATION]
    if not annotations:
        del meta["annotations"]
    return pos


def with_position(raw: dict, pos) -> dict:
    """A shallow copy of ``raw`` whose metadata carries the position annotation (``raw`` is not changed)."""
    meta = raw.get("metadata")
    meta = dict(meta) if isinstance(meta, dict) else {}
    annotations = meta.get("annotations")
    annotations = dict(annotations) if isinstance(annotations, dict) else {}
    annotations[POSITION_ANNOTATION] = format_position(pos)
    meta["annotations"] = annotations
    out = dict(raw)
    out["metadata"] = meta
    return out
