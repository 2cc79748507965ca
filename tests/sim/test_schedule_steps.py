"""The scheduler's pass over its queue in pieces (SchedulingQueue.run_steps, driven by the simulator's generator
forms): split between any two pods, it gives exactly what one uninterrupted pass gives (placements, events,
FailedScheduling messages, random draws, the whole simulator state), and a pass abandoned half-way is finished
first, so the simulator goes on as if it had not been interrupted."""

from __future__ import annotations

import copy

import pytest

import explorer.sim.simulator as simulator_module
from explorer.model import Cluster, builders as b
from explorer.sim import Simulator
from explorer.sim.cooperative import exhaust
from explorer.sim.scheduling import SchedulingQueue


class EveryN:
    """A pacer due on every ``n``-th question (never with n = 0): deterministic pieces of any size."""

    def __init__(self, n: int):
        self.n, self.asked = n, 0

    def due(self) -> bool:
        self.asked += 1
        return self.n > 0 and self.asked % self.n == 0


def design() -> Cluster:
    """Two small workers and a bigger one, three templates, a high-priority pod, and pods that fit nowhere."""
    c = Cluster()
    c.add_many(list(b.control_plane_node("control-plane", internal_ip="192.168.56.10")) + [
        b.worker_node("worker-1", cpu="2", internal_ip="192.168.56.11"),
        b.worker_node("worker-2", cpu="2", internal_ip="192.168.56.12"),
        b.worker_node("worker-3", cpu="4", internal_ip="192.168.56.13"),
        b.deployment("web", replicas=7, cpu="200m"), b.service("web"),
        b.deployment("api", replicas=5, cpu="300m"),
        b.deployment("huge", replicas=2, cpu="16"),          # fits nowhere: FailedScheduling every retry
        b.deployment("cache", replicas=4, cpu="100m", labels={"app": "cache", "tier": "db"})])
    urgent = b.pod("urgent", cpu="500m")
    raw = copy.deepcopy(urgent.raw)
    raw["spec"]["priority"] = 1000
    c.add(type(urgent)(raw))
    return c


def whole(sim) -> tuple:
    c = sim.cluster()
    return (sim.now, [(e.time, e.reason, e.object, e.message) for e in sim.events], list(c.objects()),
            sim.inputs, sim.loop.state(), sim.scheduling.state())


def _first_worker(sim) -> str:
    return sorted(k[2] for k in sim.store.by_kind["Node"] if "worker" in k[2])[0]


SCENARIOS = {
    "settle from the start": (lambda s: None, lambda s: s.settle_steps()),
    "node failure and rescheduling": (lambda s: (s.settle(), s.stop_node(_first_worker(s))),
                                      lambda s: s.run_steps(s.now + 420)),
    "scale up past what fits": (lambda s: (s.settle(), s.scale("default", "web", 30)),
                                lambda s: s.run_steps(s.now + 60)),
}
EVERY = {"after every pod": 1, "every 2nd question": 2, "every 5th question": 5}


def run_with(monkeypatch, setup, steps, n: int) -> tuple:
    """(whole state, how many times a schedule pass yielded, pods it scheduled) with the simulator's pacer
    replaced by EveryN(n) for the operation (the setup runs with the usual pacer)."""
    sim = Simulator(design())
    setup(sim)
    yields = []
    original = SchedulingQueue.run_steps

    def counting(self, pacer=None):
        for _ in original(self, pacer):
            yields.append(1)
            yield None
    with monkeypatch.context() as m:
        m.setattr(SchedulingQueue, "run_steps", counting)
        m.setattr(simulator_module, "Pacer", lambda: EveryN(n))
        exhaust(steps(sim))
    return whole(sim), len(yields)


@pytest.mark.parametrize("every", EVERY.values(), ids=EVERY.keys())
@pytest.mark.parametrize("setup, steps", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_split_pass_equals_one_pass(monkeypatch, setup, steps, every):
    one, one_yields = run_with(monkeypatch, setup, steps, 0)
    split, split_yields = run_with(monkeypatch, setup, steps, every)
    assert (split == one, one_yields, split_yields > 0) == (True, 0, True)


# pacer (EveryN), whether the scheduler's cache changed since its last cycle -> bound pods per piece of the pass.
# The pacer is asked before each pod but the first of a piece, and, after a cache change, once after the node
# arrays and once after the Services index are made (pieces of no pod).
PIECES = {
    "never due: one piece": (0, False, [9]),
    "never due, cache changed: one piece": (0, True, [9]),
    "due after every pod": (1, False, [1] * 9),
    "due after every pod, cache changed: two pieces of no pod first": (1, True, [0, 0] + [1] * 9),
    "due every 3rd question": (3, False, [3, 3, 3]),
    "due every 3rd question, cache changed": (3, True, [1, 3, 3, 2]),
}


@pytest.mark.parametrize("every, changed, expected", PIECES.values(), ids=PIECES.keys())
def test_pass_pieces_hold_whole_pods(every, changed, expected):
    """Directly on the queue: 9 pending pods of one template, bound in pieces of whole pods."""
    c = Cluster()
    c.add_many(list(b.control_plane_node("control-plane", internal_ip="192.168.56.10"))
               + [b.worker_node("worker-1", internal_ip="192.168.56.11")])
    sim = Simulator(c)
    sim.api.create(b.pod("first"))
    sim.settle()                     # one pod scheduled: the scheduler's state is current
    if changed:
        sim.api.create(b.service("other", selector={"app": "other"}))   # a Service: a new cache generation
    for i in range(9):
        sim.api.create(b.pod(f"p-{i}", labels={"app": "p"}))
    queue = sim.scheduling
    queue.armed = False
    pieces, seen = [], 0

    def bound() -> int:
        return sum(1 for p in sim.store.by_kind["Pod"].values() if p.node_name and p.name.startswith("p-"))
    for _ in queue.run_steps(EveryN(every)):
        pieces.append(bound() - seen)
        seen = bound()
    pieces.append(bound() - seen)
    assert (pieces, list(queue.active), bound()) == (expected, [], 9)


@pytest.mark.parametrize("after", [1, 4], ids=["after-1-yield", "after-4-yields"])
def test_run_closed_inside_a_schedule_pass_goes_on_as_if_uninterrupted(monkeypatch, after):
    """Closing the simulator's generator while the schedule pass is paused finishes the pass first."""
    a, b_ = Simulator(design()), Simulator(design())
    for sim in (a, b_):
        sim.settle()
        sim.scale("default", "web", 30)
    end = a.now + 60
    a.run(end)
    monkeypatch.setattr(simulator_module, "Pacer", lambda: EveryN(1))
    steps = b_.run_steps(end)
    inside = 0
    for _ in range(500):
        if next(steps, StopIteration) is StopIteration:
            break
        frame = steps.gi_yieldfrom
        while frame is not None and getattr(frame, "gi_yieldfrom", None) is not None:
            frame = frame.gi_yieldfrom
        if frame is not None and frame.gi_frame.f_locals.get("action") == "schedule":    # in _dispatch_steps
            inside += 1
            if inside == after:
                break
    steps.close()
    monkeypatch.undo()
    b_.run(end)
    assert (inside, whole(b_)) == (after, whole(a))
