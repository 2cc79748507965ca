"""Colours, sizes and icons shared by the canvas, the palette and the offscreen renderer.

Icons are the project's own SVGs in ``resources/icons``; :func:`icon` and :func:`svg_renderer` cache them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtSvg import QSvgRenderer

from explorer.ui.bundle import resource

ICON_DIR: Path = resource("icons")   # source tree, installed wheel or PyInstaller bundle (see bundle.py)

GRID = 10                      # snap-to-grid step in scene units
LOD_TEXT = 0.3                # below this scale an item draws as a filled rectangle, no text

BACKGROUND = QColor("#f4f6fa")
GRID_DOT = QColor("#d5dbe6")
INK = QColor("#1d2533")
MUTED = QColor("#5b6577")
BORDER = QColor("#b8c2d3")
SELECTION = QColor("#2f7de1")
NODE_FILL = QColor("#ffffff")
NODE_HEADER = QColor("#326ce5")
CONTROL_PLANE_HEADER = QColor("#1f4e9e")
NODE_DOWN = QColor("#c0392b")
NODE_CORDONED = QColor("#8e98a8")
NETWORK = QColor("#3d8f8a")

KIND_COLORS = {
    "Deployment": QColor("#7b4fc9"),
    "Service": QColor("#d9822b"),
    "Ingress": QColor("#1b8a3a"),
    "NetworkPolicy": QColor("#c0392b"),
    "Namespace": QColor("#5d6d7e"),
    "Pod": QColor("#2e9e6b"),
    "Node": NODE_HEADER,
}
GENERIC_COLOR = QColor("#7f8c8d")

PHASE_COLORS = {
    "Pending": QColor("#f0b429"),
    "Running": QColor("#2e9e6b"),
    "Succeeded": QColor("#7f8c8d"),
    "Failed": QColor("#c0392b"),
    "Unknown": QColor("#8e44ad"),
    "Terminating": QColor("#c0392b"),
}
NOT_READY_COLOR = QColor("#a3d8bf")   # Running, not ready (layout.NOT_READY), filled: a pale Running green

INGRESS_ICON = {"nginx": "ingress-nginx", "traefik": "ingress-traefik", "haproxy": "ingress-haproxy",
                "contour": "ingress-envoy", "envoy": "ingress-envoy"}


def icon_path(name: str) -> Path:
    return ICON_DIR / f"{name}.svg"


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """The QIcon for ``resources/icons/<name>.svg`` (an empty icon when the file is missing)."""
    path = icon_path(name)
    return QIcon(str(path)) if path.exists() else QIcon()


@lru_cache(maxsize=None)
def svg_renderer(name: str) -> QSvgRenderer:
    path = icon_path(name)
    data = path.read_bytes() if path.exists() else b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    return QSvgRenderer(QByteArray(data))


def icon_for(obj) -> str:
    """The icon name that stands for a model object."""
    kind = obj.kind
    if kind == "Node":
        return "control-plane" if getattr(obj, "is_control_plane", False) else "worker-node"
    if kind == "Service":
        return {"NodePort": "service-nodeport", "LoadBalancer": "service-loadbalancer"}.get(obj.type,
                                                                                            "service-clusterip")
    if kind == "Ingress":
        return INGRESS_ICON.get(obj.ingress_class_name, "ingress-nginx")
    return {"Deployment": "deployment", "Pod": "pod", "NetworkPolicy": "networkpolicy",
            "Namespace": "namespace"}.get(kind, "namespace")


@lru_cache(maxsize=None)
def font(size: float = 9, bold: bool = False, mono: bool = False) -> QFont:
    f = QFont("DejaVu Sans Mono" if mono else "DejaVu Sans")
    f.setPointSizeF(size)
    f.setBold(bold)
    return f
