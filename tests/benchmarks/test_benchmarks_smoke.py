"""Smoke tests of the benchmark suite: the generator is deterministic and the harness runs at toy size.

No timing assertions (speed is what `python -m benchmarks` reports, not what the unit suite checks).
"""

from __future__ import annotations

import pytest

from benchmarks import figures
from benchmarks.__main__ import median_run, target_text, verdict, write_doc
from benchmarks.generate import generate, summary
from explorer.io import dump_topology, load_text

ROW_KEYS = ["name", "value", "unit", "target", "op", "baseline", "baseline_label", "ratio", "ratio_label", "met",
            "note", "target_on"]


@pytest.mark.parametrize("case, nodes, expected", [
    ("11 nodes", 11, {"Node": 11, "Pod": 342, "Deployment": 1001, "ReplicaSet": 1000, "Service": 1001,
                      "Ingress": 100, "NetworkPolicy": 150, "Namespace": 51}),
    ("50 nodes", 50, {"Node": 50, "Pod": 1512, "Deployment": 1001, "ReplicaSet": 1000, "Service": 1001,
                      "Ingress": 100, "NetworkPolicy": 150, "Namespace": 51}),
], ids=lambda v: v if isinstance(v, str) else "")
def test_generator_sizes(case, nodes, expected):
    # 30 pods per node plus 3 control-plane members x 4 static pods
    assert summary(generate(nodes)) == expected


@pytest.mark.parametrize("case, first, second, same", [
    ("same seed gives the same file", 0, 0, True),
    ("another seed gives another file", 0, 1, False),
], ids=lambda v: v if isinstance(v, str) else "")
def test_generator_is_deterministic(case, first, second, same):
    assert (dump_topology(generate(12, first, deployments=30)) ==
            dump_topology(generate(12, second, deployments=30))) is same


def test_generated_topology_loads_back_clean():
    text = dump_topology(generate(12, 0, deployments=30))
    result = load_text(text, "generated.yaml")
    assert [str(d) for d in result.diagnostics] == []
    assert summary(result.cluster) == summary(generate(12, 0, deployments=30))


@pytest.mark.parametrize("case, kwargs, expected", [
    ("too few nodes", {"nodes": 10}, "nodes 10: at least 11 are needed (3 control-plane members and a GPU worker)"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_generator_errors(case, kwargs, expected):
    with pytest.raises(ValueError) as exc:
        generate(**kwargs)
    assert str(exc.value) == expected


@pytest.mark.parametrize("case, row, expected", [
    ("rate met", figures.row("r", 60_000, "pods/s", 50_000, ">="), ("≥ 50,000 pods/s", "met")),
    ("rate missed", figures.row("r", 5_000, "pods/s", 50_000, ">="), ("≥ 50,000 pods/s", "NOT met (10.0× off)")),
    ("time over", figures.row("t", 2.5, "s", 1.0, "<="), ("≤ 1 s", "NOT met (2.5× off)")),
    ("ratio target", figures.row("i", 9.0, "s", 2.0, "<=", 3.0, "parse", 3.0, "x", target_on="ratio"),
     ("≤ 2× baseline", "NOT met (1.5× off)")),
    ("informational", figures.row("a", 3.0, "pods/s"), ("–", "(no target)")),
], ids=lambda v: v if isinstance(v, str) else "")
def test_row_verdicts(case, row, expected):
    assert list(row) == ROW_KEYS
    assert (target_text(row), verdict(row)) == expected


@pytest.mark.parametrize("case, runs, expected", [
    ("one run", [{"open_s": 2.0, "opened": True, "cpu": {"open_s": 3.0}}],
     {"open_s": 2.0, "opened": True, "cpu": {"open_s": 3.0}, "open_runs": [2.0]}),
    ("three runs: medians, the first run's other values", [
        {"open_s": 3.1, "full_s": 0.002, "opened": True, "viewport": "1x1", "cpu": {"open_s": 5.0}},
        {"open_s": 2.6, "full_s": 0.004, "opened": False, "viewport": "2x2", "cpu": {"open_s": 4.0}},
        {"open_s": 2.9, "full_s": 0.003, "opened": True, "viewport": "3x3", "cpu": {"open_s": 4.5}}],
     {"open_s": 2.9, "full_s": 0.003, "opened": True, "viewport": "1x1", "cpu": {"open_s": 4.5},
      "open_runs": [3.1, 2.6, 2.9]}),
    ("a figure one run lacks keeps the first run's", [{"drag_s": None}, {"drag_s": 0.005}, {"drag_s": 0.007}],
     {"drag_s": None, "open_runs": [None, None, None]}),
], ids=lambda v: v if isinstance(v, str) else "")
def test_desktop_runs_give_their_medians(case, runs, expected):
    assert median_run(runs) == expected


def test_toy_simulation_and_io_figures_run(tmp_path):
    sim = figures.fig_simulation(nodes=12, base_nodes=11, ticks=120, seed=0, deployments=20)
    path = tmp_path / "t.yaml"
    gen = figures.fig_generate(11, 0, str(path), deployments=20)
    io = figures.fig_io(str(path), 1)
    rows = [r["name"] for r in sim["rows"] + io["rows"]]
    assert rows == ["3 simulation: ticks/s", "3 simulation: seek to an earlier moment",
                    "2 import (explorer.io.load_topology)", "2 import, the same file edited (exact PyYAML path)",
                    "2 export (explorer.io.dump_topology)"]
    doc = tmp_path / "bench.md"
    write_doc(doc, {"simulation": dict(sim, measured="now"), "io": dict(io, measured="now")}, True, {},
              {11: gen})
    text = doc.read_text()
    assert [line for line in text.splitlines() if line.startswith("| scheduling") or line.startswith("| Figure")] \
        == ["| Figure | Value | Target | Met? | Baseline (same run) | Ratio to baseline | Notes |",
            "| scheduling | not run | | | | | |"]


def test_pod_names_never_clash():
    """Seed 1 drew the same 5-character suffix twice for one ReplicaSet's pods at 5,000 nodes (the cluster
    refused the second pod): a clash is drawn again, so every seed makes a topology."""
    cluster = generate(5000, 1)
    assert summary(cluster)["Pod"] == len({p.key for p in cluster.objects("Pod")}) == 150012
