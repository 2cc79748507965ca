"""The dependency direction: model is plain Python; only explorer.ui imports Qt; cli reaches ui only to
open a window (and to render the same scene without one)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "explorer"

# package -> top-level modules it must never import
FORBIDDEN = {
    "model": {"PySide6", "shiboken6", "yaml", "explorer.io", "explorer.sim", "explorer.net", "explorer.ui",
              "explorer.cli"},
    "io": {"PySide6", "shiboken6", "explorer.ui", "explorer.cli"},
    "sim": {"PySide6", "shiboken6", "yaml", "explorer.ui", "explorer.cli"},
    "net": {"PySide6", "shiboken6", "yaml", "explorer.ui", "explorer.cli"},
    "kubectl": {"PySide6", "shiboken6", "explorer.ui", "explorer.cli"},
}
CLI_MAY_USE_UI = {"explorer.ui.app", "explorer.ui.render", "explorer.ui.smoke"}  # smoke: --smoke-test


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations(package: str, forbidden: set[str]) -> list[str]:
    out = []
    for path in sorted((PKG / package).rglob("*.py")):
        for name in imports_of(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                out.append(f"{path.relative_to(PKG.parent)} imports {name}")
    return out


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_upwards(package):
    assert violations(package, FORBIDDEN[package]) == []


def test_cli_reaches_ui_only_to_open_or_render():
    bad = [f"{p.name}: {n}" for p in (PKG / "cli").rglob("*.py") for n in imports_of(p)
           if (n.startswith("explorer.ui") and n not in CLI_MAY_USE_UI) or n.startswith("PySide6")]
    assert bad == []


def test_model_io_sim_net_import_without_qt_loaded():
    """Importing the non-UI packages must not pull PySide6 in, even indirectly."""
    code = ("import sys, importlib, pkgutil, explorer\n"
            "for pkg in ('model', 'io', 'sim', 'net'):\n"
            "    mod = importlib.import_module('explorer.' + pkg)\n"
            "    for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + '.'):\n"
            "        importlib.import_module(info.name)\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
            "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
