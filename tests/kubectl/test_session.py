"""A scripted kubectl session (tests/kubectl/session.py) against the example cluster: every command's whole
output against the reviewed transcript, and the state changes the simulation shows afterwards."""

from __future__ import annotations

import pytest

from tests.kubectl.session import GOLDEN, STEPS, entry, run_session, split_transcript

COMMANDS = [s for s in STEPS if not s.startswith("@")]


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    states = {}

    def observe(i, sim):
        states[i] = {
            "api_pods": sorted((p.node_name, p.phase) for p in sim.api.list("Pod", "shop", "app=api")
                               if not p.metadata.get("deletionTimestamp")),
            "worker1_pods": sorted(p.name for p in sim.api.list("Pod") if p.node_name == "worker-1"
                                   and not p.is_static),
            "hello": sorted((p.phase, bool(p.node_name)) for p in sim.api.list("Pod", "default", "app=hello")),
            "hello_svc": [(s.type, bool(s.ports[0].node_port)) for s in sim.api.list("Service", "default")
                          if s.name == "hello"],
            "web": sorted(o.kind for k in ("Deployment", "Service", "Pod") for o in sim.api.list(k, "shop", None)
                          if o.name.startswith("web")),
            "worker3_taints": [t.get("key") for t in sim.api.get("Node", "", "worker-3").spec.get("taints") or ()],
            "unschedulable": sorted(n.name for n in sim.api.list("Node") if n.unschedulable),
            "now": sim.now,
            "inputs": [op for _, op, _ in sim.inputs],
        }
    results = run_session(tmp_path_factory.mktemp("session"), observe)
    return results, states


def test_session_has_at_least_30_commands():
    assert len(COMMANDS) >= 30


@pytest.mark.parametrize("index", range(len(COMMANDS)), ids=[f"{i:02d} {c}" for i, c in enumerate(COMMANDS)])
def test_command_output_matches_transcript(session, index):
    results, _ = session
    expected = split_transcript(GOLDEN.read_text())
    step, result = results[index]
    assert entry(step, result) == expected[index]


def _after(step: str, occurrence: int = 0) -> int:
    return [i for i, s in enumerate(STEPS) if s == step][occurrence]


STATE_CASES = [
    # (case id, step after which to look, field, expected)
    ("scale-then-settle-places-five-running-pods", ("@settle", 0), "api_pods",
     sorted([("worker-1", "Running"), ("worker-2", "Running"), ("worker-2", "Running"), ("worker-3", "Running"),
             ("worker-3", "Running")])),
    ("scale-alone-changes-no-pod-before-time-passes", ("scale deployment api -n shop --replicas=5", 0), "api_pods",
     sorted([("worker-1", "Running"), ("worker-2", "Running"), ("worker-3", "Running")])),
    ("create-and-expose-run-two-pods-behind-a-nodeport", ("@settle", 1), "hello",
     [("Running", True), ("Running", True)]),
    ("expose-allocates-a-node-port", ("@settle", 1), "hello_svc", [("NodePort", True)]),
    ("apply-creates-deployment-service-and-pods", ("@settle", 2), "web",
     ["Deployment", "Pod", "Pod", "Service"]),
    ("taint-lands-on-the-node", ("taint nodes worker-3 dedicated=db:NoSchedule", 0), "worker3_taints",
     ["dedicated"]),
    ("cordon-marks-the-node", ("cordon worker-1", 0), "unschedulable", ["worker-1"]),
    ("drain-leaves-no-workload-pod-on-the-node", ("drain worker-1 --ignore-daemonsets", 0), "worker1_pods", []),
    ("uncordon-clears-the-mark", ("uncordon worker-1", 0), "unschedulable", []),
    ("untaint-removes-the-taint", ("taint nodes worker-3 dedicated:NoSchedule-", 0), "worker3_taints", []),
    ("delete-f-removes-what-apply-created", ("@settle", 4), "web", []),
    ("every-write-is-a-recorded-simulator-operation", ("get deploy api -n shop -o json", 0), "inputs",
     # scale; create+expose hello; apply web (2); label 2 pods; taint; cordon; drain (2 pods); uncordon;
     # untaint; rollout restart; rollout undo; delete hello (2) and web (2)
     ["scale"] + ["apply"] * 7 + ["cordon", "delete-pod", "delete-pod", "uncordon"] + ["apply"] * 3
     + ["delete"] * 4),
]


@pytest.mark.parametrize("step, field, expected", [c[1:] for c in STATE_CASES], ids=[c[0] for c in STATE_CASES])
def test_state_after_step(session, step, field, expected):
    _, states = session
    assert states[_after(*step)][field] == expected


def test_blocking_commands_advance_simulated_time(session):
    _, states = session
    before = states[_after("rollout restart deployment/api -n shop")]["now"]
    after = states[_after("rollout status deployment/api -n shop")]["now"]
    assert (after > before, states[_after("drain worker-1 --ignore-daemonsets")]["now"]
            > states[_after("cordon worker-1")]["now"]) == (True, True)


def test_kubectl_writes_replay_on_the_timeline(tmp_path):
    """Seeking back and running forward again reproduces what the kubectl commands did."""
    from explorer.kubectl import Kubectl
    from tests.kubectl.session import new_simulator
    sim = new_simulator()
    kubectl = Kubectl(sim)
    for command in ("scale deployment api -n shop --replicas=4", "taint nodes worker-2 a=b:NoSchedule",
                    "label ns shop team=payments", "drain worker-1 --ignore-daemonsets"):
        assert kubectl.run(command).exit_code == 0
    sim.settle()
    end = sim.now

    def state():
        return sorted((o.kind, o.namespace, o.name, o.labels.get("team", ""), o.spec.get("nodeName", ""),
                       str(o.spec.get("taints", "")), o.status.get("phase", "")) for o in sim.api.list("Pod")
                      + sim.api.list("Node") + sim.api.list("Namespace"))
    before = state()
    sim.seek(0)
    sim.run(end)
    assert state() == before
