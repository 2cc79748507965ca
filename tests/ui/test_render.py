"""`k8s-explorer render FILE -o OUT`: the same scene, offscreen, as a subprocess (no display)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from explorer.io import save_topology
from explorer.model import example_cluster

CASES = [
    ("png", "out.png", [], 0, b"\x89PNG"),
    ("svg", "out.svg", [], 0, b"<?xml"),
    ("png-simulated", "out.png", ["--simulate"], 0, b"\x89PNG"),
    ("bad-extension", "out.jpg", [], 2, None),
]


def _run(args, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "explorer", "render", *args], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)


@pytest.mark.parametrize("out, extra, code, magic", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_render(tmp_path, out, extra, code, magic):
    src = tmp_path / "cluster.yaml"
    save_topology(example_cluster(), src)
    proc = _run([str(src), "-o", str(tmp_path / out), *extra], tmp_path)
    written = (tmp_path / out).read_bytes()[:len(magic)] if magic and (tmp_path / out).exists() else None
    assert (proc.returncode, written, "Traceback" in proc.stderr) == (code, magic, False)


def test_render_bad_file_names_file_line_and_field(tmp_path):
    src = tmp_path / "bad.yaml"
    src.write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\n")
    proc = _run([str(src), "-o", str(tmp_path / "out.png")], tmp_path)
    first = proc.stderr.splitlines()[0]
    assert (proc.returncode, first.startswith(f"{src}:4:"), "metadata.name" in first,
            (tmp_path / "out.png").exists()) == (1, True, True, False)
