"""Change notifications the model sends to its subscribers (the scene, panels, the simulator)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
MOVED = "moved"        # a diagram position changed; ``old``/``new`` are (x, y) or None
NETWORK = "network"    # NetworkConfig changed; ``old``/``new`` are NetworkConfig
RESET = "reset"        # everything may have changed (bulk load); key is None


@dataclass(frozen=True)
class ChangeEvent:
    """One change: ``type`` (see module constants), the object ``key`` and the values before and after."""

    type: str
    key: Any
    old: Any = None
    new: Any = None


class Signal:
    """A minimal observer list: ``connect(fn)``, ``disconnect(fn)``, ``emit(event)``.

    Callbacks run synchronously in connection order. A callback that raises does not stop the others;
    the first exception is re-raised after all have run, so model state is never half-notified.
    """

    def __init__(self):
        self._slots: list = []

    def connect(self, fn) -> None:
        if fn not in self._slots:
            self._slots.append(fn)

    def disconnect(self, fn) -> None:
        if fn in self._slots:
            self._slots.remove(fn)

    def emit(self, event) -> None:
        error = None
        for fn in list(self._slots):
            try:
                fn(event)
            except Exception as exc:  # noqa: BLE001 - re-raised below
                error = error or exc
        if error is not None:
            raise error

    def __len__(self) -> int:
        return len(self._slots)
