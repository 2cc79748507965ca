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
  :func:`hold_workers` does the same across event-loop turns (see :mod:`explorer.ui.busy`).
* :func:`release_steps` frees what a big object alone holds a slice at a time (a dropped simulator: one
  ``__dict__.clear()`` was a deallocation cascade holding the GIL for 0.1-0.3 s).
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
import weakref

SWITCH_INTERVAL_S = 0.00002     # 20 µs while a worker computes (default 5 ms); 0.2 ms left 0.5-1 s freezes in paints
UI_WAIT_S = 0.25                # a worker waits at most this long for the window's thread (then goes on anyway)
# ...and sleeps this long between two steps even when the window is idle: every call from Qt into Python (an
# item's boundingRect, a timer's slot) must take the GIL back from a busy worker, and the window's event
# handling outside paints and slices went at half speed (a 99 ms freeze while a 150,000-pod simulator was
# built; 71 ms with 0.3 ms of room, for a start 6 % slower)
UI_ROOM_S = 0.0003

_ui_idle = threading.Event()    # cleared while the window's thread is busy (see ui_busy)
_ui_idle.set()
_ui_depth = 0


@contextlib.contextmanager
def ui_busy():
    """Around a paint or a slice on the window's thread (only that thread enters it; nesting is fine):
    workers calling :func:`let_ui_run` hold back until it ends."""
    hold_workers()
    try:
        yield
    finally:
        release_workers()


def ui_idle() -> bool:
    """False while the window's thread is inside :func:`ui_busy` or :func:`hold_workers`."""
    return _ui_idle.is_set()


def hold_workers() -> None:
    """:func:`ui_busy` for window work spread over event-loop turns (a dialog appearing): workers calling
    :func:`let_ui_run` hold back until the matching :func:`release_workers`. Window's thread only; pair every
    call, or each step of a worker waits UI_WAIT_S."""
    global _ui_depth
    _ui_depth += 1
    _ui_idle.clear()


def release_workers() -> None:
    """End a :func:`hold_workers`."""
    global _ui_depth
    _ui_depth -= 1
    if not _ui_depth:
        _ui_idle.set()


def let_ui_run() -> None:
    """For worker threads, between two pieces of work: release the GIL for UI_ROOM_S, and wait (at most
    UI_WAIT_S) while the window's thread paints or runs a slice."""
    if _ui_idle.is_set():
        time.sleep(UI_ROOM_S)
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


def gc_held_steps(steps):
    """Run the generator ``steps`` (work spread over event-loop turns) with automatic collections held from
    its first step to its end, and what is alive then frozen (:func:`release_gc` with ``freeze``) if it
    finished; a generator itself, returning what ``steps`` returns. Closing it, or dropping it, releases the
    hold. Collections between the steps walked everything the work had made so far: the Problems
    validation of a 150,000-pod design held the window for 56 ms in a full collection half-way."""
    hold_gc()
    finished = False
    try:
        result = yield from steps
        finished = True
        return result
    finally:
        release_gc(freeze=finished)


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


RELEASE_CHUNK = 250     # entries a release step removes from one big container (2,000 pods' parts: 57 ms)
RELEASE_MIN = 250       # containers smaller than this go with their parent's entry
RELEASE_DEPTH = 6       # how deep release_steps looks for big containers below the root


def release_steps(root, chunk: int = RELEASE_CHUNK, min_size: int = RELEASE_MIN, depth: int = RELEASE_DEPTH,
                  own: tuple = ()):
    """Free what ``root`` alone holds a slice at a time: a generator that yields after each ``chunk`` entries
    removed from a big container, then drops ``root``'s attributes one per step, taking apart those it alone
    holds an entry per step (:func:`_drop`).

    Dropping a 150,000-pod simulator in one go (``__dict__.clear()``) was one deallocation cascade: 0.1-0.3 s
    holding the GIL on the window's thread. This looks through instance ``__dict__``s, dicts, lists and sets
    up to ``depth`` levels below ``root`` for containers of at least ``min_size`` entries that nothing else
    refers to (their reference count says only their parent holds them), and empties those, deepest first.
    Anything shared with the rest of the program (the design's objects, a state shown on the canvas) is left
    alone, except instances of classes defined in the modules ``own`` names (prefixes): those belong to the
    root however many of its parts refer to them (a simulator's store, which every controller holds). Never
    raises for odd objects: whatever it cannot look into, it leaves to reference counting (tuples too: looking
    into them made the search itself take 0.1 s between two steps)."""
    big = []
    frontier = [root]
    seen = {id(root)}
    looked = 0
    for _ in range(depth):
        found = []
        for obj in frontier:
            for child in _values(obj):
                looked += 1
                if looked % chunk == 0:
                    yield       # looking through a million entries is work too
                if isinstance(child, (dict, list, set)) or (hasattr(child, "__dict__") and
                                                            not isinstance(child, type) and not callable(child)):
                    found.append(child)
        frontier = []
        for child in found:
            looked += 1
            if looked % chunk == 0:
                yield
            if id(child) in seen:
                continue
            seen.add(id(child))
            # referenced by its parent, by `found`, by `child` and by getrefcount's argument: nothing else holds it
            container = isinstance(child, (dict, list, set))
            if sys.getrefcount(child) > 4 and (container or not (own and type(child).__module__.startswith(own))):
                continue
            frontier.append(child)
            if container and len(child) >= min_size:
                big.append(child)
        del found
    child = obj = None      # the loops' last values: a reference the last phase must not count as someone else's
    del frontier
    for container in reversed(big):      # deepest first: its parent then holds only small things
        while container:
            if isinstance(container, dict):
                for _ in range(min(chunk, len(container))):
                    container.popitem()
            elif isinstance(container, list):
                del container[-chunk:]
            else:
                for _ in range(min(chunk, len(container))):
                    container.pop()
            yield
    del big
    state = getattr(root, "__dict__", None)
    if isinstance(state, dict):     # what is left, an attribute per step (a simulator's snapshots: 25 ms at once)
        for key in list(state):
            value = state.pop(key, None)
            yield from _drop(value, own, FINAL_DEPTH)
            del value
            yield


FINAL_DEPTH = 8     # levels below the root's attributes that the last phase takes apart,
DROP_NEAR = 4       # ...all containers in the first levels (a snapshot's state: a few tuples of big things),
DROP_MIN = 64       # ...below them only the dicts, lists and tuples of at least this many entries (smaller
                    # ones go whole: a pod's fields, a journal's entry; an entry each made 470,000 steps),
DROP_BATCH = 32     # ...a step per this many entries removed, at any level
# ...and the modules whose instances it takes apart when nothing else, not even a weak reference, holds them
APP_MODULES = ("explorer.model.", "explorer.sim.", "explorer.net.")


def _drop(value, own: tuple, depth: int, done: list | None = None):
    """Take ``value`` apart, ``depth`` levels deep, when the caller's reference is the only one: a dict, a list
    or a set (the first :data:`DROP_NEAR` levels always, deeper ones from :data:`DROP_MIN` entries), or an
    instance of a class from ``own`` or :data:`APP_MODULES` that nothing refers to weakly (its entries if it
    is also a container, then its attributes); else leave it to reference counting. A tuple that only its
    container held is taken apart as a list of its items. Yields after every :data:`DROP_BATCH` entries removed
    (``done``: the count so far, shared by the levels). The caller drops its reference afterwards.

    Measured on a dropped 150,000-pod simulator, each in one step of an entry-per-step version: a journaled
    dict's log (a dict subclass's list of 150,000 changes) 48 ms once its entries were gone, a snapshot's
    state (a tuple) 32 ms, the IP allocator copy in it (explorer.net) 30 ms; and an entry per step made
    470,000 steps of the small ones (a pod's fields, a journal entry), which now go whole."""
    # held by the caller, by this generator's frame and by getrefcount's argument: nobody else
    if depth <= 0 or sys.getrefcount(value) > 3:
        return
    if done is None:
        done = [0]
    parts = [value] if isinstance(value, (dict, list, set)) and (
        len(value) >= DROP_MIN or depth > FINAL_DEPTH - DROP_NEAR) else []
    module = type(value).__module__
    owned = bool(own) and module.startswith(own)
    if isinstance(getattr(value, "__dict__", None), dict) and (
            owned or module.startswith(APP_MODULES) and not weakref.getweakrefcount(value)):
        parts.append(value.__dict__)
    for entries in parts:
        while entries:
            part = entries.popitem()[1] if isinstance(entries, dict) else entries.pop()
            if type(part) is tuple and sys.getrefcount(part) == 2:     # held by `part` alone
                part = list(part)       # (the tuple goes; its items stay, held by the list)
            yield from _drop(part, own, depth - 1, done)
            del part
            done[0] += 1
            if done[0] >= DROP_BATCH:
                done[0] = 0
                yield


def _values(obj):
    """What ``obj`` refers to directly (a container's values or an instance's attributes), one by one."""
    if isinstance(obj, dict):
        yield from obj.values()
    elif isinstance(obj, (list, set)):
        yield from obj
    elif not isinstance(obj, type) and isinstance(getattr(obj, "__dict__", None), dict):
        yield from obj.__dict__.values()
