#!/usr/bin/env python3
"""The English screenshot docs/screenshots/i18n-en.png (the Spanish ones, taken after a LIVE switch from English,
come from docs/screenshots/make_screenshots_es.py).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python packaging/screenshots.py [en]

Opens the real main window on the example cluster in the language, fills the screen with it, runs the
simulation until it settles (so the event log shows Kubernetes' own, untranslated events), selects a pod (so the
inspector, the help panel and the scheduling explanation show), routes one request (drawn on the diagram),
brings the help panel and the event log to the front, then captures the whole X screen with ImageMagick's ``import -window root``. A step the UI cannot do is skipped with a note.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"


def shoot(lang: str) -> Path:
    os.environ["K8S_EXPLORER_LANGUAGE"] = lang
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from explorer.ui import i18n
    from explorer.ui.app import create_window

    app = QApplication.instance() or QApplication([sys.argv[0]])
    i18n.install(app)
    window = create_window(None, offer_recovery=False)
    window.setGeometry(0, 0, 1600, 1000)
    steps = [
        ("settle the simulation", lambda: window.settle()),
        ("select a pod", lambda: window.reveal(next(
            o.key for o in window.sim.sim.cluster().objects("Pod") if o.namespace == "shop"))),
        ("route a request", lambda: window.send_request("http://shop.example.com/api")),
        ("show the help panel", lambda: window.help_dock.raise_()),
        ("show the event log", lambda: window.events_dock.raise_()),
    ]
    out = OUT / f"i18n-{lang}.png"

    def run_steps():
        for what, step in steps:
            try:
                step()
            except Exception as exc:  # noqa: BLE001 - a screenshot with less in it is still useful
                print(f"note: could not {what}: {type(exc).__name__}: {exc}", file=sys.stderr)
        QTimer.singleShot(2500, capture)

    def capture():
        subprocess.run(["import", "-window", "root", str(out)], check=True)
        app.quit()

    QTimer.singleShot(800, run_steps)
    app.exec()
    window.close()
    return out


if __name__ == "__main__":
    if not os.environ.get("DISPLAY"):
        sys.exit("run under xvfb-run (see the module docstring)")
    OUT.mkdir(parents=True, exist_ok=True)
    langs = sys.argv[1:] or ["en"]
    if "es" in langs:
        sys.exit("i18n-es.png shows a live switch: make it with docs/screenshots/make_screenshots_es.py")
    if len(langs) > 1:   # one language per process: the window and its translators are process-wide
        sys.exit(max(subprocess.run([sys.executable, __file__, lang]).returncode for lang in langs))
    print(shoot(langs[0]))
