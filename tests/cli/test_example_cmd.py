"""``k8s-explorer example``: the built-in example cluster as a file, loadable and valid."""

from __future__ import annotations

import pytest

from explorer.cli.main import main
from explorer.io import load_topology
from explorer.model import example_cluster

CASES = [
    ("topology", [], True),
    ("manifests", ["--manifests"], False),
]


@pytest.mark.parametrize("name,flags,full", CASES, ids=[c[0] for c in CASES])
def test_example_writes_a_loadable_file(tmp_path, capsys, name, flags, full):
    out = tmp_path / "example.yaml"
    assert main(["example", "-o", str(out), *flags]) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    result = load_topology(str(out))
    kinds = result.cluster.kinds()
    assert (result.ok, "Node" in kinds) == (True, full)
    if full:
        assert result.cluster.same_design(example_cluster())


def test_example_to_stdout(capsys):
    assert main(["example"]) == 0
    assert "kind: Node" in capsys.readouterr().out


def test_example_unwritable_path_is_one_clean_line(capsys):
    assert main(["example", "-o", "/nonexistent-dir/x.yaml"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("k8s-explorer: cannot write /nonexistent-dir/x.yaml:") and err.count("\n") == 1


UNWRITABLE = [
    ("simulate", ["simulate", "{file}", "--until", "5", "-o", "/nonexistent-dir/out.yaml"],
     "k8s-explorer simulate: cannot write /nonexistent-dir/out.yaml: No such file or directory\n"),
    ("kubectl", ["kubectl", "{file}", "--state", "/nonexistent-dir/out.yaml", "--", "get", "ns"],
     "k8s-explorer kubectl: cannot write /nonexistent-dir/out.yaml: No such file or directory\n"),
]


@pytest.mark.parametrize("name,argv,error", UNWRITABLE, ids=[c[0] for c in UNWRITABLE])
def test_commands_report_an_unwritable_output_in_one_line(tmp_path, capsys, name, argv, error):
    topology = tmp_path / "example.yaml"
    assert main(["example", "-o", str(topology)]) == 0
    capsys.readouterr()
    assert main([a.format(file=topology) for a in argv]) == 1
    assert capsys.readouterr().err.endswith(error)
