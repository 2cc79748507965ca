"""One desktop-app session in its own process, for the autosave-recovery test.

``python -m tests.robustness.app_session edit OUT``: start the app as ``launch()`` does (same application and
organization names, so the same recovery file), make unsaved edits (add objects, move one, scale a
Deployment), write the expected design (full topology text) to OUT, print ``edited <recovery path>`` and keep
running the event loop until killed. The autosave timer interval is shortened to 200 ms (it is 30 s in the
app) so the test does not wait half a minute; the autosave itself is the app's own code.

``python -m tests.robustness.app_session recover OUT``: start the app again, answer "Yes" to the recovery
question, write ``{"modified": ..., "title": ..., "asked": ...}`` as a first JSON line and the recovered
design's full topology text after it to OUT, and exit.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from explorer.io import dump_topology  # noqa: E402
from explorer.model import builders as b  # noqa: E402
from explorer.model.commands import AddObjects, MoveObjects, ReplaceObject  # noqa: E402
from explorer.ui import file_actions  # noqa: E402
from explorer.ui.app import create_window  # noqa: E402


def _app() -> QApplication:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Kubernetes Architecture Explorer")
    app.setOrganizationName("k8s-explorer")
    return app


def edit(out: str) -> None:
    app = _app()
    window = create_window(None)
    window.autosave_timer.setInterval(200)
    assert window.push(AddObjects([b.namespace("unsaved"), b.deployment("late-night", "unsaved", replicas=2)],
                                  {("Namespace", "", "unsaved"): (120.0, -40.0),
                                   ("Deployment", "unsaved", "late-night"): (360.0, -40.0)}))
    key = ("Deployment", "shop", "api")
    old = window.document.cluster.position(key)
    assert window.push(MoveObjects({key: (old, (old[0] + 200.0, old[1] + 60.0))}))
    api = window.document.cluster.get(key)
    assert window.push(ReplaceObject(api.edited(lambda raw: raw["spec"].__setitem__("replicas", 7))))
    with open(out, "w", encoding="utf-8") as f:
        f.write(dump_topology(window.document.cluster))
    print("edited", file_actions.recovery_path(), flush=True)
    app.exec()


def recover(out: str) -> None:
    asked = []

    def yes(*args, **kwargs):
        asked.append(args[1] if len(args) > 1 else "")
        return QMessageBox.Yes
    QMessageBox.question = staticmethod(yes)
    _app()
    window = create_window(None)
    report = {"modified": window.document.modified, "title": window.windowTitle(), "asked": asked}
    with open(out, "w", encoding="utf-8") as f:
        f.write(json.dumps(report) + "\n" + dump_topology(window.document.cluster))
    window.document.undo_stack.setClean()   # leave without a "save changes?" question
    window.close()


if __name__ == "__main__":
    {"edit": edit, "recover": recover}[sys.argv[1]](sys.argv[2])
