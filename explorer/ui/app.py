"""Start the desktop application."""

from __future__ import annotations

import sys


def create_window(path: str | None = None, offer_recovery: bool = True):
    """Create (and show) the main window on ``path`` or the example cluster. Needs a QApplication.

    A file that cannot be opened is reported in a dialog and the example cluster is shown instead.
    """
    from explorer.ui.mainwindow import MainWindow

    window = MainWindow()
    window.show()
    if path:
        window.open_path(path, ask=False)
    elif offer_recovery:
        window.offer_recovery()
    return window


def launch(path: str | None = None) -> int:
    """Open the main window on ``path`` (or the example cluster) and run Qt's event loop."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Kubernetes Architecture Explorer")
    app.setOrganizationName("k8s-explorer")
    app.setDesktopFileName("k8s-explorer")
    _set_window_icon(app)
    try:
        from explorer.ui.i18n import install  # packaging/i18n engineer's module
        install(app)
    except Exception:  # noqa: BLE001 - translations are optional
        pass
    window = create_window(path)
    app._explorer_window = window  # keep a reference for the lifetime of the loop
    app.aboutToQuit.connect(release_clipboard)
    return app.exec()


def release_clipboard() -> None:
    """Drop what the app put on the clipboard before Qt shuts down: PySide6 crashes at interpreter exit
    when the clipboard still owns a QMimeData created from Python (after Copy)."""
    from PySide6.QtGui import QClipboard
    from PySide6.QtWidgets import QApplication

    from explorer.ui.edit_actions import OBJECTS_MIME

    app = QApplication.instance()
    if app is None:
        return
    mime = app.clipboard().mimeData()
    if mime is not None and mime.hasFormat(OBJECTS_MIME):  # ours: another app's clipboard is left alone
        app.clipboard().clear(QClipboard.Clipboard)


def _set_window_icon(app) -> None:
    """The app icon (resources/app) for every window, when the resources are present."""
    from PySide6.QtGui import QIcon

    from explorer.ui import bundle

    path = bundle.app_icon_path()
    if path and path.exists():
        app.setWindowIcon(QIcon(str(path)))
