"""Robustness suite: every test records its figures (examples run, trials, failures) with the ``figures``
fixture; they are printed as they happen (visible with ``-s``) and again in the terminal summary."""

from __future__ import annotations

import pytest

_FIGURES: list[tuple[str, dict]] = []


class Figures:
    """Collects the figures of one test: ``figures.record(examples=10000, failures=0)``."""

    def __init__(self, test_id: str):
        self.test_id = test_id

    def record(self, **numbers) -> None:
        _FIGURES.append((self.test_id, dict(numbers)))
        print(f"\n[figures] {self.test_id}: " + ", ".join(f"{k}={v:,}" if isinstance(v, int) else f"{k}={v}"
                                                        for k, v in numbers.items()))


@pytest.fixture
def figures(request) -> Figures:
    return Figures(request.node.nodeid)


def pytest_terminal_summary(terminalreporter):
    if not _FIGURES:
        return
    terminalreporter.section("robustness figures")
    for test_id, numbers in _FIGURES:
        terminalreporter.write_line(f"{test_id}: " + ", ".join(
            f"{k}={v:,}" if isinstance(v, int) else f"{k}={v}" for k, v in numbers.items()))
