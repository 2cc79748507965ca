"""The smoke test's check of the scheduler's compiled loop (explorer/ui/smoke.py), which build.sh runs on the
bundle: numba must come with it and load there, or the bundle schedules at a third of the speed."""

from __future__ import annotations

import pytest

from explorer.sim.scheduler import compiled
from explorer.ui import smoke

CASES = {
    # name: (K8S_EXPLORER_NO_JIT, what compiled.load gives, its reason, expected (passed, start of the line))
    "loaded": (None, True, None, (True, "scheduler kernel: the compiled loop is loaded")),
    "numba missing from the bundle": (None, False, "ModuleNotFoundError: No module named 'numba'",
                                      (False, "scheduler kernel: not loaded (ModuleNotFoundError: No module named "
                                              "'numba'); the Python loop schedules")),
    "switched off on purpose": ("1", False, "K8S_EXPLORER_NO_JIT=1",
                                (True, "scheduler kernel: off (K8S_EXPLORER_NO_JIT=1)")),
}


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_the_smoke_test_checks_the_scheduler_kernel(name, monkeypatch):
    no_jit, loaded, reason, expected = CASES[name]
    if no_jit is None:
        monkeypatch.delenv("K8S_EXPLORER_NO_JIT", raising=False)
    else:
        monkeypatch.setenv("K8S_EXPLORER_NO_JIT", no_jit)
    monkeypatch.setattr(compiled, "load", lambda: loaded)
    monkeypatch.setattr(compiled, "unavailable_reason", lambda: reason)
    passed, line = smoke._check_scheduler_kernel()
    assert (passed, line[:len(expected[1])]) == expected
