"""The simulator's generator forms (explorer.sim.cooperative) give exactly what the blocking forms give, and
work abandoned half-way leaves a simulator that goes on exactly as if it had not been interrupted. The
generators are forced to yield after every unit of work (YIELD_EVERY_S = 0)."""

from __future__ import annotations

import pytest

from explorer.model.example import example_cluster
from explorer.sim import Simulator, cooperative
from explorer.sim.cooperative import exhaust


@pytest.fixture(autouse=True)
def yield_always(monkeypatch):
    monkeypatch.setattr(cooperative, "YIELD_EVERY_S", 0.0)


def whole(sim) -> tuple:
    c = sim.cluster()
    return (sim.now, [(e.time, e.reason, e.object, e.message) for e in sim.events], list(c.objects()), c.layout,
            sim.inputs, sim.loop.state())


def started(settled: bool = True) -> Simulator:
    sim = Simulator(example_cluster())
    if settled:
        sim.settle()
    return sim


def _worker(sim) -> str:
    return sorted(k[2] for k in sim.store.by_kind["Node"] if "worker" in k[2])[0]


# (blocking call, generator call) on a simulator prepared by the setup
OPERATIONS = {
    "settle from the start": (lambda s: None, lambda s: s.settle(), lambda s: s.settle_steps()),
    "step to the next event": (lambda s: None, lambda s: s.step(None), lambda s: s.step_steps(None)),
    "step 30 s": (lambda s: None, lambda s: s.step(30), lambda s: s.step_steps(30)),
    "run through a node failure": (lambda s: (s.settle(), s.stop_node(_worker(s))), lambda s: s.run(s.now + 420),
                                   lambda s: s.run_steps(s.now + 420)),
    "seek back over an eviction": (lambda s: (s.settle(), s.stop_node(_worker(s)), s.run(s.now + 420)),
                                   lambda s: s.seek(20), lambda s: s.seek_steps(20)),
    "seek forward": (lambda s: s.settle(), lambda s: s.seek(s.now + 200), lambda s: s.seek_steps(s.now + 200)),
}


@pytest.mark.parametrize("setup, blocking, steps", OPERATIONS.values(), ids=OPERATIONS.keys())
def test_generator_equals_blocking(setup, blocking, steps):
    a, b = started(settled=False), started(settled=False)
    setup(a)
    setup(b)
    returned = (blocking(a), exhaust(steps(b)))
    assert (whole(a), returned[0]) == (whole(b), returned[1])


def test_building_equals_constructor():
    design = example_cluster()
    gen = Simulator.building(design)
    yields = 0
    try:
        while True:
            next(gen)
            yields += 1
    except StopIteration as stop:
        built = stop.value
    direct = Simulator(design)
    built.settle()
    direct.settle()
    assert (yields > 0, whole(built)) == (True, whole(direct))


@pytest.mark.parametrize("after", [1, 5, 40], ids=["after-1-yield", "after-5-yields", "after-40-yields"])
def test_interrupted_run_goes_on_as_if_uninterrupted(after):
    a, b = started(), started()
    for sim in (a, b):
        sim.stop_node(_worker(sim))
    end = a.now + 420
    a.run(end)
    steps = b.run_steps(end)
    for _ in range(after):
        next(steps, None)
    steps.close()
    interrupted_at = b.now
    b.run(end)
    assert (interrupted_at <= end, whole(b)) == (True, whole(a))


def test_seek_steps_raises_on_first_next():
    sim = started()
    steps = sim.seek_steps(-1)
    with pytest.raises(ValueError, match="time must be >= 0"):
        next(steps)


def test_generator_yields_progress_towards_the_end():
    sim = started()
    sim.stop_node(_worker(sim))
    values = [v for v in sim.run_steps(sim.now + 420) if v is not None]
    assert (values == sorted(values), all(0 <= v <= 1 for v in values), len(values) > 3) == (True, True, True)


@pytest.mark.parametrize("after", [1, 3], ids=["after-1-yield", "after-3-yields"])
def test_settle_interrupted_while_the_scheduler_cache_is_built_goes_on_as_if_uninterrupted(after):
    """The scheduler's cache is built a few ms at a time before the schedule item is taken off the loop:
    stopped half-way, the simulator has not changed and leaves no half-built cache."""
    a, b = started(settled=False), started(settled=False)
    a.settle()
    steps = b.settle_steps()
    half_built = []
    for _ in range(200):
        next(steps, None)
        frame = steps.gi_yieldfrom
        while frame is not None and getattr(frame, "gi_yieldfrom", None) is not None:
            frame = frame.gi_yieldfrom
        if frame is not None and frame.gi_code.co_name == "scheduler_steps":
            half_built.append(1)
            if len(half_built) == after:
                break
    steps.close()
    left = b.scheduling.has_scheduler
    b.settle()
    assert (len(half_built), left, whole(b)) == (after, False, whole(a))


def test_cluster_steps_equals_cluster_and_later_reads_apply_changes():
    a, b = started(), started()
    built = exhaust(b.cluster_steps())
    first = (list(a.cluster().objects()), a.cluster().layout) == (list(built.objects()), built.layout)
    for sim in (a, b):
        sim.stop_node(_worker(sim))
        sim.run(sim.now + 420)
    again = exhaust(b.cluster_steps())
    assert (first, list(again.objects()), again.layout) == (True, list(a.cluster().objects()), a.cluster().layout)


def _read_then(*ops):
    """A setup: settle, read the state (the mirror exists), then ``ops`` (callables on the simulator)."""
    def setup(s):
        s.settle()
        s.cluster()
        for op in ops:
            op(s)
    return setup


def _scaled_down_then_back(s):
    """Pods deleted after a read come back with a seek: older than what the mirror holds last."""
    before = s.now
    s.scale("shop", "api", 0)
    s.run(s.now + 60)
    s.cluster()
    s.seek(before)


# setup; the mirror is then brought up to date in steps, whole or stopped after `stop_after` yields; then
# `between` runs (None: nothing) and the state is read
MIRROR_CASES = {
    "seek back over a scale-down: pods merged into their order": (_read_then(_scaled_down_then_back), None, None),
    "the same, stopped half-way": (_read_then(_scaled_down_then_back), 1, None),
    "seek back over an eviction": (
        _read_then(lambda s: s.stop_node(_worker(s)), lambda s: s.run(s.now + 420), lambda s: s.cluster(),
                   lambda s: s.seek(20)), None, None),
    "a few changes": (_read_then(lambda s: s.step(30)), None, None),
    "nothing changed": (_read_then(), None, None),
    "no mirror yet": (lambda s: s.settle(), None, None),
    "no mirror yet, stopped half-way": (lambda s: s.settle(), 1, None),
    # the copy made for the next read is dropped when the state changes before it
    "the state changes after the steps": (_read_then(_scaled_down_then_back), None, lambda s: s.step(30)),
    "a scale after the steps": (_read_then(lambda s: s.step(5)), None, lambda s: s.scale("shop", "api", 1)),
}


def test_a_read_in_the_middle_of_the_copy_voids_it(monkeypatch):
    """A change and a read while the steps copy the mirror (replacing objects: no dict changes size): the
    copy, partly from before, must not be returned later."""
    from explorer.model.cluster import Cluster
    copy_steps = Cluster.copy_steps
    monkeypatch.setattr(Cluster, "copy_steps", lambda self, chunk=1: copy_steps(self, 1))
    a, b = started(), started()
    for sim in (a, b):
        sim.cluster()
        sim.step(5)
    steps = b.mirror_steps()
    next(steps)             # (every unit of work yields: the copy has begun)
    for sim in (a, b):
        sim.scale("shop", "api", 1)
    b.cluster()
    for _ in steps:
        pass
    a._mirror = None
    assert (b._prepared, list(b.cluster().objects())) == (None, list(a.cluster().objects()))


@pytest.mark.parametrize("setup, stop_after, between", MIRROR_CASES.values(), ids=MIRROR_CASES.keys())
def test_mirror_steps_then_reads_equal_a_whole_mirror(setup, stop_after, between):
    a, b = started(settled=False), started(settled=False)
    setup(a)
    setup(b)
    steps = b.mirror_steps()
    yielded = 0
    for _ in steps:
        yielded += 1
        if yielded == stop_after:
            steps.close()
            break
    prepared = b._prepared
    if between is not None:
        between(a)
        between(b)
    a._mirror = None    # a whole mirror built at the read
    truth, read = a.cluster(), b.cluster()
    # the copy the steps made is what the read returns, unless they were stopped or the state changed since
    used = prepared is not None and read is prepared
    assert (list(read.objects()), read.layout, yielded > 0 or stop_after is None, used) == \
        (list(truth.objects()), truth.layout, True, stop_after is None and between is None)
