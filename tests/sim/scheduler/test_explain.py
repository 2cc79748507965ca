"""explain_pod and ``k8s-explorer explain``: one cycle against a cluster as loaded, compared whole."""

from __future__ import annotations

import json

import pytest

from explorer.cli.main import main
from explorer.io import save_topology
from explorer.model import Cluster
from explorer.sim.scheduler import explain_pod
from tests.sim.scheduler.helpers import node, pod, service

CP_TAINT = [{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]


def small_cluster() -> Cluster:
    c = Cluster()
    c.add_many([
        node("cp", cpu="2", memory="8Gi", taints=CP_TAINT, zone="a"),
        node("w1", zone="a"), node("w2", zone="b"), node("w3", zone="b", cpu="1"),
        service("web", {"app": "web"}),
        pod("web-1", labels={"app": "web"}, cpu="500m", memory="1Gi", node_name="w1"),
        pod("web-2", labels={"app": "web"}, cpu="1", memory="2Gi"),
        pod("big", cpu="5"),
    ])
    return c


def passed(name, scores, total):
    return {"name": name, "filter": {"passed": True, "plugin": None, "reasons": []}, "scores": scores,
            "total": total}


def failed(name, plugin, reasons):
    return {"name": name, "filter": {"passed": False, "plugin": plugin, "reasons": reasons}, "scores": {},
            "total": 0}


def scores(taint, fit, spread, balanced):
    return {"TaintToleration": taint, "NodeAffinity": 0, "NodeResourcesFit": fit, "PodTopologySpread": spread,
            "InterPodAffinity": 0, "NodeResourcesBalancedAllocation": balanced, "ImageLocality": 0}


CP_FAIL = failed("cp", "TaintToleration", ["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"])
EXPLAIN_CASES = {
    "spread-and-resources": ("default", "web-2", {
        "pod": "default/web-2", "selected": "w2", "message": None,
        "nodes": [CP_FAIL,
                  passed("w1", scores(100, 71, 66, 90), 3 * 100 + 71 + 2 * 66 + 90),
                  passed("w2", scores(100, 81, 100, 93), 3 * 100 + 81 + 2 * 100 + 93),
                  passed("w3", scores(100, 43, 100, 56), 3 * 100 + 43 + 2 * 100 + 56)]}),
    "unschedulable": ("default", "big", {
        "pod": "default/big", "selected": None,
        "message": "0/4 nodes are available: 1 node(s) had untolerated taint "
                   "{node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are "
                   "available: 4 Preemption is not helpful for scheduling.",
        "nodes": [CP_FAIL, failed("w1", "NodeResourcesFit", ["Insufficient cpu"]),
                  failed("w2", "NodeResourcesFit", ["Insufficient cpu"]),
                  failed("w3", "NodeResourcesFit", ["Insufficient cpu"])]}),
}


@pytest.mark.parametrize("ns,name,expected", EXPLAIN_CASES.values(), ids=EXPLAIN_CASES.keys())
def test_explain_pod_json(ns, name, expected):
    assert explain_pod(small_cluster(), ns, name).to_json() == expected


def test_explain_bound_pod_ignores_its_node_name():
    result = explain_pod(small_cluster(), "default", "web-1")
    assert [(n.name, n.passed) for n in result.nodes] == [("cp", False), ("w1", True), ("w2", True), ("w3", True)]


def test_explain_ignores_finished_pods():
    cluster = small_cluster()
    done = pod("job-1", cpu="4", node_name="w2").edited(lambda raw: raw.update(status={"phase": "Succeeded"}))
    cluster.add(done)
    assert explain_pod(cluster, "default", "web-2").to_json() == EXPLAIN_CASES["spread-and-resources"][2]


def test_explain_missing_pod():
    with pytest.raises(LookupError, match='pods "nope" not found in namespace "default"'):
        explain_pod(small_cluster(), "default", "nope")


@pytest.fixture
def cluster_file(tmp_path):
    path = tmp_path / "cluster.yaml"
    save_topology(small_cluster(), str(path))
    return str(path)


CLI_CASES = {
    "json": (["--pod", "default/web-2", "--json"], 0, "json"),
    "bare-name-defaults-namespace": (["--pod", "web-2", "--json"], 0, "json"),
    "missing-pod": (["--pod", "default/nope"], 1, ""),
    "malformed-pod": (["--pod", "a/b/c"], 2, ""),
}


@pytest.mark.parametrize("args,code,kind", CLI_CASES.values(), ids=CLI_CASES.keys())
def test_cli(cluster_file, capsys, args, code, kind):
    assert main(["explain", cluster_file] + args) == code
    out = capsys.readouterr().out
    if kind == "json":
        assert json.loads(out) == EXPLAIN_CASES["spread-and-resources"][2]
    else:
        assert out == ""


def test_cli_text(cluster_file, capsys):
    assert main(["explain", cluster_file, "--pod", "default/big"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Pod default/big"
    assert lines[2].split() == ["NODE", "FILTER", "TOTAL"]
    assert lines[4].split() == ["w1", "NodeResourcesFit:", "Insufficient", "cpu", "-"]
    assert lines[-1] == ("Event: Warning FailedScheduling: " + EXPLAIN_CASES["unschedulable"][2]["message"])


def test_cli_text_whole(cluster_file, capsys):
    assert main(["explain", cluster_file, "--pod", "default/web-2"]) == 0
    taint = "TaintToleration: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"
    assert [line.split() for line in capsys.readouterr().out.splitlines()] == [
        ["Pod", "default/web-2"], [],
        ["NODE", "FILTER", "Taint", "NodeAff", "Fit", "Spread", "PodAff", "Balanced", "Image", "TOTAL"],
        ["cp"] + taint.split() + ["-"] * 8,
        ["w1", "passed", "100", "0", "71", "66", "0", "90", "0", "593"],
        ["w2", "passed", "100", "0", "81", "100", "0", "93", "0", "674"],
        ["w3", "passed", "100", "0", "43", "100", "0", "56", "0", "599"], [],
        ("Scores are 0-100 per plugin after normalization; TOTAL = 3*Taint + 2*NodeAff + 1*Fit + 2*Spread + "
         "2*PodAff + 1*Balanced + 1*Image.").split(),
        ("(Taint=TaintToleration, NodeAff=NodeAffinity, Fit=NodeResourcesFit, Spread=PodTopologySpread, "
         "PodAff=InterPodAffinity, Balanced=NodeResourcesBalancedAllocation, Image=ImageLocality)").split(), [],
        ["Selected:", "w2"],
        "Event: Normal Scheduled: Successfully assigned default/web-2 to w2".split()]
