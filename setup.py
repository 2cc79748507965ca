"""Build hook: a wheel (``pip install .``) carries the ``resources/`` folder as ``explorer/_resources``.

All metadata lives in pyproject.toml; this file only extends ``build_py`` so that a non-editable install ships
the icons, the app icon and the translation catalogues (``explorer/ui/bundle.py`` looks for them there). The
``.ts`` catalogues are compiled to ``.qm`` at first use by the ``lrelease`` that ships with PySide6 (see
``explorer/ui/i18n.py``), so building needs no Qt. Editable installs (``./dev``) read ``resources/`` in place.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = Path(__file__).resolve().parent / "resources"
PACKAGED_NAME = "_resources"       # explorer/_resources inside the wheel


class BuildWithResources(build_py):
    """``build_py`` that also copies ``resources/`` to ``<build>/explorer/_resources`` (not for editable installs)."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False) or not RESOURCES.is_dir():
            return
        target = Path(self.build_lib) / "explorer" / PACKAGED_NAME
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(RESOURCES, target, ignore=shutil.ignore_patterns("*.qm", "__pycache__"))


setup(cmdclass={"build_py": BuildWithResources})
