"""The cyclic garbage collector versus big clusters.

A 150,000-pod cluster is millions of small dicts and lists. CPython's cyclic GC walks every tracked object
on each full collection and, with the default thresholds, a collection starts every few thousand
allocations: building the scene or reading a simulated state then spends most of its time in the GC
(measured: open to first frame 7.5 s -> 2.8 s at 5,000 nodes once the loaded cluster is frozen).

* :func:`keep_long_lived` moves everything alive now (the cluster just loaded) out of the collector's reach
  (``gc.freeze()``). Those objects are still freed by reference counting when dropped; only cyclic garbage
  among them would stay (the model holds no cycles).
* :func:`fast_switching` lowers the interpreter's thread switch interval while a worker thread computes: the
  window's thread releases the GIL around every Qt call and then waits up to the switch interval (5 ms by
  default) to get it back, so a paint of thousands of items behind a busy worker took seconds.
* :func:`ui_busy` marks the window's thread painting or running a slice; a worker that calls
  :func:`let_ui_run` between two pieces of work waits meanwhile. Even at a 20 µs switch interval, every one
  of the thousands of calls a paint makes into Python (``paint``, ``boundingRect``) had to take the GIL back
  from the worker: a 40 ms repaint took 100-600 ms while a simulator was being built behind it.
* :func:`gc_paused` suspends automatic collections around a burst of allocations (a scene update, building
  a simulator or reading its state in a worker thread: a full collection there would hold the GIL, and so
  freeze the window, for seconds).
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
import time

SWITCH_INTERVAL_S = 0.00002     # 20 µs while a worker computes (default 5 ms); 0.2 ms left 0.5-1 s freezes in paints
UI_WAIT_S = 0.25                # a worker waits at most this long for the window's thread (then goes on anyway)

_ui_idle = threading.Event()    # cleared while the window's thread is busy (see ui_busy)
_ui_idle.set()
_ui_depth = 0


@contextlib.contextmanager
def ui_busy():
    """Around a paint or a slice on the window's thread (only that thread enters it; nesting is fine):
    workers calling :func:`let_ui_run` hold back until it ends."""
    global _ui_depth
    _ui_depth += 1
    _ui_idle.clear()
    try:
        yield
    finally:
        _ui_depth -= 1
        if not _ui_depth:
            _ui_idle.set()


def let_ui_run() -> None:
    """For worker threads, between two pieces of work: release the GIL, and wait (at most UI_WAIT_S) while
    the window's thread paints or runs a slice."""
    if _ui_idle.is_set():
        time.sleep(0)
    else:
        _ui_idle.wait(UI_WAIT_S)


def keep_long_lived() -> None:
    """Freeze the objects alive now (call right after loading a cluster, before building its scene)."""
    gc.freeze()


_pause_lock = threading.Lock()
_pauses = [0, False]     # [blocks inside gc_paused (any thread), collector enabled when the first began]


@contextlib.contextmanager
def gc_paused():
    """Suspend automatic cyclic collections inside the block; safe to nest and to use from worker threads
    (the collector comes back on when the last block ends, if it was on when the first began)."""
    hold_gc()
    try:
        yield
    finally:
        release_gc()


def hold_gc() -> None:
    """:func:`gc_paused` for work spread over many event-loop turns: pair every call with
    :func:`release_gc`."""
    with _pause_lock:
        if _pauses[0] == 0:
            _pauses[1] = gc.isenabled()
            gc.disable()
        _pauses[0] += 1


def release_gc(freeze: bool = False) -> None:
    """End a :func:`hold_gc`. With ``freeze``, what is alive now is frozen first (:func:`keep_long_lived`),
    while the collector is still off: otherwise its first collection walks everything made meanwhile."""
    with _pause_lock:
        if freeze:
            gc.freeze()
        _pauses[0] -= 1
        if _pauses[0] == 0 and _pauses[1]:
            gc.enable()


_switch = [0, 0.005]     # [blocks inside fast_switching, interval when the first began]


@contextlib.contextmanager
def fast_switching(interval: float = SWITCH_INTERVAL_S):
    """Lower ``sys.setswitchinterval`` inside the block (nestable, any thread); restored when the last ends."""
    with _pause_lock:
        if _switch[0] == 0:
            _switch[1] = sys.getswitchinterval()
            sys.setswitchinterval(interval)
        _switch[0] += 1
    try:
        yield
    finally:
        with _pause_lock:
            _switch[0] -= 1
            if _switch[0] == 0:
                sys.setswitchinterval(_switch[1])
