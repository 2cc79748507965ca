"""Sequences the model state machine found: each kept with its exact expected outcome, by name."""

from __future__ import annotations

import pytest

from explorer.model import example_cluster
from explorer.sim import Simulator


def _seek_after_restore():
    sim = Simulator(example_cluster())
    sim.settle()
    snap = sim.snapshot()
    sim.step(1)
    sim.restore(snap)       # back to the snapshot...
    sim.seek(0)             # ...then to the start of the timeline, which restore() must not have forgotten
    return sim.now


FOUND = {
    "seek-to-start-after-restore": (_seek_after_restore, 0),
}


@pytest.mark.parametrize("run,expected", FOUND.values(), ids=FOUND.keys())
def test_machine_found_sequence(run, expected):
    assert run() == expected
