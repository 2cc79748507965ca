"""Quitting after Copy must not crash: PySide6 segfaults at interpreter exit when the clipboard still owns
Python-made mime data, so the app releases its clipboard contents on aboutToQuit."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from explorer.ui.app import create_window, release_clipboard

    app = QApplication(sys.argv[:1])
    app.aboutToQuit.connect(release_clipboard)   # what launch() connects
    window = create_window(None, offer_recovery=False)
    window.show()

    def copy_then_quit():
        window.scene.items_by_key[("Deployment", "shop", "mysql")].setSelected(True)
        QTest.keyClick(window.view, Qt.Key_C, Qt.ControlModifier)
        print("copied:", QApplication.clipboard().mimeData().hasFormat("application/x-k8s-explorer-objects"))
        window.document.undo_stack.setClean()
        window.close()
        app.quit()

    QTimer.singleShot(300, copy_then_quit)
    sys.exit(app.exec())
""")


def test_quit_after_copy_exits_cleanly(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "copied: True"), done.stderr
