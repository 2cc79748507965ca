"""Autosave recovery: the app is killed (SIGKILL) after unsaved edits; started again, it offers to recover
and restores exactly the unsaved design (see app_session.py). Each session is a real separate process with
its own HOME / XDG directories in tmp_path, so the recovery file and settings are private to the test."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.robustness.bounded import ROOT


def _env(tmp_path) -> dict:
    env = dict(os.environ, HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CACHE_HOME=str(tmp_path / "cache"),
               QT_QPA_PLATFORM="offscreen")
    for d in ("home", "config", "data", "cache"):
        (tmp_path / d).mkdir(exist_ok=True)
    return env


def _kill_after_autosave(tmp_path, env, expected: Path) -> None:
    child = subprocess.Popen([sys.executable, "-m", "tests.robustness.app_session", "edit", str(expected)],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        assert line.startswith("edited "), child.stderr.read() if child.poll() is not None else line
        recovery = Path(line.split(" ", 1)[1].strip())
        deadline = time.monotonic() + 60
        while not recovery.exists() and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
        assert recovery.exists(), "the app never autosaved"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        child.stderr.close()


def test_unsaved_edits_survive_a_kill(tmp_path, figures):
    env = _env(tmp_path)
    expected, recovered = tmp_path / "expected.yaml", tmp_path / "recovered.txt"
    _kill_after_autosave(tmp_path, env, expected)
    proc = subprocess.run([sys.executable, "-m", "tests.robustness.app_session", "recover", str(recovered)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    head, _, design = recovered.read_text(encoding="utf-8").partition("\n")
    report = json.loads(head)
    figures.record(kills=1, recoveries=1, recovered_bytes=len(design),
                   identical=int(design == expected.read_text(encoding="utf-8")))
    assert (report["asked"], report["modified"], design) == (
        ["Recover unsaved work?"], True, expected.read_text(encoding="utf-8"))
