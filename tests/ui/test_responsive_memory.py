"""explorer.ui.memory: the switch interval is lowered while background simulator work runs and comes back
exactly when the last such block ends, whatever the nesting or thread."""

from __future__ import annotations

import sys
import threading

import pytest

from explorer.ui.memory import SWITCH_INTERVAL_S, fast_switching


def _nested(record):
    with fast_switching():
        record("outer")
        with fast_switching():
            record("inner")
        record("outer again")
    record("after")


def _from_a_thread(record):
    with fast_switching():
        record("main")
        seen = []
        t = threading.Thread(target=lambda: seen.append(_in_block()))
        t.start()
        t.join()
        record("main after the thread")
    record("after")


def _in_block():
    with fast_switching():
        return round(sys.getswitchinterval(), 6)


def _raising(record):
    with pytest.raises(RuntimeError):
        with fast_switching():
            record("inside")
            raise RuntimeError("boom")
    record("after")


@pytest.mark.parametrize("scenario, expected", [
    (_nested, [("outer", "fast"), ("inner", "fast"), ("outer again", "fast"), ("after", "default")]),
    (_from_a_thread, [("main", "fast"), ("main after the thread", "fast"), ("after", "default")]),
    (_raising, [("inside", "fast"), ("after", "default")]),
], ids=["nested", "another-thread-inside", "exception"])
def test_switch_interval_is_restored_when_the_last_block_ends(scenario, expected):
    default = sys.getswitchinterval()
    seen = []

    def record(label):
        now = sys.getswitchinterval()
        seen.append((label, "fast" if abs(now - SWITCH_INTERVAL_S) < 1e-9 else
                     "default" if now == default else now))
    scenario(record)
    assert seen == expected
