"""The status bar's hint after a fault ("stop node worker-1: now run the simulation ...") stays until the
simulation moves on (a step, a seek or a reset), and only the hint goes: a later message stays."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

HINT = "stop node worker-1: now run the simulation to see what Kubernetes does."


def step(window):
    window.sim.step()


def seek_back(window):
    window.sim.seek(window.sim.sim.now - 1)


def reset(window):
    window.reset_simulation()


def other_message_then_step(window):
    window.statusBar().showMessage("Saved somewhere", 5000)
    window.sim.step()


def nothing(window):
    pass


CASES = {
    "nothing happens": (nothing, HINT),
    "a step": (step, ""),
    "a seek back": (seek_back, ""),
    "a reset": (reset, ""),
    "another message meanwhile": (other_message_then_step, "Saved somewhere"),
}


def settle(qtbot, window):
    qtbot.waitUntil(lambda: not window.sim.busy and not window.scene.updating, timeout=20000)
    QApplication.processEvents()


@pytest.mark.parametrize("action, shown", CASES.values(), ids=CASES.keys())
def test_the_fault_hint_goes_when_the_simulation_moves_on(qtbot, window, action, shown):
    window.settle()
    settle(qtbot, window)
    assert window.fault("stop_node", "worker-1")
    settle(qtbot, window)
    before = window.statusBar().currentMessage()
    action(window)
    settle(qtbot, window)
    assert (before, window.statusBar().currentMessage()) == (HINT, shown)
