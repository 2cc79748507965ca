"""`k8s-explorer validate`, `export` and `info`: output and exit status, compared whole."""

from __future__ import annotations

import json

import pytest

from explorer.cli.main import main
from explorer.io import dump_manifests, dump_topology, save_topology
from explorer.model import example_cluster

GOOD = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"
WARN = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n"
BAD = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: two\n"


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, text in {"good.yaml": GOOD, "warn.yaml": WARN, "bad.yaml": BAD}.items():
        (tmp_path / name).write_text(text)
    save_topology(example_cluster(), tmp_path / "example.yaml")
    return tmp_path


WARN_LINE = ('warn.yaml:6: document 0: spec.selector: warning: Service "default/web" selects no pods: no Pod or '
             'workload template in namespace "default" has labels app=web')
BAD_LINES = ["bad.yaml:6: document 0: spec.replicas: must be an integer, got a string",
             "bad.yaml:5: document 0: spec.selector: Required value",
             "bad.yaml:5: document 0: spec.template: Required value",
             "bad.yaml:5: document 0: spec.template.spec: Required value"]

VALIDATE = {
    "clean": (["good.yaml", "example.yaml"], 0, [], "2 files, 19 objects: 0 errors, 0 warnings"),
    "warnings-only-exit-0": (["warn.yaml"], 0, [WARN_LINE], "1 file, 1 object: 0 errors, 1 warning"),
    "errors-exit-1": (["good.yaml", "bad.yaml"], 1, sorted(BAD_LINES, key=lambda s: int(s.split(":")[1])),
                      "2 files, 1 object: 4 errors, 0 warnings"),
    "quiet-hides-warnings": (["-q", "warn.yaml"], 0, [], "1 file, 1 object: 0 errors, 0 warnings"),
    "missing-file": (["nope.yaml"], 1, ["nope.yaml: cannot read: No such file or directory"],
                     "1 file, 0 objects: 1 error, 0 warnings"),
}


@pytest.mark.parametrize("argv,code,stdout,stderr", VALIDATE.values(), ids=VALIDATE.keys())
def test_validate(files, capsys, argv, code, stdout, stderr):
    assert main(["validate", *argv]) == code
    out, err = capsys.readouterr()
    assert (out.splitlines(), err.splitlines()) == (stdout, [stderr])


def test_validate_json(files, capsys):
    assert main(["validate", "--json", "warn.yaml", "bad.yaml"]) == 1
    out, err = capsys.readouterr()
    assert (json.loads(out)[:2], err) == ([
        {"severity": "warning", "file": "warn.yaml", "document": 0, "line": 6, "path": "spec.selector",
         "message": 'Service "default/web" selects no pods: no Pod or workload template in namespace "default" '
                    'has labels app=web'},
        {"severity": "error", "file": "bad.yaml", "document": 0, "line": 5, "path": "spec.selector",
         "message": "Required value"}], "")


EXPORT = {
    "full-topology": (["example.yaml", "-o", "out.yaml"], 0, lambda: dump_topology(example_cluster()), ""),
    "manifests": (["example.yaml", "-o", "out.yaml", "--manifests"], 0, lambda: dump_manifests(example_cluster()),
                  ""),
    "warnings-are-printed-export-goes-ahead": (["warn.yaml", "-o", "out.yaml", "--manifests"], 0,
                                               lambda: dump_manifests(_loaded(WARN)), WARN_LINE + "\n"),
    "errors-write-nothing": (["bad.yaml", "-o", "out.yaml"], 1, lambda: None,
                             "\n".join(sorted(BAD_LINES, key=lambda s: int(s.split(":")[1])))
                             + "\nk8s-explorer export: bad.yaml has errors; nothing written\n"),
    "missing-input": (["nope.yaml", "-o", "out.yaml"], 1, lambda: None,
                      "nope.yaml: cannot read: No such file or directory\n"
                      "k8s-explorer export: nope.yaml has errors; nothing written\n"),
    "unwritable-output": (["good.yaml", "-o", "no/such/dir/out.yaml"], 1, lambda: None,
                          "k8s-explorer export: cannot write no/such/dir/out.yaml: No such file or directory\n"),
}


def _loaded(text):
    from explorer.io import load_text
    return load_text(text).cluster


@pytest.mark.parametrize("argv,code,expected,stderr", EXPORT.values(), ids=EXPORT.keys())
def test_export(files, capsys, argv, code, expected, stderr):
    assert main(["export", *argv]) == code
    out_file = files / "out.yaml"
    written = out_file.read_text() if out_file.exists() else None
    assert (written, capsys.readouterr()) == (expected(), ("", stderr))


def test_export_to_stdout(files, capsys):
    assert main(["export", "example.yaml", "-o", "-", "--manifests"]) == 0
    assert capsys.readouterr() == (dump_manifests(example_cluster()), "")


INFO_TEXT = """example.yaml: cluster 'kubernetes', Kubernetes v1.34.0
Objects: 18
  Deployment    3
  Ingress       1
  IngressClass  1
  Namespace     2
  Node          4
  Pod           4
  Service       3
Nodes: 4 (1 control-plane: control-plane; 3 workers)
Pods: 4 (4 static control-plane, 0 other); Deployments want 5 replicas
Namespaces: ingress-nginx, kube-system, shop
Pod CIDR: 10.244.0.0/16 (a /24 per node, room for 256 nodes)
Service CIDR: 10.96.0.0/12
NodePort range: 30000-32767
LoadBalancer pool: 203.0.113.0/24
DNS domain: cluster.local
"""


def test_info(files, capsys):
    assert main(["info", "example.yaml"]) == 0
    assert capsys.readouterr() == (INFO_TEXT, "")


def test_info_json(files, capsys):
    assert main(["info", "--json", "example.yaml"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "cluster": "kubernetes", "kubernetesVersion": "v1.34.0", "objects": 18,
        "kinds": {"Deployment": 3, "Ingress": 1, "IngressClass": 1, "Namespace": 2, "Node": 4, "Pod": 4,
                  "Service": 3},
        "nodes": {"total": 4, "controlPlane": 1, "workers": 3, "controlPlaneNames": ["control-plane"]},
        "pods": {"total": 4, "static": 4, "other": 0, "deploymentReplicas": 5},
        "namespaces": ["ingress-nginx", "kube-system", "shop"],
        "podCIDR": "10.244.0.0/16", "nodeCIDRMaskSize": 24, "maxNodes": 256, "serviceCIDR": "10.96.0.0/12",
        "nodePortRange": "30000-32767", "loadBalancerPool": "203.0.113.0/24", "dnsDomain": "cluster.local"}


INFO_ERRORS = {
    "missing-file": (["nope.yaml"], 1, "nope.yaml: cannot read: No such file or directory\n"),
    "file-with-errors": (["bad.yaml"], 1, "\n".join(sorted(BAD_LINES, key=lambda s: int(s.split(":")[1]))) + "\n"),
}


@pytest.mark.parametrize("argv,code,stderr", INFO_ERRORS.values(), ids=INFO_ERRORS.keys())
def test_info_errors(files, capsys, argv, code, stderr):
    assert main(["info", *argv]) == code
    assert capsys.readouterr() == ("", stderr)


STDIN = {
    "clean": (GOOD.encode(), 0, "", "1 file, 1 object: 0 errors, 0 warnings\n"),
    "error": (BAD.replace("replicas: two", "replicas: 2\n  selector: {}\n  template: {}").encode(), 1,
              "<stdin>:8: document 0: spec.template.spec: Required value\n",
              "1 file, 0 objects: 1 error, 0 warnings\n"),
    "not-utf8": (b"kind: caf\xe9\n", 1, "<stdin>:1: not UTF-8 text: byte 0xe9 at offset 9 (save the file as UTF-8)\n",
                 "1 file, 0 objects: 1 error, 0 warnings\n"),
}


@pytest.mark.parametrize("data,code,stdout,stderr", STDIN.values(), ids=STDIN.keys())
def test_validate_reads_stdin(monkeypatch, capsys, data, code, stdout, stderr):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["validate", "-"]) == code
    assert capsys.readouterr() == (stdout, stderr)
