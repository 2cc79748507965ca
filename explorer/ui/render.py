"""Draw a diagram to a PNG or SVG file without a window (``k8s-explorer render`` and File ▸ Export image).

:func:`render_scene` paints any :class:`~explorer.ui.scene.DiagramScene`; :func:`render_file` loads a
topology file (through :mod:`explorer.io`) into the same scene the app uses and paints it offscreen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from explorer.ui.image_export import FORMATS


def render_scene(scene, out: str, scale: float = 1.5) -> None:
    """Write the scene's content to ``out`` (.png or .svg) in one go (see :mod:`explorer.ui.image_export`).
    Raises ValueError for another extension and OSError when the file cannot be written."""
    from explorer.ui.image_export import paint_all
    paint_all(scene, out, scale)


def _ensure_app():
    if not os.environ.get("QT_QPA_PLATFORM") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    return QApplication.instance() or QApplication(sys.argv[:1])


def build_scene(cluster, diagnostics=()):
    """A document + scene showing ``cluster`` with every object laid out (used offscreen)."""
    from explorer.ui.document import Document
    from explorer.ui.layout import apply_missing_layout
    from explorer.ui.scene import DiagramScene

    apply_missing_layout(cluster)
    doc = Document(cluster)
    doc.diagnostics = list(diagnostics)
    scene = DiagramScene(doc)
    scene.animate = False
    return doc, scene


def render_file(path: str, out: str, simulate: bool = False) -> int:
    """Render topology file ``path`` to ``out``. With ``simulate`` the settled simulated state is drawn.
    Returns 0, 1 when the file has errors (printed one per line, nothing written), 2 for a bad output name."""
    if Path(out).suffix.lower() not in FORMATS:
        print(f"k8s-explorer render: {out}: the output must end in .png or .svg", file=sys.stderr)
        return 2
    from explorer.io import load_topology

    try:
        result = load_topology(path)
    except OSError as exc:
        print(f"k8s-explorer render: {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not result.ok:
        for d in result.diagnostics:
            if d.severity == "error":
                print(str(d), file=sys.stderr)
        return 1
    _ensure_app()
    _doc, scene = build_scene(result.cluster, result.diagnostics)
    if simulate:
        try:
            from explorer.sim import Simulator
            sim = Simulator(result.cluster.copy())
            sim.settle()
            scene.show_state(sim.cluster(), sim.control_plane(), animate=False)
            scene.finish_update()
        except Exception as exc:  # noqa: BLE001 - the simulator rejected the design
            print(f"k8s-explorer render: {path}: cannot simulate: {exc}", file=sys.stderr)
            return 1
    try:
        render_scene(scene, out)
    except (OSError, ValueError) as exc:
        print(f"k8s-explorer render: {exc}", file=sys.stderr)
        return 1
    return 0
