"""A plain ``pip install .`` (a wheel, not the editable install ``./dev`` makes) ships the resources: icons, the
app icon and the Spanish catalogue, which the installed app finds and compiles (issue 8)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"

# Run inside the installed copy (PYTHONPATH = the install target, cwd elsewhere), so the source tree is not used.
PROBE = """
import json, explorer
from explorer.ui import bundle, i18n
qm = i18n.qm_path("es")
print(json.dumps({
    "package": str(__import__("pathlib").Path(explorer.__file__).parent),
    "resources": str(bundle.resources_dir()),
    "icon": bundle.app_icon_path().is_file(),
    "pod_icon": bundle.resource("icons", "pod.svg").is_file(),
    "catalogue_compiled": bool(qm and qm.is_file() and qm.stat().st_size > 0),
}))
"""


def source_resources() -> list[str]:
    return sorted(p.relative_to(RESOURCES).as_posix() for p in RESOURCES.rglob("*")
                  if p.is_file() and p.suffix != ".qm")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
                   check=True, cwd=out, capture_output=True, text=True)
    (found,) = out.glob("k8s_explorer-*.whl")
    return found


def test_wheel_carries_every_resource(wheel):
    with zipfile.ZipFile(wheel) as zf:
        packaged = sorted(n.removeprefix("explorer/_resources/") for n in zf.namelist()
                          if n.startswith("explorer/_resources/"))
    assert packaged == source_resources()


def test_installed_wheel_finds_its_resources_and_compiles_the_catalogue(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, text=True)
    env = {**os.environ, "PYTHONPATH": str(target), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("K8S_EXPLORER_RESOURCES", None)
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, env=env, check=True,
                          capture_output=True, text=True)
    assert json.loads(done.stdout) == {
        "package": str(target / "explorer"),
        "resources": str(target / "explorer" / "_resources"),
        "icon": True,
        "pod_icon": True,
        "catalogue_compiled": True,
    }
