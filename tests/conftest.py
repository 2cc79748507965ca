"""Shared fixtures: the real-world corpus in ../shared/corpus (skipped cleanly when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("EXPLORER_CORPUS", ROOT.parent / "shared" / "corpus"))


def corpus_files() -> list[Path]:
    """Every manifest (.yaml/.yml/.json) in the shared corpus, or [] when the corpus is absent."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file())


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not present at {CORPUS}")
    return CORPUS


@pytest.fixture(autouse=True)
def _no_kernel_load_under_way():
    """Each test starts with the collector and thread switching as the process had them: a window that was
    quiet for a second started loading the scheduler's compiled loop, which holds both until it ends
    (explorer/ui/kernel_loader.py), and a test may have closed the window before that."""
    import sys
    loader = sys.modules.get("explorer.ui.kernel_loader")
    if loader is not None:
        loader.wait_for_loads()
    yield


@pytest.fixture(autouse=True)
def _release_clipboard():
    """Release the app's clipboard contents after each test: PySide6 segfaults at interpreter exit when the
    clipboard still owns a QMimeData created from Python (seen after copy/paste tests)."""
    yield
    import sys
    if "explorer.ui.mainwindow" in sys.modules:   # only tests that built the window can have copied
        from explorer.ui.app import release_clipboard
        release_clipboard()   # what the app does on aboutToQuit, which tests never reach
