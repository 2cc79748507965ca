"""``k8s-explorer simulate``: event table, summary, JSON, faults, -o, and errors."""

from __future__ import annotations

import json

import pytest

from explorer.cli.main import main
from explorer.cli.simulate_cmd import human_duration, parse_fault
from explorer.io import load_topology, save_topology
from explorer.model import builders as b

from tests.sim.helpers import cluster_of


@pytest.fixture
def topology(tmp_path):
    path = tmp_path / "cluster.yaml"
    save_topology(cluster_of(list(b.control_plane_node("control-plane", internal_ip="192.168.56.10"))
                             + [b.worker_node("worker-1", internal_ip="192.168.56.11"),
                                b.worker_node("worker-2", internal_ip="192.168.56.12"),
                                b.deployment("web", replicas=1)]), path)
    return path


FAULTS = {
    "node": ("stop-node:worker-2@30", (30, "stop-node", ("worker-2",))),
    "delete-pod": ("delete-pod:shop/api-x@5", (5, "delete-pod", ("shop", "api-x"))),
    "scale": ("scale:shop/api=5@60", (60, "scale", ("shop", "api", 5))),
    "no-time": ("stop-node:worker-2", "--fault 'stop-node:worker-2': expected OP:ARGS@SECONDS, e.g. "
                                      "stop-node:worker-2@30, delete-pod:shop/api-x@20, scale:shop/api=5@60"),
    "unknown-op": ("explode:worker-2@3", "--fault 'explode:worker-2@3': unknown operation 'explode'"),
    "bad-scale": ("scale:api@3", "--fault 'scale:api@3': scale takes NAMESPACE/DEPLOYMENT=REPLICAS"),
}


@pytest.mark.parametrize("text, expected", FAULTS.values(), ids=FAULTS.keys())
def test_parse_fault(text, expected):
    try:
        got = parse_fault(text)
    except ValueError as exc:
        got = str(exc)
    assert got == expected


@pytest.mark.parametrize("seconds, text", [(0, "0s"), (59, "59s"), (119, "119s"), (150, "2m30s"), (600, "10m"),
                                           (7200, "120m"), (4 * 3600 + 60, "4h1m"), (10 * 3600, "10h"),
                                           (72 * 3600, "3d")],
                         ids=["zero", "seconds", "under-2m", "minutes-seconds", "minutes", "under-3h", "hours-minutes",
                              "hours", "days"])
def test_human_duration(seconds, text):
    assert human_duration(seconds) == text


def test_event_table_and_summary(topology, capsys):
    assert main(["simulate", str(topology), "--until", "120", "--fault", "stop-node:worker-1@10"]) == 0
    lines = capsys.readouterr().out.splitlines()
    leader = lines[1].split()[-3]
    assert [line.rstrip() for line in lines if "LeaderElection" not in line] == [
        "NAMESPACE     LAST SEEN   TYPE     REASON              OBJECT                          MESSAGE",
        "default       0s          Normal   ScalingReplicaSet   deployment/web                  "
        "Scaled up replica set web-6b7b54456 from 0 to 1",
        "default       0s          Normal   SuccessfulCreate    replicaset/web-6b7b54456        "
        "Created pod: web-6b7b54456-vlc8w",
        "default       0s          Normal   Scheduled           pod/web-6b7b54456-vlc8w         "
        "Successfully assigned default/web-6b7b54456-vlc8w to worker-2",
        "default       1s          Normal   Pulling             pod/web-6b7b54456-vlc8w         "
        'Pulling image "nginx:1.27"',
        "default       3s          Normal   Pulled              pod/web-6b7b54456-vlc8w         "
        'Successfully pulled image "nginx:1.27" in 2s (2s including waiting)',
        "default       3s          Normal   Created             pod/web-6b7b54456-vlc8w         "
        "Created container: web",
        "default       3s          Normal   Started             pod/web-6b7b54456-vlc8w         "
        "Started container web",
        "default       65s         Normal   NodeNotReady        node/worker-1                   "
        "Node worker-1 status is now: NodeNotReady",
        "",
        "Summary at 2m (10 events)",
        "  Nodes:  2/3 Ready (NotReady: worker-1)",
        "  Pods:   Running 5",
        "  Control plane: API available, etcd 1/1 healthy (quorum), scheduler leader control-plane, "
        "controller-manager leader control-plane"]
    assert leader.startswith("control-plane_")


def test_json_and_output_file(topology, tmp_path, capsys):
    out_path = tmp_path / "final.yaml"
    assert main(["simulate", str(topology), "--until", "30", "--json", "-o", str(out_path), "--seed", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    final = load_topology(out_path)
    pods = [p for p in final.cluster.pods("default")]
    assert (sorted(data), sorted(data["summary"]), data["summary"]["pods"], final.ok,
            [(p.phase, bool(p.pod_ip), p.node_name in ("worker-1", "worker-2")) for p in pods]) == \
        (["events", "summary"], ["control_plane", "events", "nodes", "pods", "time"], {"Running": 5}, True,
         [("Running", True, True)])


ERRORS = {
    "missing-file": (["simulate", "/nonexistent.yaml", "--until", "5"], 1, "/nonexistent.yaml: cannot read: No such file or directory"),
    "bad-fault": (["simulate", "{file}", "--until", "5", "--fault", "nope"], 2,
                  "simulate: --fault 'nope': expected OP:ARGS@SECONDS, e.g. stop-node:worker-2@30, "
                  "delete-pod:shop/api-x@20, scale:shop/api=5@60"),
    "unknown-node": (["simulate", "{file}", "--until", "5", "--fault", "stop-node:ghost@3"], 1,
                     'simulate: --fault: nodes "ghost" not found'),
    "negative-until": (["simulate", "{file}", "--until", "-1"], 2, "simulate: --until must be >= 0"),
}


@pytest.mark.parametrize("argv, code, message", ERRORS.values(), ids=ERRORS.keys())
def test_errors(topology, capsys, argv, code, message):
    argv = [a.replace("{file}", str(topology)) for a in argv]
    assert (main(argv), capsys.readouterr().err.strip()) == (code, message)


def test_event_table_as_kubectl_ages():
    from explorer.sim import Event
    from explorer.sim.events import format_event_table
    events = [Event(5, "Normal", "Scheduled", ("Pod", "shop", "api-1"), "Successfully assigned shop/api-1 to w1",
                    "default-scheduler"),
              Event(300, "Warning", "NodeNotReady", ("Node", "", "w1"), "Node w1 status is now: NodeNotReady",
                    "node-controller")]
    assert format_event_table(events, now=305, all_namespaces=False).splitlines() == [
        "LAST SEEN   TYPE      REASON         OBJECT      MESSAGE",
        "5m          Normal    Scheduled      pod/api-1   Successfully assigned shop/api-1 to w1",
        "5s          Warning   NodeNotReady   node/w1     Node w1 status is now: NodeNotReady"]


def test_pod_faults_are_checked_when_they_fire(topology, capsys):
    assert main(["simulate", str(topology), "--until", "20", "--json", "--fault", "delete-pod:default/nope@5",
                 "--fault", "scale:default/web=2@6"]) == 0
    events = json.loads(capsys.readouterr().out)["events"]
    assert [(e["time"], e["type"], e["reason"], e["message"]) for e in events
            if e["reason"] in ("FaultFailed", "ScalingReplicaSet")] == [
        (0, "Normal", "ScalingReplicaSet", "Scaled up replica set web-6b7b54456 from 0 to 1"),
        (5, "Warning", "FaultFailed", 'delete-pod default nope: pods "nope" not found'),
        (6, "Normal", "ScalingReplicaSet", "Scaled up replica set web-6b7b54456 from 1 to 2")]
