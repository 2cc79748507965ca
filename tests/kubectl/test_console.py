"""The kubectl console widget: running commands, history with Up/Down, Tab completion."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from explorer.model import example_cluster
from explorer.sim import Simulator
from explorer.ui.console import KubectlConsole  # noqa: E402


@pytest.fixture
def sim():
    s = Simulator(example_cluster(), seed=0)
    s.settle()
    return s


@pytest.fixture
def console(qtbot, sim):
    widget = KubectlConsole(lambda: sim)
    qtbot.addWidget(widget)
    widget.output.clear()
    return widget


def test_typing_a_command_runs_it_and_signals(console, qtbot):
    with qtbot.waitSignal(console.command_executed) as blocker:
        qtbot.keyClicks(console.input, "get ns shop -o name")
        qtbot.keyClick(console.input, Qt.Key_Return)
    assert (blocker.args, console.text(), console.input.text()) == (
        ["get ns shop -o name", 0], "$ kubectl get ns shop -o name\nnamespace/shop\n", "")


def test_errors_are_shown(console):
    assert (console.run_command("get pods nope"), console.text()) == (
        1, '$ kubectl get pods nope\nError from server (NotFound): pods "nope" not found\n')


def test_write_commands_change_the_simulation(console, sim):
    console.run_command("scale deployment api -n shop --replicas=4")
    sim.settle()
    assert len(sim.api.list("Pod", "shop", "app=api")) == 4


HISTORY = [
    ("up-once-recalls-last", [Qt.Key_Up], "get nodes"),
    ("up-twice-recalls-first", [Qt.Key_Up, Qt.Key_Up], "get ns"),
    ("up-stops-at-oldest", [Qt.Key_Up, Qt.Key_Up, Qt.Key_Up], "get ns"),
    ("down-returns-to-draft", [Qt.Key_Up, Qt.Key_Down], "draft"),
]


@pytest.mark.parametrize("keys, expected", [c[1:] for c in HISTORY], ids=[c[0] for c in HISTORY])
def test_history(console, qtbot, keys, expected):
    console.run_command("get ns")
    console.run_command("get nodes")
    console.input.setText("draft")
    for key in keys:
        qtbot.keyClick(console.input, key)
    assert console.input.text() == expected


COMPLETION = [
    ("unique-command", "desc", "describe ", ""),
    ("unique-type", "get ingressc", "get ingressclasses ", ""),
    ("common-prefix-and-list", "drain w", "drain worker-", "worker-1  worker-2  worker-3\n"),
    ("object-name", "scale deployment -n shop my", "scale deployment -n shop mysql ", ""),
    ("nothing-to-offer", "get pods zzz", "get pods zzz", ""),
]


@pytest.mark.parametrize("typed, line, listed", [c[1:] for c in COMPLETION], ids=[c[0] for c in COMPLETION])
def test_tab_completion(console, qtbot, typed, line, listed):
    qtbot.keyClicks(console.input, typed)
    qtbot.keyClick(console.input, Qt.Key_Tab)
    assert (console.input.text(), console.text()) == (line, listed)


def test_without_a_simulation(qtbot):
    widget = KubectlConsole(lambda: None)
    qtbot.addWidget(widget)
    widget.output.clear()
    assert (widget.run_command("get pods"), widget.text()) == (
        -1, "$ kubectl get pods\nNo simulation is running: start the simulation first.\n")
