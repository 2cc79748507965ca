"""A deterministic discrete-event loop in the manner of SimPy.

Pending work is a heap of ``(time, priority, sequence, action, args)``. ``sequence`` grows by one per
scheduled item, so items at the same time and priority run first-in-first-out and every run with the same
inputs is identical. ``action`` is a string naming a handler and ``args`` a tuple of plain values, so the
heap can be copied into a snapshot as it is.
"""

from __future__ import annotations

import heapq


class EventLoop:
    """``now`` (whole seconds), the heap of pending items and how many have been processed."""

    def __init__(self):
        self.now = 0
        self.heap: list = []
        self.seq = 0
        self.processed = 0
        self.priority = -1   # priority of the item being processed (-1 between items)

    def schedule(self, at: int, priority: int, action: str, *args) -> None:
        """Queue ``action(*args)`` at time ``at`` (never earlier than now)."""
        at = max(int(at), self.now)
        self.seq += 1
        heapq.heappush(self.heap, (at, priority, self.seq, action, args))

    def schedule_soon(self, priority: int, action: str, *args) -> None:
        """Queue ``action`` later in the current second: at ``priority``, or in a later band (+100 each)
        when the item being processed is already past that priority. Work triggered by many changes in one
        second is thus batched into one pass, and time never runs backwards."""
        if self.priority >= priority:
            priority += 100 * ((self.priority - priority) // 100 + 1)
        self.schedule(self.now, priority, action, *args)

    def peek(self) -> int | None:
        """Time of the next pending item, or None."""
        return self.heap[0][0] if self.heap else None

    def pop(self) -> tuple:
        """Remove and return the next item; sets ``now`` to its time."""
        item = heapq.heappop(self.heap)
        self.now = item[0]
        self.priority = item[1]
        self.processed += 1
        return item

    def state(self) -> tuple:
        return (self.now, list(self.heap), self.seq, self.processed, self.priority)

    def load(self, state: tuple) -> None:
        self.now, heap, self.seq, self.processed, self.priority = state
        self.heap = list(heap)
