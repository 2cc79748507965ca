"""explorer.ui.turns.NextTurn (issue 5: the UI never freezes): a chain of slices scheduled with it runs one
slice per event-loop turn, so timers (and input) due meanwhile get their turn between two slices; a newer
call replaces a pending one."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer

from explorer.ui.turns import NextTurn


def _chains(qtbot, slices: dict) -> list[str]:
    """Run one chain of slices per name in ``slices`` ({name: count}) at once, with a 1 ms probe timer;
    the log of what ran, in order."""
    log: list[str] = []
    probe = QTimer()
    probe.setInterval(1)
    probe.timeout.connect(lambda: log.append("timer"))
    left = dict(slices)

    def chain(name):
        turn = NextTurn()

        def slice_():
            log.append(name)
            end = time.perf_counter() + 0.003     # a slice outlasts the probe's interval: it is due after it
            while time.perf_counter() < end:
                pass
            left[name] -= 1
            if left[name]:
                turn.call(slice_)
        turn.call(slice_)
        return turn
    probe.start()
    turns = [chain(name) for name in slices]
    qtbot.waitUntil(lambda: not any(left.values()), timeout=5000)
    probe.stop()
    del turns
    return log


@pytest.mark.parametrize("slices", [{"scene": 6}, {"scene": 4, "validation": 4, "simulator": 3}],
                         ids=["one chain", "three chains"])
def test_a_timer_due_between_two_slices_runs_between_them(qtbot, slices):
    log = _chains(qtbot, slices)
    ran = [entry for entry in log if entry != "timer"]
    first = next(i for i, e in enumerate(log) if e != "timer")
    last = max(i for i, e in enumerate(log) if e != "timer")
    between = log[first:last + 1]
    back_to_back = any(a != "timer" and b != "timer" for a, b in zip(between, between[1:]))
    assert ({name: ran.count(name) for name in slices}, back_to_back) == (slices, False)


def test_a_slice_that_raises_does_not_stop_the_others(qtbot):
    seen: list[str] = []
    bad, good = NextTurn(), NextTurn()

    def boom():
        seen.append("bad")
        raise RuntimeError("a slice failed")
    bad.call(boom)
    good.call(lambda: seen.append("good"))
    with qtbot.capture_exceptions() as errors:
        qtbot.waitUntil(lambda: "good" in seen, timeout=5000)
    assert (seen, [str(e[1]) for e in errors]) == (["bad", "good"], ["a slice failed"])


def test_a_newer_call_replaces_the_pending_one(qtbot):
    seen: list[str] = []
    turn = NextTurn()
    turn.call(lambda: seen.append("older"))
    turn.call(lambda: seen.append("newer"))
    pending = turn.pending
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.wait(20)
    assert (pending, seen, turn.pending) == (True, ["newer"], False)


def test_no_slice_runs_while_held_and_the_queue_goes_on_after(qtbot):
    from explorer.ui.turns import held
    seen: list[str] = []
    turn = NextTurn()
    with held():
        turn.call(lambda: seen.append("slice"))
        qtbot.wait(50)
        during = list(seen)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert (during, seen) == ([], ["slice"])


@pytest.mark.parametrize("paint_s, expected", [(0.05, ([], ["slice"])), (0.005, (["slice"], ["slice"]))],
                         ids=["after a long repaint the slice waits one turn", "a short repaint does not delay it"])
def test_a_slice_due_right_after_a_long_repaint_waits_one_turn(qtbot, paint_s, expected):
    from explorer.ui import turns
    seen: list[str] = []
    turn = NextTurn()
    turn.call(lambda: seen.append("slice"))
    now = time.perf_counter()
    turns.painted(now - paint_s, now)
    turns._turns._serve()           # the pass in which the repaint ran
    first = list(seen)
    turns._turns._serve()           # the next pass
    assert (first, seen) == expected
