"""explorer.ui.memory: the switch interval is lowered while background simulator work runs and comes back
exactly when the last such block ends, whatever the nesting or thread."""

from __future__ import annotations

import gc
import sys
import threading
import time
import weakref

import pytest

from explorer.ui import memory
from explorer.ui.memory import SWITCH_INTERVAL_S, fast_switching, gc_held_steps


def _nested(record):
    with fast_switching():
        record("outer")
        with fast_switching():
            record("inner")
        record("outer again")
    record("after")


def _from_a_thread(record):
    with fast_switching():
        record("main")
        seen = []
        t = threading.Thread(target=lambda: seen.append(_in_block()))
        t.start()
        t.join()
        record("main after the thread")
    record("after")


def _in_block():
    with fast_switching():
        return round(sys.getswitchinterval(), 6)


def _raising(record):
    with pytest.raises(RuntimeError):
        with fast_switching():
            record("inside")
            raise RuntimeError("boom")
    record("after")


@pytest.mark.parametrize("scenario, expected", [
    (_nested, [("outer", "fast"), ("inner", "fast"), ("outer again", "fast"), ("after", "default")]),
    (_from_a_thread, [("main", "fast"), ("main after the thread", "fast"), ("after", "default")]),
    (_raising, [("inside", "fast"), ("after", "default")]),
], ids=["nested", "another-thread-inside", "exception"])
def test_switch_interval_is_restored_when_the_last_block_ends(scenario, expected):
    default = sys.getswitchinterval()
    seen = []

    def record(label):
        now = sys.getswitchinterval()
        seen.append((label, "fast" if abs(now - SWITCH_INTERVAL_S) < 1e-9 else
                     "default" if now == default else now))
    scenario(record)
    assert seen == expected


def _worker_waits_for(block_levels: int) -> list[str]:
    """The window's thread holds ``block_levels`` nested ui_busy blocks for a while; a worker calls
    let_ui_run meanwhile. The order in which things happened."""
    from explorer.ui.memory import let_ui_run, ui_busy
    order: list[str] = []
    started = threading.Event()

    def worker():
        started.set()
        let_ui_run()
        order.append("worker goes on")

    def busy(levels):
        if not levels:
            t = threading.Thread(target=worker)
            t.start()
            started.wait(5)
            time.sleep(0.05)          # the worker reaches let_ui_run meanwhile
            order.append("window done")
            return t
        with ui_busy():
            return busy(levels - 1)
    t = busy(block_levels)
    t.join(5)
    return order


@pytest.mark.parametrize("levels", [1, 2], ids=["one block", "nested blocks"])
def test_a_worker_holds_back_while_the_window_is_busy(levels):
    assert _worker_waits_for(levels) == ["window done", "worker goes on"]


def test_a_worker_goes_on_at_once_when_the_window_is_idle():
    from explorer.ui.memory import _ui_idle, let_ui_run
    let_ui_run()
    assert _ui_idle.is_set()


class _Part:
    def __init__(self, **parts):
        self.__dict__.update(parts)


class _Dict(dict):      # a dict that can be watched through a weak reference
    pass


class _List(list):
    pass


class _Journaled(dict):     # a dict with attributes of its own, like explorer.sim.journal.JournaledDict
    def __init__(self, items, log):
        super().__init__(items)
        self.log = log


class _NetPart(_Part):
    pass


_NetPart.__module__ = "explorer.net.fake"      # an app module the release does not own


SHARED = _Dict((f"k{i}", i) for i in range(300))      # held by this module too: must be left alone


def _shared_part():
    part = _Part(index=_Dict((i, i) for i in range(150)))   # held twice inside the root: by it and a sibling
    return _Part(a=part, b=_Part(same=part))


RELEASE_CASES = {
    # name: (root factory, expected (most entries removed in one step, all watched containers together, the
    # last step included; root's attributes afterwards; everything watched freed; SHARED's size afterwards))
    "big containers a chunk at a time": (
        lambda: _Part(d=_Dict((i, [i]) for i in range(250)), l=_List(range(120))), (100, {}, True, 300)),
    "nested below an instance": (
        lambda: _Part(inner=_Part(index=_Dict((i, str(i)) for i in range(201)))), (100, {}, True, 300)),
    "small containers go with the others at the end": (
        lambda: _Part(d=_Dict({1: 2}), l=_List([1, 2, 3])), (3, {}, True, 300)),
    "many mid-size parts (a simulator's snapshots) go DROP_BATCH entries per step at the end": (
        lambda: _Part(snapshots=_List(_Dict((i, [i]) for i in range(40)) for _ in range(5))), (17, {}, True, 300)),
    "a tuple only its container holds is taken apart (a snapshot's state)": (
        lambda: _Part(snapshots=_List([_Part(state=(_Dict((i, [i]) for i in range(200)), _List(range(300))))])),
        (33, {}, True, 300)),     # (501 in one step when the tuple went whole)
    "an own dict's attributes too (a journaled dict's log)": (
        lambda: _Part(started=_Journaled(((i, i) for i in range(40)), log=_List((i, i) for i in range(400)))),
        (11, {}, True, 300)),     # (the log's 400 in one step once the dict's entries were gone)
    "an app object of another package in a snapshot's state (the IP allocator, explorer.net)": (
        lambda: _Part(snapshots=_List([_Part(state=(_NetPart(used=_Dict((i, {i}) for i in range(300))), 1))])),
        (32, {}, True, 300)),
    "a shared container is not emptied": (
        lambda: _Part(shared=SHARED, own=_List(range(100))), (100, {}, True, 300)),
    "a shared part of an owned module is looked into": (_shared_part, (100, {}, True, 300)),
}


def _watched(root) -> list:
    """Weak references to the _Dict/_List containers below ``root`` (SHARED excepted), each once."""
    out, todo, seen = [], [root], set()
    while todo:
        obj = todo.pop()
        values = list(obj.values()) if isinstance(obj, dict) else list(obj) if isinstance(obj, (list, tuple)) else []
        values += list(vars(obj).values()) if hasattr(obj, "__dict__") else []
        for v in values:
            if isinstance(v, (_Dict, _List)) and v is not SHARED and id(v) not in seen:
                seen.add(id(v))
                out.append(weakref.ref(v))
                todo.append(v)
            if isinstance(v, (_Part, tuple, _Journaled)):
                todo.append(v)
    return out


@pytest.mark.parametrize("name", RELEASE_CASES, ids=list(RELEASE_CASES))
def test_release_steps_frees_what_the_root_alone_holds(name):
    from explorer.ui.memory import release_steps
    make, expected = RELEASE_CASES[name]
    root = make()
    watched = _watched(root)
    sizes = [len(r()) for r in watched]
    largest = 0
    steps = release_steps(root, chunk=100, min_size=50, own=(__name__,))
    while True:
        done = next(steps, StopIteration)
        now = [len(r()) if r() is not None else 0 for r in watched]
        largest = max(largest, sum(b - a for a, b in zip(now, sizes)))
        sizes = now
        if done is StopIteration:
            break
    assert (largest, vars(root), all(r() is None for r in watched), len(SHARED)) == expected


def _steps(log, fail_at=None):
    """Three steps that record whether the collector is on; returns "done"."""
    for i in range(3):
        log.append(("step", i, gc.isenabled()))
        if i == fail_at:
            raise RuntimeError("boom")
        yield
    return "done"


def _to_the_end(held, log):
    while True:
        try:
            next(held)
        except StopIteration as stop:
            return stop.value


def _closed_half_way(held, log):
    next(held)
    held.close()
    return "closed"


def _dropped_half_way(held, log):
    next(held)
    return "dropped"     # the last reference goes with the caller's frame


def _raising_half_way(held, log):
    with pytest.raises(RuntimeError):
        while True:
            next(held)
    return "raised"


HELD_CASES = {
    # name: (how the caller runs it, the step that raises, expected (returned, steps seen, collector on after,
    #        the releases asked for: [freeze what is alive?]))
    "run to its end: held throughout, then frozen": (_to_the_end, None, ("done", 3, True, [True])),
    "closed half-way: released, nothing frozen": (_closed_half_way, None, ("closed", 1, True, [False])),
    "dropped half-way: released, nothing frozen": (_dropped_half_way, None, ("dropped", 1, True, [False])),
    "a step raises: released, nothing frozen": (_raising_half_way, 1, ("raised", 2, True, [False])),
}


@pytest.mark.parametrize("name", HELD_CASES, ids=list(HELD_CASES))
def test_gc_held_steps_holds_the_collector_from_the_first_step_to_the_end(name, monkeypatch):
    """Collections between the steps of the Problems validation walked everything it had made (56 ms in one
    full collection at 150,000 pods); the hold must end whatever becomes of the generator."""
    run, fail_at, expected = HELD_CASES[name]
    releases = []
    real = memory.release_gc
    monkeypatch.setattr(memory, "release_gc", lambda freeze=False: (releases.append(freeze), real(False)))
    was = gc.isenabled()
    gc.enable()
    try:
        log: list = []
        result = run(gc_held_steps(_steps(log, fail_at)), log)
        outcome = (result, len(log), gc.isenabled(), releases)
        on_during = {on for _step, _i, on in log}
    finally:
        if not was:
            gc.disable()
    assert (outcome, on_during) == (expected, {False})
