"""Spanish screenshots taken after a LIVE language switch (Edit ▸ Preferences ▸ Language), not a restart.

Usage (from the repository root)::

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python docs/screenshots/make_screenshots_es.py

Starts the real main window in English on the example cluster, settles the simulation, selects a pod, routes
one request, then switches to Spanish with ``i18n.set_language("es")`` (the same call the Language menu makes;
settings go to a temporary directory) and captures the X screen with ImageMagick's ``import -window root``:

- ``request-trace-es.png``: the request trace panel (hop texts from explorer.net in Spanish, Kubernetes names,
  IPs, DNAT/SNAT and field names verbatim) with the route drawn on the diagram;
- ``i18n-es.png``: the help panel and the event log (Kubernetes' own event reasons and messages stay verbatim).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    if not os.environ.get("DISPLAY"):
        sys.exit("run under xvfb-run (see the module docstring)")
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="k8s-explorer-shots-")
    os.environ.pop("K8S_EXPLORER_LANGUAGE", None)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from explorer.ui import i18n
    from explorer.ui.app import create_window
    from explorer.ui.mainwindow import MainWindow

    app = QApplication([sys.argv[0]])
    i18n.install(app, "en")
    MainWindow.restore_settings = lambda self: None   # a clean, reproducible layout
    w = create_window(None, offer_recovery=False)
    w.setGeometry(0, 0, 1600, 1000)
    w.default_dock_sizes()
    QTest.qWait(600)
    w.settle()
    QTest.qWait(600)
    api = min(k for k in w.scene.items_by_key if k[0] == "Pod" and k[2].startswith("api-"))
    w.scene.select_keys([api])
    w.scene.animate = False
    w.send_request("http://shop.example.com/api")
    w.help_dock.raise_()
    QTest.qWait(300)

    assert i18n.set_language("es") == "es"          # live, as Edit ▸ Preferences ▸ Language does
    QTest.qWait(500)

    def shot(name: str) -> None:
        QApplication.processEvents()
        subprocess.run(["import", "-window", "root", str(HERE / name)], check=True)
        print("wrote", HERE / name)

    w.trace_dock.raise_()
    w.resizeDocks([w.trace_dock], [450], Qt.Vertical)
    w.trace.table.selectRow(4)
    QTest.qWait(800)
    shot("request-trace-es.png")

    w.clear_overlay()
    w.default_dock_sizes()
    w.events_dock.raise_()
    QTest.qWait(800)
    shot("i18n-es.png")
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
