"""Start the desktop application."""

from __future__ import annotations

import sys


def launch(path: str | None = None) -> int:
    """Open the main window on ``path`` (or the example cluster) and run Qt's event loop."""
    from PySide6.QtWidgets import QApplication, QLabel

    from explorer.model import example_cluster

    app = QApplication.instance() or QApplication(sys.argv[:1])
    cluster = example_cluster()
    label = QLabel(f"Kubernetes Architecture Explorer: {len(cluster)} objects")
    label.setWindowTitle("Kubernetes Architecture Explorer")
    label.resize(800, 600)
    label.show()
    return app.exec()
