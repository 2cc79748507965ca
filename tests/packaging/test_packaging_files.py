"""Quick static checks of the packaging files (the PyInstaller build itself runs in packaging/build.sh, not
here: it takes minutes)."""

from __future__ import annotations

import ast
import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import explorer

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP = ROOT / "resources" / "app"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> dict:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(PACKAGING / "k8s-explorer.desktop", encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_desktop_entry():
    assert desktop_entry() == {
        "Type": "Application",
        "Name": "Kubernetes Architecture Explorer",
        "GenericName": "Kubernetes Cluster Designer",
        "GenericName[es]": "Diseñador de clústeres de Kubernetes",
        "Comment": "Draw a Kubernetes cluster, simulate what Kubernetes does and export real manifests",
        "Comment[es]": "Dibuja un clúster de Kubernetes, simula lo que hace Kubernetes y exporta manifiestos reales",
        "Exec": "k8s-explorer",
        "TryExec": "k8s-explorer",
        "Icon": "io.github.k8s_explorer",
        "Terminal": "false",
        "Categories": "Development;Education;",
        "Keywords": "Kubernetes;k8s;cluster;diagram;simulator;scheduler;Ingress;",
        "Keywords[es]": "Kubernetes;k8s;clúster;diagrama;simulador;planificador;Ingress;",
        "StartupNotify": "true",
        "StartupWMClass": "k8s-explorer",
    }


def test_desktop_entry_validates():
    """desktop-file-validate (desktop-file-utils), when installed, reports no error."""
    tool = shutil.which("desktop-file-validate")
    result = subprocess.run([tool, str(PACKAGING / "k8s-explorer.desktop")], capture_output=True, text=True) \
        if tool else None
    errors = [line for line in (result.stdout + result.stderr).splitlines() if "error:" in line] if result else []
    assert (result.returncode if result else 0, errors) == (0, [])


def metainfo() -> ET.Element:
    return ET.parse(PACKAGING / "io.github.k8s_explorer.metainfo.xml").getroot()


def test_metainfo_identity_matches_the_app():
    root = metainfo()
    assert {
        "id": root.findtext("id"),
        "type": root.get("type"),
        "launchable": root.findtext("launchable"),
        "binary": root.findtext("provides/binary"),
        "license": root.findtext("project_license"),
        "releases": [r.get("version") for r in root.iter("release")][:1],
        "languages": [lang.text for lang in root.iter("lang")],
    } == {
        "id": "io.github.k8s_explorer",
        "type": "desktop-application",
        "launchable": "k8s-explorer.desktop",
        "binary": "k8s-explorer",
        "license": "Apache-2.0",
        "releases": [explorer.__version__],
        "languages": ["en", "es"],
    }


def test_metainfo_validates():
    """appstreamcli validate (offline), when installed, passes."""
    tool = shutil.which("appstreamcli")
    result = subprocess.run([tool, "validate", "--no-net", str(PACKAGING / "io.github.k8s_explorer.metainfo.xml")],
                            capture_output=True, text=True) if tool else None
    assert (result.returncode if result else 0) == 0, result.stdout if result else ""


def test_icon_svg_renders_and_pngs_have_their_sizes(qapp):
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer
    sizes = {size: QImage(str(APP / f"k8s-explorer-{size}.png")).size().toTuple() for size in ICON_SIZES}
    assert (QSvgRenderer(str(APP / "k8s-explorer.svg")).isValid(), sizes) == \
        (True, {size: (size, size) for size in ICON_SIZES})


def spec_tree() -> ast.Module:
    return ast.parse((PACKAGING / "k8s-explorer.spec").read_text(encoding="utf-8"))


def test_spec_builds_one_folder_app_with_resources_and_catalogues():
    tree = spec_tree()
    calls = {n.func.id: n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    names = {k.arg: ast.literal_eval(k.value) for k in calls["EXE"].keywords
             if k.arg in ("name", "exclude_binaries", "console")}
    coll = {k.arg: ast.literal_eval(k.value) for k in calls["COLLECT"].keywords if k.arg == "name"}
    text = ast.unparse(tree)
    assert {
        "callables": sorted(k for k in calls if k in ("Analysis", "PYZ", "EXE", "COLLECT")),
        "exe": names,
        "collect": coll,
        "entry_exists": (PACKAGING / "entry.py").is_file(),
        "bundles": [d for d in ("resources/icons", "resources/app", "resources/i18n") if d in text],
        "compiles_catalogues": "release(" in text,
        "collects_cli_commands": "collect_submodules('explorer')" in text,
    } == {
        "callables": ["Analysis", "COLLECT", "EXE", "PYZ"],
        "exe": {"name": "k8s-explorer", "exclude_binaries": True, "console": True},
        "collect": {"name": "k8s-explorer"},
        "entry_exists": True,
        "bundles": ["resources/icons", "resources/app", "resources/i18n"],
        "compiles_catalogues": True,
        "collects_cli_commands": True,
    }


@pytest.mark.parametrize("script", ["build.sh", "install.sh"])
def test_shell_scripts_parse_and_are_executable(script):
    path = PACKAGING / script
    result = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
    assert (result.returncode, result.stderr, path.stat().st_mode & 0o111 != 0) == (0, "", True)


def test_version_comes_from_one_place():
    """pyproject takes the version from explorer.__version__, which `--version` prints and build.sh compares."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    build = (PACKAGING / "build.sh").read_text(encoding="utf-8")
    assert ('version = { attr = "explorer.__version__" }' in pyproject, "explorer/__init__.py" in build) == \
        (True, True)


def test_smoke_test_passes_on_the_source_tree(tmp_path):
    """`k8s-explorer --smoke-test` (what build.sh runs on the bundle) passes from a source checkout, in Spanish,
    with a fresh HOME (no settings, no cached catalogue)."""
    import os
    import sys
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "QT_QPA_PLATFORM": "offscreen",
           "K8S_EXPLORER_LANGUAGE": "es"}
    result = subprocess.run([sys.executable, "-m", "explorer", "--smoke-test"], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=120)
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert (result.returncode, failed, result.stdout.splitlines()[-1]) == \
        (0, [], f"k8s-explorer {explorer.__version__} smoke test passed")
