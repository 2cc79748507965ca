"""The File menu's work for the main window: new, open (big files in a worker thread behind a busy dialog),
import (one undo step), save and save as (big designs in a worker, with progress and Cancel), export manifests
and image, recent files, autosave and recovery after a crash.

:class:`FileActions` belongs to the window (``window.files``), which keeps the public entry points
(``open_path``, ``save_to``, ``import_path``, ``export_manifests``, ``export_image``, ``autosave``...) as
delegates, and the questions it asks (``confirm_discard``). A bad file never replaces the design: its errors
are shown and the work stays as it was.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QStandardPaths, QThread, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

import explorer.io  # noqa: F401 - loaded with the window's code (~70 ms): the first open or save imports nothing
from explorer.model import Cluster
from explorer.model.commands import AddObjects
from explorer.ui import offthread
from explorer.ui.layout import PodScanner, apply_missing_layout, place_beside
from explorer.ui.memory import hold_gc, release_gc
from explorer.ui.scene import drawn_rect

MAX_RECENT = 8
AUTOSAVE_MS = 30_000
FILE_FILTER = "Topology (*.yaml *.yml *.json);;All files (*)"
BIG_FILE = 1_000_000
SAVE_OFF_THREAD_OBJECTS = 500   # saving (and autosaving) a bigger design runs in a worker thread (4,900 objects: 1 s)


def _file_size(path) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


class _Loader(QThread):
    """Runs ``load(path) -> (result, error)`` off the UI thread and emits ``loaded(result, error)``."""

    loaded = Signal(object, object, object)     # (this loader, result, error)

    def __init__(self, load, path, parent=None):
        super().__init__(parent)
        self._load = load
        self._path = path

    def run(self):
        result, error = self._load(self._path)
        self.loaded.emit(self, result, error)


def recovery_path() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation) or str(Path.home() / ".k8s-explorer")
    return Path(base) / "recovery.yaml"


class FileActions(QObject):
    """Files for ``window`` (a :class:`explorer.ui.mainwindow.MainWindow`). ``loading`` is ``(loader thread,
    busy dialog)`` of the last background load (None before any)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._pending_loads: dict = {}
        self.loading = None
        self.exporting = False         # an image is being painted (export_image)
        self._autosaved_revision = None    # the document's revision the recovery file holds
        self._expected = None   # (weak ref to the cluster the last load laid out, its drawn_rect, its scan_pods)

    def new_file(self):
        if not self.window.confirm_discard():
            return
        self.window.sim.reset()
        self.window.document.set_cluster(Cluster(), None)
        self.window.update_title()
        self.window.refresh_problems()

    def open_dialog(self):
        if not self.window.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open topology"), self._last_dir(),
                                              self.tr(FILE_FILTER))
        if path:
            self.open_path(path, ask=False)

    def _load(self, path, lay_out: bool = False):
        """(LoadResult or None, error message or None). Never raises. ``lay_out``: a good result's objects
        without a position get one (:func:`apply_missing_layout`), here, so a load in a worker thread does
        that too (0.24 s at 150,000 pods, which froze the window when it ran after the load), and so does the
        rect its scene will fill (:func:`~explorer.ui.scene.drawn_rect`), handed to the scene on open."""
        try:
            from explorer.io import load_topology
        except ImportError:
            return None, self.tr("Loading files is not available in this build.")
        # The reader pauses the cyclic collector while it reads; the first collection after that would walk
        # every object it made (~0.7 s holding the GIL at 150,000 pods). What a good load made lives on as the
        # design: it is frozen out of the collector's reach first (memory.release_gc).
        hold_gc()
        result = None
        scanners: list = []     # (the reader feeds the pods to a scanner as it reads: see load_topology)

        def observe():
            scanners.append(PodScanner())
            return scanners[-1].observer()
        try:
            result = load_topology(path, observe=observe if lay_out else None)
            if lay_out and result.ok:
                pods = apply_missing_layout(result.cluster, scanners[-1].scan() if scanners else None)
                # the rect its scene will fill, for the view to fit before it is drawn, and its pods per node
                self._expected = (weakref.ref(result.cluster), drawn_rect(result.cluster, pods.counts()), pods)
        except OSError as exc:
            return None, f"{path}: {exc.strerror or exc}"
        except Exception as exc:  # noqa: BLE001 - never a traceback for a bad file
            return None, f"{path}: {exc}"
        finally:
            release_gc(freeze=result is not None and result.ok)
        return result, None

    def _report_load_errors(self, path, result) -> None:
        errors = [str(d) for d in result.diagnostics if d.severity == "error"]
        text = "\n".join(errors[:12]) + (self.tr("\n… and {0} more").format(len(errors) - 12) if len(errors) > 12
                                         else "")
        QMessageBox.critical(self.window, self.tr("Cannot open {0}").format(Path(path).name),
                             self.tr("The file has errors; your current work is unchanged.") + "\n\n" + text)

    def open_path(self, path: str, ask: bool = True, background: bool | None = None) -> bool:
        """Open a topology file, replacing the design. Bad files leave the current work untouched.

        Big files (over :data:`BIG_FILE` bytes, or ``background=True``) load in a worker thread behind a
        cancellable progress dialog; then the return value only says the load started."""
        if ask and not self.window.confirm_discard():
            return False
        if background is None:
            background = _file_size(path) > BIG_FILE
        if background:
            self._load_in_background(path, lambda result, error: self._finish_open(path, result, error),
                                     lay_out=True)
            return True
        result, error = self._load(path, lay_out=True)
        return self._finish_open(path, result, error)

    def _refused(self, path, result, error, title: str) -> bool:
        """True, once the user was told why, when the load failed (``error``) or the file has errors."""
        if error:
            QMessageBox.critical(self.window, title, error)
            return True
        if not result.ok:
            self._report_load_errors(path, result)
            return True
        return False

    def _finish_open(self, path, result, error) -> bool:
        if self._refused(path, result, error, self.tr("Cannot open file")):
            return False
        self.window.sim.reset()
        expected, self._expected = self._expected, None
        if expected is not None and expected[0]() is result.cluster:
            self.window.scene.expect(result.cluster, expected[1], expected[2])
        # the load checked every object: the Problems dock takes that instead of checking them again
        self.window.adopt_load_checks(result)
        self.window.document.set_cluster(result.cluster, str(path), result.diagnostics)  # laid out by _load
        self.add_recent(str(path))
        self.window.update_title()
        self.window.refresh_problems()
        return True

    def _load_in_background(self, path, done, lay_out: bool = False) -> None:
        """Parse ``path`` in a worker thread (see :meth:`_load`); ``done(result, error)`` runs on the UI thread
        unless cancelled."""
        dialog = self.window.busy_dialog(self.tr("Loading {0}…").format(Path(path).name), 200)
        loader = _Loader(lambda p: self._load(p, lay_out), str(path), self)
        state = {"cancelled": False, "dialog": dialog, "done": done}

        def cancelled():
            state["cancelled"] = True
            self.window.statusBar().showMessage(self.tr("Loading cancelled; nothing changed."), 6000)
        dialog.canceled.connect(cancelled)
        self._pending_loads[loader] = state
        # a bound method of this object: the result is delivered on the UI thread (queued), never the worker's
        loader.loaded.connect(self._background_loaded)
        self.loading = (loader, dialog)
        loader.start()

    def _background_loaded(self, loader, result, error) -> None:
        state = self._pending_loads.pop(loader, None)
        if state is None:
            return
        state["dialog"].reset()
        state["dialog"].deleteLater()   # (a child of the window: one per load would pile up)
        if not state["cancelled"]:
            state["done"](result, error)
        elif self._expected is not None and result is not None and self._expected[0]() is result.cluster:
            self._expected = None   # (it holds every pod of the design nobody wants)

    def loading_now(self) -> bool:
        """Whether a file is being read in the background."""
        return bool(self._pending_loads)

    def wait_for_loads(self) -> None:
        """Closing: a load still parsing is cancelled and waited for (a running QThread must not be destroyed)."""
        for loader, state in list(self._pending_loads.items()):
            state["cancelled"] = True
            loader.wait()
        self._pending_loads.clear()

    def import_dialog(self):
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Import manifests"), self._last_dir(),
                                              self.tr(FILE_FILTER))
        if path:
            self.import_path(path)

    def import_path(self, path: str, background: bool | None = None) -> bool:
        """Merge a manifest file into the design as ONE undoable step. Existing objects are not replaced.
        Big files parse in a worker thread (cancellable); then the return value says the import started."""
        if not self.window.require_design():
            return False
        if background is None:
            background = _file_size(path) > BIG_FILE
        if background:
            self._load_in_background(path, lambda result, error: self._finish_import(path, result, error))
            return True
        result, error = self._load(path)
        return self._finish_import(path, result, error)

    def _finish_import(self, path, result, error) -> bool:
        if not self.window.require_design():
            return False
        if self._refused(path, result, error, self.tr("Cannot import")):
            return False
        cluster = self.window.document.cluster
        new = [o for o in result.cluster if o.key not in cluster]
        skipped = len(result.cluster) - len(new)
        if not new:
            self.window.statusBar().showMessage(self.tr("Nothing new to import."), 6000)
            return False
        merged = cluster.copy()
        merged.add_many(new, validate=False)
        given = {k: v for k, v in result.cluster.layout.items() if k in merged and k not in cluster.layout}
        drawn = self.window.scene.itemsBoundingRect()
        extent = None if drawn.isNull() or not len(cluster) else \
            (drawn.left(), drawn.top(), drawn.right(), drawn.bottom())
        positions = place_beside(merged, [o.key for o in new if o.key not in given], extent)
        positions.update(given)
        if self.window.push(AddObjects(new, positions), self.tr("Import {0}").format(Path(path).name)):
            self.window.document.diagnostics = list(result.diagnostics)
            # the design's copies, the imported ones included (a job still under way for the design goes on)
            self.window.whole_copies.start(self.window.document.cluster)
            self.window.refresh_problems()
            self.window.statusBar().showMessage(self.tr("Imported {0} objects ({1} already present).").format(
                len(new), skipped), 8000)
            self.window.view.fit()
            return True
        return False

    def save(self) -> bool:
        if not self.window.document.path:
            return self.save_as()
        return self.save_to(self.window.document.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save topology"), self._last_dir("cluster.yaml"),
                                              self.tr(FILE_FILTER))
        if not path:
            return False
        return self.save_to(path)

    def save_to(self, path: str) -> bool:
        if offthread.busy():
            self.window.statusBar().showMessage(self.tr("Still busy (a save, a trace or a console command): save again "
                                                 "when it is done."), 6000)
            return False
        mark = self.window.document.undo_stack.index()
        try:
            self._write_design(path, announce=True)
        except offthread.Cancelled:
            self.window.statusBar().showMessage(self.tr("Save cancelled: {0} is as it was.").format(path), 8000)
            return False
        except Exception as exc:  # noqa: BLE001
            QMessageBox.critical(self.window, self.tr("Cannot save"), f"{path}: {exc}")
            return False
        changed = self.window.document.undo_stack.index() != mark    # edited while a big design was being written
        self.window.document.set_path(str(path))
        if changed:
            self.window.document.undo_stack.resetClean()   # what is on disk is the design as it was: still unsaved
        self.add_recent(str(path))
        self.window.update_title()
        self.window.statusBar().showMessage(self.tr("Saved {0}").format(path), 5000)
        if not changed:
            self.remove_recovery()
        return True

    def _write_design(self, path, announce: bool = False) -> None:
        """Write the design to ``path`` (atomic). A big one (more than :data:`SAVE_OFF_THREAD_OBJECTS`
        objects: ~35 s at 150,000 pods) is written from a snapshot (``Cluster.copy``: the objects are
        immutable) in a worker thread while the window stays live, with its progress and a Cancel button in
        the status bar. Raises what ``save_topology`` raises, and :class:`offthread.Cancelled` when cancelled
        (``path`` is then as it was)."""
        from explorer.io import save_topology
        text = self.tr("Saving {0}…") if announce else self.tr("Autosaving…")
        self._write_in_background(lambda cluster, progress: save_topology(cluster, path, progress),
                                  text.format(Path(path).name))

    def _write_in_background(self, write, text: str) -> None:
        """``write(cluster, progress)`` on the design: at once for a small one, else on a snapshot in a worker
        (see :meth:`_write_design`), its progress shown as ``text`` in the status bar."""
        cluster = self.window.document.cluster
        if len(cluster) <= SAVE_OFF_THREAD_OBJECTS:
            write(cluster, None)
            return
        snapshot = cluster.copy()
        with self.window.background.watching(text) as progress:
            offthread.run_and_wait(lambda: write(snapshot, progress))

    def export_manifests_dialog(self):
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export manifests"),
                                              self._last_dir("manifests.yaml"),
                                              self.tr("YAML (*.yaml *.yml)"))
        if path:
            self.export_manifests(path)

    def export_manifests(self, path: str) -> bool:
        """Write the apply-ready manifests to ``path`` (atomic; a big design in a worker, cancellable, like
        saving). False, with a message, when it failed or was cancelled."""
        if offthread.busy():
            self.window.statusBar().showMessage(self.tr("Still busy (a save, a trace or a console command): export "
                                                 "again when it is done."), 6000)
            return False
        from explorer.io import save_manifests
        try:
            self._write_in_background(lambda cluster, progress: save_manifests(cluster, path, progress),
                                      self.tr("Exporting {0}…").format(Path(path).name))
        except offthread.Cancelled:
            self.window.statusBar().showMessage(self.tr("Export cancelled: {0} is as it was.").format(path), 8000)
            return False
        except Exception as exc:  # noqa: BLE001
            QMessageBox.critical(self.window, self.tr("Cannot export"), str(exc))
            return False
        self.window.statusBar().showMessage(
            self.tr("Exported manifests to {0} — ready for kubectl apply -f").format(path), 8000)
        return True

    def export_image_dialog(self):
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export image"), self._last_dir("cluster.png"),
                                              self.tr("PNG image (*.png);;SVG drawing (*.svg)"))
        if path:
            self.export_image(path)

    def export_image(self, path: str) -> bool:
        """Write the diagram to ``path`` (PNG or SVG; another name gets ".png"), painted a slice per event-loop
        turn behind a progress dialog with Cancel (:func:`explorer.ui.image_export.export_in_turns`); the
        simulation pauses first. True when the file was written; False, with a message, when it failed or
        was cancelled."""
        from explorer.ui.image_export import ImagePainter, export_in_turns
        if offthread.busy() or self.exporting:
            self.window.statusBar().showMessage(self.tr("Still busy (a save, a trace or a console command): export "
                                                 "again when it is done."), 6000)
            return False
        if Path(path).suffix.lower() not in (".png", ".svg"):
            path = str(path) + ".png"
        self.window.sim.pause()
        self.exporting = True
        selected = self.window.scene.selectedItems()
        self.window.scene.clearSelection()     # the image shows no selection, nor what it highlights
        try:
            written = export_in_turns(lambda: ImagePainter(self.window.scene, path), self.window,
                                      self.tr("Exporting {0}…").format(Path(path).name),
                                      ready=lambda: not self.window.scene.updating)
        except (OSError, ValueError) as exc:
            QMessageBox.critical(self.window, self.tr("Cannot export image"), str(exc))
            return False
        finally:
            self.exporting = False
            for item in selected:       # the user's selection back
                if shiboken6.isValid(item) and item.scene() is self.window.scene:
                    item.setSelected(True)
        if not written:
            self.window.statusBar().showMessage(self.tr("Export cancelled: {0} is as it was.").format(path), 8000)
            return False
        self.window.statusBar().showMessage(self.tr("Saved image {0}").format(path), 6000)
        return True

    def _last_dir(self, name: str = "") -> str:
        base = self.window.settings.value("last_dir", str(Path.home()))
        return str(Path(base) / name) if name else str(base)

    # ------------------------------------------------------------------------------------------- recent files
    def recent_files(self) -> list:
        value = self.window.settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [v for v in (value or []) if v]

    def add_recent(self, path: str):
        files = [path] + [p for p in self.recent_files() if p != path]
        self.window.settings.setValue("recent_files", files[:MAX_RECENT])
        self.window.settings.setValue("last_dir", str(Path(path).parent))
        self.fill_recent_menu()

    def fill_recent_menu(self):
        self.window.recent_menu.clear()
        files = self.recent_files()
        for p in files:
            self.window.recent_menu.addAction(Path(p).name, lambda p=p: self.open_path(p)).setToolTip(p)
        self.window.recent_menu.setEnabled(bool(files))

    # ------------------------------------------------------------------------------------------- autosave
    def autosave(self) -> bool:
        """Write the design to the recovery file when it has unsaved changes made since the last autosave
        (atomic write). A design left modified was written again every 30 s: 33 s of a worker's time for a
        150,000-pod design, so the worker never rested and Save waited for it."""
        document = self.window.document
        if not document.modified or offthread.busy():   # busy: a save may be under way; next time
            return False
        if document.revision == self._autosaved_revision and recovery_path().exists():
            return False
        revision = document.revision        # what the snapshot written below holds
        try:
            path = recovery_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            self._write_design(str(path))
            self.window.settings.setValue("recovery_source", document.path or "")
            self._autosaved_revision = revision
        except offthread.Cancelled:
            self.window.statusBar().showMessage(self.tr("Autosave cancelled; the next one is in {0} s.").format(
                AUTOSAVE_MS // 1000), 6000)
            return False
        except Exception as exc:  # noqa: BLE001 - autosave must never interrupt work
            self.window.statusBar().showMessage(self.tr("Autosave failed: {0}").format(exc), 6000)
            return False
        return True

    def remove_recovery(self):
        try:
            recovery_path().unlink()
        except OSError:
            pass

    def offer_recovery(self) -> bool:
        """After a crash the recovery file is still there: offer to restore it. True when restored."""
        path = recovery_path()
        if not path.exists():
            return False
        answer = QMessageBox.question(self.window, self.tr("Recover unsaved work?"),
                                      self.tr("The explorer did not close cleanly last time. Recover the unsaved "
                                              "design from {0}?").format(path),
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        if answer != QMessageBox.Yes:
            self.remove_recovery()
            return False
        result, error = self._load(str(path))
        if error or not result.ok:
            QMessageBox.warning(self.window, self.tr("Recovery failed"),
                                error or self.tr("The recovery file is damaged."))
            return False
        apply_missing_layout(result.cluster)
        source = self.window.settings.value("recovery_source", "") or None
        self.window.document.set_cluster(result.cluster, source, result.diagnostics)
        self.window.document.undo_stack.resetClean()
        self.window.update_title()
        return True
