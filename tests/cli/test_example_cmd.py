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
