"""Model invariants under random sequences of edits, undo/redo, simulation steps, faults and timeline jumps.

A hypothesis RuleBasedStateMachine drives a design (explorer.model Cluster + History) and a Simulator started
from it. After every step:

- the simulator's invariants hold (tests/robustness/invariants.py: no node over allocatable, no duplicate live
  pod IP, endpoints == ready matching pods, bound pods' nodes exist; the last two are kube-controller-manager's
  work, so they are checked when it has a leader, the API is available and the current moment has been
  processed, since controllers react after a change, as in Kubernetes);
- the design holds only valid objects, and simulation never changed it (the simulator works on its own copy:
  the design's full topology text is compared before and after every simulation rule);
- a failed edit changed nothing.

Undoing everything restores the exact starting design (Cluster.same_design), and redoing everything gives
back the design as it was before the undo.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (RuleBasedStateMachine, initialize, invariant, precondition, rule,
                                 run_state_machine_as_test)

from explorer.io import dump_topology
from explorer.model import DuplicateObjectError, ModelError, ObjectNotFoundError, ValidationError, example_cluster
from explorer.model import builders as b
from explorer.model.commands import AddObjects, History, Macro, MoveObjects, RemoveObjects, ReplaceObject
from explorer.model import validate_object
from explorer.sim import ApiError, Simulator
from tests.robustness.invariants import violations

NAMES = st.sampled_from(["web", "api", "cache", "db", "queue", "mysql"])   # collisions on purpose
NAMESPACES = st.sampled_from(["default", "shop"])
NODE_OPS = ["stop-node", "start-node", "stop-kubelet", "start-kubelet", "cordon", "uncordon", "drain",
            "partition", "heal"]
MEMBER_OPS = ["stop-member", "start-member", "stop-etcd", "start-etcd"]
COUNTS = {"steps": 0, "machines": 0, "sim_rules": 0, "edits": 0, "failed_edits": 0, "undo_all": 0}


def _new_object(kind: str, name: str, namespace: str, replicas: int):
    if kind == "Deployment":
        return b.deployment(name, namespace, replicas=replicas, cpu=f"{100 * (replicas + 1)}m")
    if kind == "Service":
        return b.service(name, namespace)
    if kind == "Pod":
        return b.pod(name, namespace)
    return b.namespace(name)


class DesignAndSimulation(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        COUNTS["machines"] += 1
        self.design = example_cluster()
        self.start = self.design.copy()
        self.start_text = dump_topology(self.design)
        self.history = History(self.design)
        self.sim: Simulator | None = None

    # ---------------------------------------------------------------------------------------------- edits
    def _push(self, cmd) -> None:
        before, before_text = self.design.copy(), dump_topology(self.design)
        COUNTS["edits"] += 1
        try:
            self.history.push(cmd)
        except (ValidationError, DuplicateObjectError, ObjectNotFoundError, ModelError):
            COUNTS["failed_edits"] += 1
            assert self.design.same_design(before) and dump_topology(self.design) == before_text

    def _pick(self, data, kind=None):
        objs = [o for o in self.design if kind is None or o.kind == kind]
        return data.draw(st.sampled_from(objs)) if objs else None

    @rule(kind=st.sampled_from(["Deployment", "Service", "Pod", "Namespace"]), name=NAMES, namespace=NAMESPACES,
          replicas=st.integers(0, 4), x=st.floats(-500, 500), y=st.floats(-500, 500))
    def add(self, kind, name, namespace, replicas, x, y):
        obj = _new_object(kind, name, namespace, replicas)
        self._push(AddObjects([obj], {obj.key: (x, y)}))

    @rule(data=st.data(), count=st.integers(1, 3))
    def remove(self, data, count):
        objs = list(self.design)
        if objs:
            keys = data.draw(st.lists(st.sampled_from([o.key for o in objs]), min_size=1, max_size=count,
                                      unique=True))
            self._push(RemoveObjects(keys))

    @rule(data=st.data(), replicas=st.integers(-1, 6), label=st.sampled_from(["a", "b", "", "Bad Label!"]))
    def replace(self, data, replicas, label):
        obj = self._pick(data)
        if obj is None:
            return

        def change(raw):
            if label:
                raw["metadata"].setdefault("labels", {})["edited"] = label
            if raw.get("kind") == "Deployment":
                raw["spec"]["replicas"] = replicas
        self._push(ReplaceObject(obj.edited(change)))

    @rule(data=st.data(), name=NAMES)
    def rename(self, data, name):
        obj = self._pick(data)
        if obj is not None and obj.kind != "Node":
            self._push(ReplaceObject(obj.edited(lambda raw: raw["metadata"].__setitem__("name", name)), obj.key))

    @rule(data=st.data(), dx=st.floats(-300, 300), dy=st.floats(-300, 300))
    def move(self, data, dx, dy):
        obj = self._pick(data)
        if obj is not None:
            old = self.design.position(obj.key)
            new = ((old or (0.0, 0.0))[0] + dx, (old or (0.0, 0.0))[1] + dy)
            self._push(MoveObjects({obj.key: (old, new)}))

    @rule(data=st.data(), replicas=st.integers(-1, 3))
    def macro(self, data, replicas):
        """Two edits as one step; when the second fails (negative replicas), the first is reverted."""
        dep = self._pick(data, "Deployment")
        if dep is not None:
            self._push(Macro([ReplaceObject(dep.edited(lambda r: r["metadata"].setdefault("labels", {})
                                                       .__setitem__("tier", "x"))),
                              ReplaceObject(dep.edited(lambda r: r["spec"].__setitem__("replicas", replicas)))]))

    @rule()
    def undo(self):
        self.history.undo()

    @rule()
    def redo(self):
        self.history.redo()

    @rule()
    def undo_everything_restores_the_start(self):
        COUNTS["undo_all"] += 1
        before = self.design.copy()
        undone = 0
        while self.history.undo():
            undone += 1
        assert self.design.same_design(self.start)
        assert dump_topology(self.design) == self.start_text
        for _ in range(undone):
            assert self.history.redo()
        assert self.design.same_design(before)

    # --------------------------------------------------------------------------------------- simulation
    def _sim_rule(self, action, refusals=()) -> None:
        """Run ``action`` on the simulator; ApiError (as kubectl would get) and the ``refusals`` the
        operation documents (ValueError for a bad name) are fine; anything else fails the test."""
        text = dump_topology(self.design)
        COUNTS["sim_rules"] += 1
        try:
            action(self.sim)
        except ApiError as exc:
            assert exc.reason in ("NotFound", "ServiceUnavailable", "Conflict", "Invalid"), exc
        except refusals:
            pass
        assert dump_topology(self.design) == text, "simulation changed the design"

    @initialize(start=st.booleans(), seed=st.integers(0, 3))
    def maybe_start_simulation(self, start, seed):
        if start:
            self.start_simulation(seed)

    @rule(seed=st.integers(0, 3))
    def start_simulation(self, seed):
        text = dump_topology(self.design)
        self.sim = Simulator(self.design, seed=seed)
        assert dump_topology(self.design) == text

    @precondition(lambda self: self.sim is not None)
    @rule(seconds=st.one_of(st.none(), st.integers(0, 90)))
    def step(self, seconds):
        self._sim_rule(lambda sim: sim.step(seconds))

    @precondition(lambda self: self.sim is not None)
    @rule()
    def settle(self):
        self._sim_rule(lambda sim: sim.settle(max_seconds=400))

    @precondition(lambda self: self.sim is not None)
    @rule(op=st.sampled_from(NODE_OPS), node=st.sampled_from(["worker-1", "worker-2", "worker-3", "control-plane"]))
    def node_fault(self, op, node):
        self._sim_rule(lambda sim: sim._input(op, node), ValueError)

    @precondition(lambda self: self.sim is not None)
    @rule(op=st.sampled_from(MEMBER_OPS))
    def control_plane_fault(self, op):
        # ValueError when the design has no such member any more (its etcd static pod deleted or renamed)
        self._sim_rule(lambda sim: sim._input(op, "control-plane"), ValueError)

    @precondition(lambda self: self.sim is not None)
    @rule(op=st.sampled_from(NODE_OPS), node=st.sampled_from(["worker-1", "worker-2", "worker-3"]),
          later=st.integers(0, 120))
    def scheduled_fault(self, op, node, later):
        self._sim_rule(lambda sim: sim.schedule_fault(sim.now + later, op, node), ValueError)

    @precondition(lambda self: self.sim is not None)
    @rule(deployment=st.sampled_from(["api", "mysql"]), replicas=st.integers(0, 8))
    def scale(self, deployment, replicas):
        self._sim_rule(lambda sim: sim.scale("shop", deployment, replicas))

    @precondition(lambda self: self.sim is not None)
    @rule(data=st.data())
    def delete_pod(self, data):
        pods = sorted(p.name for p in self.sim.cluster().pods("shop"))
        if pods:
            name = data.draw(st.sampled_from(pods))
            self._sim_rule(lambda sim: sim.delete_pod("shop", name))

    @precondition(lambda self: self.sim is not None)
    @rule(fraction=st.floats(0, 1))
    def timeline_jump(self, fraction):
        target = int(self.sim.now * fraction)
        self._sim_rule(lambda sim: sim.seek(target))
        assert self.sim.now == target and all(e.time <= target for e in self.sim.events)

    @precondition(lambda self: self.sim is not None)
    @rule(seconds=st.integers(1, 60))
    def snapshot_restore(self, seconds):
        snap = self.sim.snapshot()
        before = (self.sim.now, list(self.sim.events), list(self.sim.cluster()))
        self._sim_rule(lambda sim: sim.step(seconds))
        self.sim.restore(snap)
        assert (self.sim.now, list(self.sim.events), list(self.sim.cluster())) == before

    # -------------------------------------------------------------------------------------- invariants
    @invariant()
    def simulator_invariants_hold(self):
        COUNTS["steps"] += 1
        if self.sim is not None:
            # Controllers react at the moment of a change but after it: right after an operation (or at the
            # start, for pods a design binds to a node it lacks) EndpointSlices and the pod garbage collector
            # may not have caught up yet, as in Kubernetes. Those two invariants are checked once nothing is
            # pending at the current moment any more; the others always.
            # Both are kube-controller-manager's work: without a leader (member stopped, its static pod
            # deleted or renamed in the design, leader election under way) or without an API they wait.
            pending = self.sim.loop.peek()
            drained = pending is None or pending > self.sim.now
            cp = self.sim.control_plane()
            reactive = drained and cp.api_available and cp.controller_manager_leader is not None
            assert violations(self.sim.cluster(), reactive=reactive) == []

    @invariant()
    def design_holds_only_valid_objects(self):
        assert [(o.key, p.message) for o in self.design for p in validate_object(o.raw)
                if p.severity == "error"] == []

    def teardown(self):
        while self.history.undo():
            pass
        assert self.design.same_design(self.start)


def _run(examples: int, steps: int, derandomize: bool, figures) -> None:
    for k in COUNTS:
        COUNTS[k] = 0
    failures = 0
    try:
        run_state_machine_as_test(DesignAndSimulation, settings=settings(
            max_examples=examples, stateful_step_count=steps, deadline=None, derandomize=derandomize,
            database=None, suppress_health_check=list(HealthCheck)))
    except BaseException as exc:
        failures = len(getattr(exc, "exceptions", ())) or 1     # hypothesis groups distinct failures
        raise
    finally:
        figures.record(**COUNTS, failures=failures)   # counts include hypothesis' shrinking runs


def test_model_machine_quick(figures):
    _run(15, 25, True, figures)


@pytest.mark.slow
def test_model_machine_long(figures):
    _run(300, 60, False, figures)
