"""Where the application's data files live: the source tree, or a PyInstaller bundle.

``resources_dir()`` is the ``resources/`` folder (icons, ``i18n/*.ts`` and compiled ``*.qm``, the app icon).
In a source checkout (``pip install -e .`` as ``./dev`` does) it is ``<repo>/resources``; in a wheel
(``pip install .``) it is ``explorer/_resources`` inside the installed package (setup.py copies it there); in the
one-folder bundle built by ``packaging/build.sh`` it is ``<bundle>/_internal/resources`` (PyInstaller's
``sys._MEIPASS``).
The environment variable ``K8S_EXPLORER_RESOURCES`` overrides both (tests, unusual installs).

No Qt is imported here, so this module is cheap to import from anywhere in ``explorer.ui``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_ID = "io.github.k8s_explorer"      # reverse-DNS id: .desktop file, AppStream metainfo, icon name
APP_NAME = "k8s-explorer"              # executable, QSettings application name, cache folder name


def is_frozen() -> bool:
    """True when running from the PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def resources_dir() -> Path:
    """The ``resources/`` folder: the override, the bundle's copy, a wheel's ``explorer/_resources`` (copied there
    by setup.py's ``build_py``) or the source tree's ``resources/``. It may be missing (a broken install); callers
    cope (no icons, English UI)."""
    override = os.environ.get("K8S_EXPLORER_RESOURCES")
    if override:
        return Path(override)
    if is_frozen():
        return Path(sys._MEIPASS) / "resources"  # type: ignore[attr-defined]
    package = Path(__file__).resolve().parent.parent
    installed = package / "_resources"
    if installed.is_dir():
        return installed
    return package.parent / "resources"


def resource(*parts: str) -> Path:
    """A path under :func:`resources_dir` (not checked for existence)."""
    return resources_dir().joinpath(*parts)


def app_icon_path(size: int | None = None) -> Path:
    """The app icon: the SVG (``size`` None) or the PNG rendered at ``size`` pixels (16, 24, 32, 48, 64, 128,
    256, 512)."""
    if size is None:
        return resource("app", "k8s-explorer.svg")
    return resource("app", f"k8s-explorer-{size}.png")


def cache_dir() -> Path:
    """Per-user cache folder (``$XDG_CACHE_HOME/k8s-explorer`` or ``~/.cache/k8s-explorer``); not created."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / APP_NAME
