"""Crash safety of save_topology: SIGKILL at random moments while a process saves a large-ish topology over
and over (alternating an old and a new design, see crash.py). After every kill the file must be exactly the
complete old or the complete new version, and must load back as that design.

Half the kills come at a uniformly random moment (mostly while the YAML is being serialized, the longest
part of a save); the other half are aimed at the short window where the temporary file is written, fsynced
and renamed: the test polls the directory and kills 0-3 ms after the temporary file appears.
The quick run does 20 trials; the slow one 200. Figures: trials, old / new outcomes, kills that left a
temporary file behind (the kill landed between creating the temporary file and the rename: mid-write).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from explorer.io import dump_topology, load_text, load_topology
from tests.robustness.bounded import ROOT
from tests.robustness.crash import design

OBJECTS = 600    # ~250 kB of YAML


class Zygote:
    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.robustness.crash", str(OBJECTS)], cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        word, serialize, save = self.proc.stdout.readline().split()
        assert word == "ready"
        self.serialize, self.save = float(serialize), float(save)

    def ask(self, line: str) -> int:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline())

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _wait_for_temporary(directory, deadline: float) -> None:
    while time.monotonic() < deadline:
        with os.scandir(directory) as entries:
            if any(e.name.endswith(".tmp") for e in entries):
                return
    raise AssertionError("the saver never created its temporary file")


def _loaded(text):
    result = load_text(text)
    assert result.diagnostics == []
    return result.cluster


def _campaign(trials: int, seed: int, tmp_path, figures) -> None:
    old_text, new_text = dump_topology(design(OBJECTS, "old")), dump_topology(design(OBJECTS, "newer"))
    designs = {"old": _loaded(old_text), "new": _loaded(new_text)}
    rng = random.Random(seed)
    outcomes = {"old": 0, "new": 0}
    torn, temporaries, killed = [], 0, 0
    zygote = Zygote()
    try:
        for trial in range(trials):
            directory = tmp_path / f"trial-{trial}"
            directory.mkdir()
            path = directory / "cluster.yaml"
            path.write_text(old_text)
            pid = zygote.ask(f"fork {path}")
            if trial % 2:   # aimed: as soon as the temporary file exists, plus 0-3 ms
                _wait_for_temporary(directory, deadline=time.monotonic() + 10 * zygote.save + 5)
                time.sleep(rng.uniform(0, 0.003))
            else:
                time.sleep(rng.uniform(0, 2 * zygote.save))
            os.kill(pid, signal.SIGKILL)
            status = zygote.ask(f"reap {pid}")
            killed += os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            text = path.read_text()
            version = "old" if text == old_text else "new" if text == new_text else None
            loaded = load_topology(path)
            if version is None or not loaded.ok or not loaded.cluster.same_design(designs[version]):
                torn.append((trial, len(text), [str(d) for d in loaded.diagnostics][:2]))
            else:
                outcomes[version] += 1
            temporaries += any(n != "cluster.yaml" for n in os.listdir(directory))
            for name in os.listdir(directory):
                os.unlink(directory / name)
            directory.rmdir()
    finally:
        zygote.close()
    figures.record(trials=trials, killed_by_sigkill=killed, objects=OBJECTS, bytes=len(new_text),
                   save_ms=round(zygote.save * 1000, 1), old=outcomes["old"], new=outcomes["new"],
                   killed_mid_write=temporaries, failures=len(torn))
    assert (torn, killed) == ([], trials)


def test_sigkill_during_save_quick(tmp_path, figures):
    _campaign(20, 1, tmp_path, figures)


@pytest.mark.slow
def test_sigkill_during_save_200_trials(tmp_path, figures):
    _campaign(200, 2, tmp_path, figures)
