"""``k8s-explorer kubectl FILE [--state] [--settle] [--script] -- ARGS``: exit codes and whole outputs."""

from __future__ import annotations

import pytest

from explorer.cli.main import main
from explorer.io import load_topology, save_topology
from explorer.model import example_cluster


@pytest.fixture
def example_file(tmp_path):
    path = tmp_path / "cluster.yaml"
    save_topology(example_cluster(), path)
    return path


NODES = ("NAME            STATUS   ROLES           AGE   VERSION\n"
         "control-plane   Ready    control-plane   3s    v1.34.0\n"
         "worker-1        Ready    <none>          3s    v1.34.0\n"
         "worker-2        Ready    <none>          3s    v1.34.0\n"
         "worker-3        Ready    <none>          3s    v1.34.0\n")

CASES = [
    ("one-command", ["--", "get", "nodes"], 0, NODES, ""),
    ("options-before-the-double-dash", ["--seed", "0", "--", "get", "ns", "shop", "-o", "name"], 0,
     "namespace/shop\n", ""),
    ("kubectl-error-is-exit-1", ["--", "get", "pods", "nope"], 1, "",
     'Error from server (NotFound): pods "nope" not found\n'),
    ("no-command-is-usage-error", [], 2, "",
     "k8s-explorer kubectl: give kubectl arguments after --, e.g. `k8s-explorer kubectl FILE -- get pods -A`, "
     "or --script SCRIPT\n"),
    ("double-dash-is-optional", ["get", "pods", "-n", "kube-system", "-o", "name", "-l", "component=etcd"], 0,
     "pod/etcd-control-plane\n", ""),
    ("option-missing-value", ["--state"], 2, "", "k8s-explorer kubectl: --state needs a value\n"),
]


@pytest.mark.parametrize("argv, code, stdout, stderr", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cli(example_file, capsys, argv, code, stdout, stderr):
    assert main(["kubectl", str(example_file), *argv]) == code
    assert capsys.readouterr() == (stdout, stderr)


def test_missing_file_is_exit_1(tmp_path, capsys):
    code = main(["kubectl", str(tmp_path / "none.yaml"), "--", "get", "nodes"])
    out = capsys.readouterr()
    assert (code, out.out, out.err.startswith(str(tmp_path / "none.yaml"))) == (1, "", True)


def test_script_with_settle_and_state(example_file, tmp_path, capsys):
    script = tmp_path / "lesson.txt"
    script.write_text("# scale the API and watch the new pods land\n"
                      "kubectl scale deployment api -n shop --replicas=4\n"
                      "settle\n"
                      "get deploy api -n shop\n"
                      "sleep 10\n"
                      "get pods -n nowhere\n")
    state = tmp_path / "after.yaml"
    code = main(["kubectl", str(example_file), "--script", str(script), "--state", str(state)])
    out = capsys.readouterr()
    assert (code, out.out, out.err) == (0, "$ kubectl scale deployment api -n shop --replicas=4\n"
                                           "deployment.apps/api scaled\n"
                                           "# settled at t=5s\n"
                                           "$ kubectl get deploy api -n shop\n"
                                           "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\n"
                                           "api    4/4     4            4           5s\n"
                                           "# t=15s\n"
                                           "$ kubectl get pods -n nowhere\n",
                                        "No resources found in nowhere namespace.\n")
    saved = load_topology(state).cluster
    api_pods = [p for p in saved.pods("shop") if p.labels.get("app") == "api"]
    assert sorted((bool(p.node_name), p.phase) for p in api_pods) == [(True, "Running")] * 4


def test_settle_after_one_command_saves_running_pods(example_file, tmp_path, capsys):
    state = tmp_path / "after.yaml"
    code = main(["kubectl", str(example_file), "--settle", "--state", str(state), "--",
                 "create", "deployment", "web", "--image=nginx:1.27", "--replicas=2"])
    assert (code, capsys.readouterr().out) == (0, "deployment.apps/web created\n")
    web = [p for p in load_topology(state).cluster.pods("default") if p.labels.get("app") == "web"]
    assert sorted((bool(p.node_name), p.phase) for p in web) == [(True, "Running"), (True, "Running")]
