"""The main window: palette, canvas, inspector and panels; File/Edit/View/Simulation/Traffic menus.

Editing goes through :class:`~explorer.ui.document.Document` (model commands on a QUndoStack). The
simulation (:class:`~explorer.ui.simulation.SimulationController`) is separate from the design: while it is
shown the canvas displays ``sim.cluster()`` and the design is read-only until Reset.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDockWidget, QLabel, QMainWindow, QMessageBox, QProgressDialog, QSlider,
                               QToolBar)

from explorer.model import Cluster, example_cluster
from explorer.ui import offthread, simulation
from explorer.ui.background import BackgroundProgress
from explorer.ui.busy import progress_dialog
from explorer.ui.document import Document
from explorer.ui.edit_actions import EditActions
from explorer.ui.file_actions import AUTOSAVE_MS, FileActions
from explorer.ui.inspector import Inspector
from explorer.ui.kernel_loader import KernelWhenQuiet
from explorer.ui.layout import apply_missing_layout
from explorer.ui.memory import gc_held_steps, gc_paused
from explorer.ui.palette import Palette
from explorer.ui.panels import EventLogPanel, ProblemsPanel, SchedulingPanel, TracePanel
from explorer.ui.problems import ValidationCache, design_problems, design_problems_steps
from explorer.ui.scene import DiagramScene
from explorer.ui.simulation import SimulationController
from explorer.ui.traffic_actions import TrafficActions
from explorer.ui.turns import NextTurn
from explorer.ui.view import DiagramView, MiniMap
from explorer.ui.whole_copies import WholeCopies

PROBLEMS_SLICE_S = 0.025   # validation of a big design per event-loop turn (the rest of the turn is for input)
PROBLEMS_WAIT_MS = 50      # validation waits this long while the canvas is being built or dragged on


def _snapshot_steps(cluster, cache, checked):
    """``design_problems_steps`` of a copy of ``cluster`` taken at its first step, not when the job is made: a
    150,000-object copy (~20 ms) then waits, with the rest of the validation, for the canvas's first frame."""
    return (yield from design_problems_steps(cluster.copy(), cache, checked))


class MainWindow(QMainWindow):
    """The application window. ``ask`` hooks (``confirm_close``...) are methods so tests can replace them."""

    def __init__(self, cluster: Cluster | None = None, path: str | None = None, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or QSettings("k8s-explorer", "Kubernetes Architecture Explorer")
        if cluster is None:
            cluster = example_cluster()
        apply_missing_layout(cluster)
        self.document = Document(cluster, self)
        self.document.path = path
        self.scene = DiagramScene(self.document, self)
        self.view = DiagramView(self.scene)
        self.view.setObjectName("canvas")
        self.setCentralWidget(self.view)
        self.sim = SimulationController(self.document, self)
        self.edits = EditActions(self)
        self.files = FileActions(self)
        self.traffic = TrafficActions(self)
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbars()
        self._shown_time = None     # simulated second the canvas shows; None: the design
        self.retranslate_ui()
        self._connect()
        self.statusBar().showMessage(self._start_hint, 8000)
        self.background = BackgroundProgress(self)     # saves and exports in a worker: progress and Cancel
        self.statusBar().addPermanentWidget(self.background)
        self.zoom_label = QLabel("100%")
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.files.autosave)
        self.autosave_timer.start()
        self._problems_timer = QTimer(self)
        self._problems_timer.setSingleShot(True)
        self._problems_timer.setInterval(150)
        self._problems_timer.timeout.connect(self.refresh_problems)
        self.resize(1580, 960)
        self.default_dock_sizes()
        self.restore_settings()
        self.update_title()
        self.refresh_problems()
        QTimer.singleShot(0, self.view.fit)
        # the scheduler's compiled loop loads once nothing is under way (kernel_loader.py)
        self.kernel_loader = KernelWhenQuiet(self.work_under_way, self.view.viewport_changed, self)
        # a big file's copied pods get their dicts once the first frame is up (whole_copies.py)
        self.whole_copies = WholeCopies(lambda: bool(self.scene.updating or getattr(self.scene, "building", False)
                                                     or self.view.pointer_held), self)
        self.document.cluster_replaced.connect(self.whole_copies.start)

    def work_under_way(self) -> bool:
        """Whether the window has work under way that the user watches or waits for: a design being drawn
        or validated, a file loading, a simulator starting, running, being read or freed, or a worker waited
        for."""
        sim = self.sim
        return bool(self.scene.updating or getattr(self.scene, "building", False) or sim.starting_in_background
                    or sim.reading or sim.busy or sim.playing or sim.releasing
                    or getattr(self, "_problems_job", None) is not None
                    or self.files.loading_now() or offthread.busy())

    # ------------------------------------------------------------------------------------------- building
    def default_dock_sizes(self):
        self.resizeDocks([self.palette_dock, self.minimap_dock], [560, 190], Qt.Vertical)
        self.resizeDocks([self.palette_dock, self.inspector_dock], [245, 310], Qt.Horizontal)
        self.resizeDocks([self.problems_dock], [175], Qt.Vertical)

    def _dock(self, widget, area, name) -> QDockWidget:
        """A dock around ``widget``; :meth:`retranslate_ui` sets its title."""
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self):
        self.palette = Palette()
        self.palette.setObjectName("palette")
        self.palette_dock = self._dock(self.palette, Qt.LeftDockWidgetArea, "palette_dock")
        self.minimap = MiniMap(self.view)
        self.minimap_dock = self._dock(self.minimap, Qt.LeftDockWidgetArea, "overview_dock")
        self.inspector = Inspector(self.document)
        self.inspector_dock = self._dock(self.inspector, Qt.RightDockWidgetArea,
                                         "inspector_dock")
        self.scheduling = SchedulingPanel()
        self.scheduling_dock = self._dock(self.scheduling, Qt.BottomDockWidgetArea,
                                          "scheduling_dock")
        self.problems = ProblemsPanel()
        self.problems_dock = self._dock(self.problems, Qt.BottomDockWidgetArea,
                                        "problems_dock")
        self.events = EventLogPanel()
        self.events_dock = self._dock(self.events, Qt.BottomDockWidgetArea, "events_dock")
        self.trace = TracePanel()
        self.trace_dock = self._dock(self.trace, Qt.BottomDockWidgetArea, "trace_dock")
        self.tabifyDockWidget(self.problems_dock, self.events_dock)
        self.tabifyDockWidget(self.events_dock, self.trace_dock)
        self.tabifyDockWidget(self.trace_dock, self.scheduling_dock)
        self.console_dock = None
        self.console = None
        try:
            from explorer.ui.console import KubectlConsole  # kubectl engineer's widget
            self.console = KubectlConsole(self._console_simulator)
            self.console.setObjectName("kubectl_console")
            self.console_dock = self._dock(self.console, Qt.BottomDockWidgetArea, "console_dock")
            self.tabifyDockWidget(self.scheduling_dock, self.console_dock)
            self.console.command_executed.connect(self._console_command_executed)
        except Exception:  # noqa: BLE001 - the console is optional
            self.console = None
        self.help_dock = None
        try:
            from explorer.ui.help_panel import HelpPanel  # packaging/i18n engineer's widget
            self.help_panel = HelpPanel()
            self.help_dock = self._dock(self.help_panel, Qt.RightDockWidgetArea, "help_dock")
            self.tabifyDockWidget(self.inspector_dock, self.help_dock)
            self.inspector_dock.raise_()
        except Exception:  # noqa: BLE001 - the help panel is optional
            self.help_panel = None
        self.problems_dock.raise_()

    def _console_command_executed(self, text: str, _code: int) -> None:
        """Redraw from the simulation after a kubectl command that may have changed it (a read, e.g.
        ``get pods -A``, changes nothing: re-reading 150,000 pods for it took ~0.1 s)."""
        from explorer.kubectl import is_read_command
        if not is_read_command(text):
            self.sim._changed()

    def _console_simulator(self):
        """The simulator kubectl talks to; typing a command in the design starts (and settles) one (a big
        design's in the background, behind its cancellable dialog: the window stays live)."""
        if not self.sim.start_and_wait(settle=True):
            return None
        return self.sim.sim

    def _act(self, slot=None, shortcut=None, checkable=False, icon=None) -> QAction:
        """A window action; its text and tips are set by :meth:`retranslate_ui` (see :meth:`_action_texts`)."""
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.WindowShortcut)
        if checkable:
            action.setCheckable(True)
        if icon is not None:
            action.setIcon(icon)
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self):
        s = self.style()
        from PySide6.QtWidgets import QStyle
        self.new_act = self._act(self.files.new_file, QKeySequence.New)
        self.open_act = self._act(self.files.open_dialog, QKeySequence.Open)
        self.save_act = self._act(self.files.save, QKeySequence.Save)
        self.save_as_act = self._act(self.files.save_as, QKeySequence.SaveAs)
        self.import_act = self._act(self.files.import_dialog, "Ctrl+I")
        self.export_act = self._act(self.files.export_manifests_dialog, "Ctrl+E")
        self.export_image_act = self._act(self.files.export_image_dialog, "Ctrl+Shift+E")
        self.quit_act = self._act(self.close, QKeySequence.Quit)
        self.undo_act = self._act(self.undo, QKeySequence.Undo)
        self.redo_act = self._act(self.redo, None)
        self.redo_act.setShortcuts([QKeySequence.Redo, QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        stack = self.document.undo_stack
        for signal in (stack.canUndoChanged, stack.canRedoChanged, stack.undoTextChanged, stack.redoTextChanged):
            signal.connect(self._update_undo_actions)
        self.delete_act = self._act(self.edits.delete_selected, QKeySequence.Delete)
        self.copy_act = self._act(self.edits.copy_selected, QKeySequence.Copy)
        self.paste_act = self._act(self.edits.paste, QKeySequence.Paste)
        self.duplicate_act = self._act(self.edits.duplicate_selected, "Ctrl+D")
        self.rename_act = self._act(self.edits.rename_selected, "F2")
        self.select_all_act = self._act(self.edits.select_all, QKeySequence.SelectAll)
        self.zoom_in_act = self._act(self.view.zoom_in, QKeySequence.ZoomIn)
        self.zoom_in_act.setShortcuts([QKeySequence.ZoomIn, QKeySequence("Ctrl+=")])
        self.zoom_out_act = self._act(self.view.zoom_out, QKeySequence.ZoomOut)
        self.fit_act = self._act(self.view.fit, "Ctrl+0")
        self.actual_act = self._act(self.view.reset_zoom, "Ctrl+1")
        self.snap_act = self._act(self.edits.toggle_snap, checkable=True)
        self.snap_act.setChecked(True)
        self.layout_act = self._act(self.edits.auto_arrange, "Ctrl+L")
        self.step_act = self._act(self.sim.step, "F10", icon=s.standardIcon(QStyle.SP_MediaSeekForward))
        self.play_act = self._act(self.sim.toggle, "F5", icon=s.standardIcon(QStyle.SP_MediaPlay))
        self.reset_act = self._act(self.reset_simulation, "Ctrl+F5", icon=s.standardIcon(QStyle.SP_MediaSkipBackward))
        self.settle_act = self._act(self.settle, "F6")
        self.run_long_act = self._act(lambda: self.run_long(1000), None)
        self.request_act = self._act(self.send_request_dialog, "Ctrl+R")
        self.load_act = self._act(self.generate_load_dialog, "Ctrl+Shift+L")
        self.clear_overlay_act = self._act(self.clear_overlay)
        self.console_act = self._act(self.show_console, "Ctrl+K") if self.console_dock is not None else None
        self.about_act = self._act(self.about)

    def _action_texts(self) -> list:
        """(action, text, tip) for every window action, in the current language (tip "" = none)."""
        return [
            (self.new_act, self.tr("&New"), self.tr("Start an empty design")),
            (self.open_act, self.tr("&Open…"), self.tr("Open a topology file")),
            (self.save_act, self.tr("&Save"), ""),
            (self.save_as_act, self.tr("Save &As…"), ""),
            (self.import_act, self.tr("&Import manifests…"), self.tr("Merge Kubernetes manifests into this design")),
            (self.export_act, self.tr("&Export manifests…"), self.tr("Write apply-ready manifests")),
            (self.export_image_act, self.tr("Export &image…"), self.tr("Save the diagram as PNG or SVG")),
            (self.quit_act, self.tr("&Quit"), ""),
            (self.delete_act, self.tr("&Delete"), ""),
            (self.copy_act, self.tr("&Copy"), ""),
            (self.paste_act, self.tr("&Paste"), ""),
            (self.duplicate_act, self.tr("D&uplicate"), ""),
            (self.rename_act, self.tr("&Rename"), ""),
            (self.select_all_act, self.tr("Select &all"), ""),
            (self.zoom_in_act, self.tr("Zoom &in"), ""),
            (self.zoom_out_act, self.tr("Zoom &out"), ""),
            (self.fit_act, self.tr("&Fit to window"), ""),
            (self.actual_act, self.tr("Actual &size"), ""),
            (self.snap_act, self.tr("&Snap to grid"), ""),
            (self.layout_act, self.tr("Auto-&layout"), self.tr("Arrange every object in layers (one undo step)")),
            (self.step_act, self.tr("&Step"), self.tr("Advance to the next event")),
            (self.play_act, self.tr("&Pause") if self.sim.playing else self.tr("&Play"),
             self.tr("Run or pause the simulation")),
            (self.reset_act, self.tr("&Reset"), self.tr("Discard the simulation and show the design")),
            (self.settle_act, self.tr("Run until &settled"), self.tr("Run until every pod is placed and running")),
            (self.run_long_act, self.tr("Run for &1000 s…"), self.tr("Advance 1000 simulated seconds with progress")),
            (self.request_act, self.tr("Send &request…"), self.tr("Route one request and watch it hop by hop")),
            (self.load_act, self.tr("Generate &load…"),
             self.tr("Route many requests and show per-pod counts and drops")),
            (self.clear_overlay_act, self.tr("&Clear overlay"), ""),
            *([(self.console_act, self.tr("&kubectl console"), "")] if self.console_act is not None else []),
            (self.about_act, self.tr("&About"), ""),
        ]

    def _build_menus(self):
        bar = self.menuBar()
        m = self.file_menu = bar.addMenu("")
        m.addActions([self.new_act, self.open_act])
        self.recent_menu = m.addMenu("")
        m.addActions([self.save_act, self.save_as_act])
        m.addSeparator()
        m.addActions([self.import_act, self.export_act, self.export_image_act])
        m.addSeparator()
        m.addAction(self.quit_act)
        m = self.edit_menu = bar.addMenu("")
        m.addActions([self.undo_act, self.redo_act])
        m.addSeparator()
        m.addActions([self.copy_act, self.paste_act, self.duplicate_act, self.rename_act, self.delete_act])
        m.addSeparator()
        m.addAction(self.select_all_act)
        m.addSeparator()
        from explorer.ui.i18n import language_menu
        self.preferences_menu = m.addMenu("")
        self.preferences_menu.addMenu(language_menu(self))
        m = self.view_menu = bar.addMenu("")
        m.addActions([self.zoom_in_act, self.zoom_out_act, self.fit_act, self.actual_act])
        m.addSeparator()
        m.addActions([self.snap_act, self.layout_act])
        m.addSeparator()
        for dock in (self.palette_dock, self.minimap_dock, self.inspector_dock, self.help_dock,
                     self.scheduling_dock, self.problems_dock, self.events_dock, self.trace_dock, self.console_dock):
            if dock is not None:
                m.addAction(dock.toggleViewAction())     # its text follows the dock's title
        m = self.simulation_menu = bar.addMenu("")
        m.addActions([self.step_act, self.play_act, self.settle_act, self.run_long_act, self.reset_act])
        m = self.traffic_menu = bar.addMenu("")
        m.addActions([self.request_act, self.load_act, self.clear_overlay_act])
        self.tools_menu = None
        if self.console_act is not None:
            m = self.tools_menu = bar.addMenu("")
            m.addAction(self.console_act)
        m = self.help_menu = bar.addMenu("")
        m.addAction(self.about_act)
        self.files.fill_recent_menu()

    def _build_toolbars(self):
        tb = QToolBar(self)
        tb.setObjectName("simulation_toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        tb.addAction(self.step_act)
        tb.addAction(self.play_act)
        self.speed_box = QComboBox()
        self.speed_box.setObjectName("speed")
        for speed in (1, 10, 100):
            self.speed_box.addItem(f"{speed}×", speed)
        self.speed_box.currentIndexChanged.connect(lambda i: self.sim.set_speed(self.speed_box.itemData(i)))
        tb.addWidget(self.speed_box)
        tb.addAction(self.reset_act)
        tb.addSeparator()
        self.timeline = QSlider(Qt.Horizontal)
        self.timeline.setObjectName("timeline")
        self.timeline.setMinimumWidth(260)
        self.timeline.setRange(0, 0)
        self.timeline.sliderReleased.connect(lambda: self.sim.seek(self.timeline.value()))
        self.timeline.valueChanged.connect(self._timeline_moved)
        tb.addWidget(self.timeline)
        self.time_label = QLabel()
        self.time_label.setMinimumWidth(120)
        tb.addWidget(self.time_label)
        tb.addSeparator()
        tb.addAction(self.request_act)
        tb.addAction(self.load_act)
        self.addToolBar(Qt.TopToolBarArea, tb)
        self.sim_toolbar = tb

    # ------------------------------------------------------------------------------------------- language
    def retranslate_ui(self) -> None:
        """Set every text the window owns in the current interface language: called once while building and
        again on ``QEvent.LanguageChange`` (Edit ▸ Preferences ▸ Language switches live). The docked widgets
        retranslate themselves on the same event; the scene, which is not a widget, is told from here."""
        for action, text, tip in self._action_texts():
            action.setText(text)
            action.setToolTip(tip)      # "" = Qt's default: the text without its "&"
            action.setStatusTip(tip)
        self._update_undo_actions()
        for menu, title in ((self.file_menu, self.tr("&File")), (self.recent_menu, self.tr("Open &Recent")),
                            (self.edit_menu, self.tr("&Edit")), (self.preferences_menu, self.tr("&Preferences")),
                            (self.view_menu, self.tr("&View")), (self.simulation_menu, self.tr("&Simulation")),
                            (self.traffic_menu, self.tr("&Traffic")), (self.tools_menu, self.tr("&Tools")),
                            (self.help_menu, self.tr("&Help"))):
            if menu is not None:
                menu.setTitle(title)
        for dock, title in ((self.palette_dock, self.tr("Components")), (self.minimap_dock, self.tr("Overview")),
                            (self.inspector_dock, self.tr("Inspector")), (self.scheduling_dock, self.tr("Scheduling")),
                            (self.events_dock, self.tr("Events")), (self.trace_dock, self.tr("Request trace")),
                            (self.console_dock, self.tr("kubectl")), (self.help_dock, self.tr("Help"))):
            if dock is not None:
                dock.setWindowTitle(title)
        self._problems_title()
        self.sim_toolbar.setWindowTitle(self.tr("Simulation"))
        self.speed_box.setToolTip(self.tr("Simulation speed: simulated seconds per real second"))
        self.timeline.setToolTip(self.tr("Timeline: drag back to any earlier moment of the simulation"))
        self._show_time()
        if self.document.read_only_reason:
            self.document.read_only_reason = self.tr("A simulation is shown: press Reset to edit the design.")
        hint = self.tr("Drag components from the palette onto the canvas.")
        if self.statusBar().currentMessage() == getattr(self, "_start_hint", None):
            self.statusBar().showMessage(hint, 8000)
        self._start_hint = hint
        if hasattr(self, "_validation_cache"):      # not while building: __init__ refreshes once afterwards
            self.update_title()

    def changeEvent(self, event):  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            self.scene.retranslate_ui()
            self.refresh_problems()         # findings are worded where they are found
            self._selection_changed()       # inspector, scheduling explanation
        super().changeEvent(event)

    def _connect(self):
        self.scene.selectionChanged.connect(self._selection_changed)
        self.scene.palette_dropped.connect(self.edits.drop_palette_item)
        self.scene.link_requested.connect(self.edits.link)
        self.scene.context_requested.connect(self.edits.context_menu)
        self.scene.edit_failed.connect(self.show_error)
        self.view.nudge_requested.connect(self.edits.nudge)
        self.palette.activated_key.connect(
            lambda key: self.edits.drop_palette_item(key, self.view.mapToScene(self.view.viewport().rect().center())))
        self.inspector.edit_failed.connect(lambda msg: self.statusBar().showMessage(msg, 6000))
        self.inspector.renamed.connect(lambda key: self.scene.select_keys([key]))
        self.document.edited.connect(self._document_edited)
        self.document.cluster_replaced.connect(lambda _c: (self.inspector.show_object(None), self.view.fit()))
        self.document.undo_stack.cleanChanged.connect(self._clean_changed)
        self.problems.object_activated.connect(self.reveal)
        self.events.object_activated.connect(self.reveal)
        self.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{z * 100:.0f}%"))
        self.sim.state_changed.connect(self._sim_state_changed)
        self.sim.running_changed.connect(self._running_changed)
        self.sim.failed.connect(self.show_error)
        self.sim.starting.connect(self._sim_starting)
        self.trace.hop_selected.connect(self.traffic.show_hop)

    # ------------------------------------------------------------------------------------------- state
    def _clean_changed(self, _clean: bool) -> None:
        # The undo stack also says so while it is being destroyed (a window never closed before the interpreter
        # exits): its C++ side is gone then, and asking it would print a traceback.
        if shiboken6.isValid(self.document.undo_stack) and shiboken6.isValid(self):
            self.update_title()

    def update_title(self):
        name = Path(self.document.path).name if self.document.path else self.tr("Example cluster")
        self.setWindowModified(self.document.modified)
        self.setWindowTitle(f"{name}[*] — " + self.tr("Kubernetes Architecture Explorer"))

    def _document_edited(self):
        self.update_title()
        self._problems_timer.start()
        self._selection_changed()

    def refresh_problems(self):
        """Validate the design for the Problems dock. Big designs (over BACKGROUND_START_PODS pods) are
        validated a few hundred objects per event-loop turn (~2.4 s of work for 150,000 pods the first time;
        findings are cached per object, so later runs only validate what changed, and an opened file's objects
        come already checked: see :meth:`adopt_load_checks`); a newer refresh restarts from the newer design."""
        self._ensure_validation_cache()
        old, self._problems_job = self._problems_job, None      # a newer design supersedes a run in flight
        if old is not None:
            old.close()
        checked = getattr(self, "_checked_on_load", None)
        if checked is not None and checked[0] is not self.document.cluster:
            checked = self._checked_on_load = None      # another design since (new, recovered)
        checked = checked[1:] if checked is not None else None
        if len(self.document.cluster.objects("Pod")) <= simulation.BACKGROUND_START_PODS:
            self._show_problems(design_problems(self.document.cluster, self._validation_cache, checked))
            self._checked_on_load = None    # the cache holds it now
            return
        if getattr(self, "_problems_for", None) is not self.document.cluster:
            # another design: the findings shown are not about it (the file's own diagnostics are)
            self.problems.set_findings([], self.document.diagnostics)
            self.problems_dock.setWindowTitle(self.tr("Problems (checking…)"))
        job = gc_held_steps(_snapshot_steps(self.document.cluster, self._validation_cache, checked))
        self._problems_job = job
        self._problems_turn.call(self._problems_slice)

    def _ensure_validation_cache(self) -> None:
        if not hasattr(self, "_validation_cache"):
            self._validation_cache = ValidationCache()
            self._problems_job = None
            self._problems_turn = NextTurn(self)    # the next slice of a big design's validation

    def _problems_slice(self) -> None:
        """One slice of the validation in flight (always the newest: a refresh closes the one it replaces)."""
        job = self._problems_job
        if job is None:
            return
        scene = self.scene
        if scene.building or scene.updating and not scene.simulating or self.view.pointer_held:
            # the canvas first: a design being drawn (to its first frame: the far layer and the fit come in
            # the turns after the build), or a gesture in progress, gets the event loop's turns
            QTimer.singleShot(PROBLEMS_WAIT_MS, lambda: self._problems_turn.call(self._problems_slice))
            return
        try:
            with gc_paused():
                deadline = time.perf_counter() + PROBLEMS_SLICE_S
                next(job)
                while time.perf_counter() < deadline:   # steps of STEP objects, ~10 ms each
                    next(job)
        except StopIteration as stop:
            self._problems_job = None
            self._checked_on_load = None    # the cache holds it now
            self._show_problems(stop.value)
            return
        except Exception as exc:  # noqa: BLE001 - shown in the status bar
            self._problems_job = None
            self.statusBar().showMessage(str(exc), 6000)
            return
        self._problems_turn.call(self._problems_slice)

    def _show_problems(self, findings) -> None:
        self.problems.set_findings(findings, self.document.diagnostics)
        self._problems_for = self.document.cluster     # the design these findings are about
        self._problems_title()

    def _problems_title(self) -> None:
        count = len(self.problems.rows)
        self.problems_dock.setWindowTitle(self.tr("Problems ({0})").format(count) if count else self.tr("Problems"))

    def _show_time(self) -> None:
        """The toolbar's clock: "design", or the simulated second the canvas shows."""
        self.time_label.setText(self.tr("design") if self._shown_time is None
                                else self.tr("t = {0} s").format(self._shown_time))

    def _selection_changed(self):
        keys = self.scene.selected_keys()
        obj = None
        if len(keys) == 1:
            item = self.scene.items_by_key.get(keys[0])
            obj = item.obj if item is not None else None
        editable = not self.sim.active and obj is not None and obj.key in self.document.cluster
        if obj is not None and editable:
            obj = self.document.cluster.get(obj.key)
        self.inspector.show_object(obj, editable)
        self.explain(obj)
        if obj is not None and getattr(self, "help_panel", None) is not None:
            try:
                from explorer.ui.help_texts import key_for
                topic = key_for(obj.kind, getattr(obj, "type", None) if obj.kind == "Service" else None,
                                obj.spec.get("clusterIP") if obj.kind == "Service" else None,
                                control_plane=getattr(obj, "is_control_plane", False))
                if topic:
                    self.help_panel.show_topic(topic)
            except Exception:  # noqa: BLE001 - help is best effort
                pass

    def explain(self, obj):
        if obj is None or obj.kind != "Pod":
            self.scheduling.show_message(self.tr("Select a pod to see how the scheduler places it."))
            return
        try:
            if self.sim.active and hasattr(self.sim.sim, "explain"):
                self.sim.wait_for_reading()
                result = self.sim.sim.explain(obj.namespace, obj.name)
            else:
                from explorer.sim.scheduler import explain_pod
                result = explain_pod(self.document.cluster, obj.namespace, obj.name)
        except ImportError:
            self.scheduling.show_message(self.tr("The scheduler is not available in this build."))
            return
        except Exception as exc:  # noqa: BLE001 - e.g. the pod is gone
            self.scheduling.show_message(str(exc))
            return
        self.scheduling.show_result(f"{obj.namespace}/{obj.name}", result)

    def reveal(self, key):
        item = self.scene.items_by_key.get(tuple(key))
        if item is None:
            return
        self.scene.select_keys([item.key])
        self.view.centerOn(item)

    def show_error(self, message: str):
        self.statusBar().showMessage(message, 10000)
        QMessageBox.warning(self, self.tr("Cannot do that"), message)

    # ------------------------------------------------------------------------------------------- editing
    def push(self, command, text=None) -> bool:
        try:
            self.document.push(command, text)
        except PermissionError as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return False
        except Exception as exc:  # noqa: BLE001 - model errors are user errors here
            self.show_error(str(exc))
            return False
        return True

    def _update_undo_actions(self, *_args) -> None:
        try:
            stack = self.document.undo_stack
            stack.canUndo()
        except RuntimeError:    # the window is being torn down
            return
        design = not self.sim.active
        self.undo_act.setEnabled(design and stack.canUndo())
        self.redo_act.setEnabled(design and stack.canRedo())
        self.undo_act.setText(self.tr("&Undo {0}").format(stack.undoText()) if stack.canUndo() else self.tr("&Undo"))
        self.redo_act.setText(self.tr("&Redo {0}").format(stack.redoText()) if stack.canRedo() else self.tr("&Redo"))

    def undo(self) -> None:
        """Edit ▸ Undo; refused while a simulation is shown (the design is read-only then)."""
        if self.require_design():
            self.document.undo_stack.undo()

    def redo(self) -> None:
        if self.require_design():
            self.document.undo_stack.redo()

    def require_design(self) -> bool:
        """True when the design can be edited; while a simulation is shown, says why not and gives False."""
        if self.sim.active:
            self.statusBar().showMessage(self.tr("A simulation is shown: press Reset to edit the design."), 6000)
            return False
        return True

    # (explorer/ui/edit_actions.py; the window's entry points, as tests and the robustness monkey use them)
    def copy_selected(self):
        self.edits.copy_selected()

    def paste(self):
        self.edits.paste()

    def duplicate_selected(self):
        self.edits.duplicate_selected()

    def nudge(self, dx: float, dy: float) -> None:
        self.edits.nudge(dx, dy)

    def select_all(self):
        self.edits.select_all()

    def auto_arrange(self):
        self.edits.auto_arrange()

    def fault(self, op: str, *args) -> bool:
        """See :meth:`EditActions.fault`."""
        return self.edits.fault(op, *args)

    def scale(self, obj, replicas: int):
        return self.edits.scale(obj, replicas)

    @property
    def rename_editor(self):
        return self.edits.rename_editor

    # ------------------------------------------------------------------------------------------- simulation
    def _sim_state_changed(self):
        """Redraw now, unless a redraw of a big state is so slow that doing it on every tick would starve
        the event loop: then coalesce (at most one redraw per 4× its own duration while playing)."""
        import time
        if self.scene.updating and self.sim.sim is not None:
            # the scene is still drawing an earlier state in slices: draw the newest one when it is done
            if not getattr(self, "_redraw_after_update", False):
                self._redraw_after_update = True
                self.scene.update_finished.connect(self._scene_update_finished, Qt.QueuedConnection)
            return
        now = time.perf_counter()
        if self.sim.playing and self.sim.sim is not None and \
                now - getattr(self, "_last_redraw", 0.0) < 4 * getattr(self, "_redraw_cost", 0.0):
            if not getattr(self, "_redraw_pending", False):
                self._redraw_pending = True
                QTimer.singleShot(int(4000 * self._redraw_cost), self._sim_state_changed_deferred)
            return
        self._sim_changed()
        self._redraw_cost = time.perf_counter() - now
        self._last_redraw = time.perf_counter()

    def _scene_update_finished(self):
        if not getattr(self, "_redraw_after_update", False):
            return      # a second queued call for the same wait (the update finished twice before it ran)
        self._redraw_after_update = False
        self.scene.update_finished.disconnect(self._scene_update_finished)
        self._sim_state_changed()

    def _sim_state_changed_deferred(self):
        self._redraw_pending = False
        self._last_redraw = 0.0
        self._sim_state_changed()

    def _sim_changed(self):
        sim = self.sim.sim
        self._update_undo_actions()
        if sim is None:
            self.document.read_only_reason = None
            self.scene.show_state(None, animate=False)
            self.timeline.blockSignals(True)
            self.timeline.setRange(0, 0)
            self.timeline.blockSignals(False)
            self._shown_time = None
            self._show_time()
            self.events.set_events([])
            self._selection_changed()
            return
        self.document.read_only_reason = self.tr("A simulation is shown: press Reset to edit the design.")
        if self.sim.big:    # reading a big state takes long: a worker reads it, the UI stays live
            if not self.sim.read_state_in_background(self._show_sim_state):
                self._reread_state = True   # a read is running: read again when it is done
            return
        try:
            state = sim.cluster()
            cp = sim.control_plane() if hasattr(sim, "control_plane") else None
        except Exception as exc:  # noqa: BLE001
            self._show_sim_state(None, None, None, exc)
            return
        self._show_sim_state(state, cp, sim.now, None)

    def _show_sim_state(self, state, cp, now, error) -> None:
        """Show a state read from the simulator (at simulated time ``now``)."""
        sim = self.sim.sim
        if sim is None or getattr(self.scene, "_design", None) is None:
            return      # reset, or the window is closing
        if error is not None:
            self.statusBar().showMessage(str(error), 6000)
        else:
            old = self.scene.state
            self.scene.show_state(state, cp)
            if old is not state and old is not self.scene._design and sys.getrefcount(old) == 2:
                # only the canvas held it (2: this name and getrefcount's argument). Freed at once, the state
                # before a seek back (5,000 nodes' statuses and the pods of a later moment) took 120 ms
                self.sim.release_later(old)
            del old
            self.timeline.blockSignals(True)
            self.timeline.setRange(0, max(self.sim.max_time, int(now)))
            self.timeline.setValue(int(now))
            self.timeline.blockSignals(False)
            self._shown_time = int(now)
            self._show_time()
            self.events.set_events(sim.events)
            self._selection_changed()
        if getattr(self, "_reread_state", False):
            self._reread_state = False
            self._sim_state_changed()

    def _timeline_moved(self, value):
        if self.timeline.isSliderDown():
            self.time_label.setText(self.tr("seek to {0} s").format(value))
        elif self.sim.active and value != int(self.sim.sim.now):
            self.sim.seek(value)

    def _running_changed(self, running):
        from PySide6.QtWidgets import QStyle
        self.play_act.setText(self.tr("&Pause") if running else self.tr("&Play"))
        self.play_act.setIcon(self.style().standardIcon(QStyle.SP_MediaPause if running else QStyle.SP_MediaPlay))

    def reset_simulation(self):
        self.clear_overlay()
        self.sim.reset()

    def settle(self):
        """Run until nothing is pending (F6). The controller starts the simulator first when none runs (a big
        design in the background) and settles a big design in slices, with progress and Cancel."""
        self.sim.wait_for_reading()
        self.sim.settle()

    def _sim_starting(self, starting: bool) -> None:
        """A big design's simulator is being built in the background: a busy, cancellable progress dialog."""
        dialog = getattr(self, "start_dialog", None)
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()    # (a child of the window: one per start would pile up)
            self.start_dialog = None
        if starting:
            dialog = self.busy_dialog(self.tr("Starting the simulation…"), 300)
            dialog.canceled.connect(self.sim.cancel_start)
            self.start_dialog = dialog

    def busy_dialog(self, label: str, minimum_ms: int) -> QProgressDialog:
        """A window-modal, cancellable busy dialog that shows itself once the work has taken ``minimum_ms``
        (see :func:`explorer.ui.busy.progress_dialog`); ``reset()`` it when the work is done."""
        return progress_dialog(self, label, self.tr("Cancel"), minimum_ms)

    def run_long(self, seconds: int):
        """Run ``seconds`` simulated seconds in slices with a cancellable progress dialog."""
        if not self.sim.start_in_background(lambda: self.run_long(seconds)):
            return
        self._drop_run_dialog()
        dialog = progress_dialog(self, self.tr("Simulating {0} s…").format(seconds), self.tr("Cancel"), 300, seconds)
        dialog.canceled.connect(self.sim.cancel)

        def progress(done, total):
            if dialog.wasCanceled():
                self.sim.cancel()
            dialog.setValue(done)
            if done >= total or dialog.wasCanceled():
                dialog.reset()
                self.sim.progress.disconnect(progress)
                self._run_progress = None
        self.sim.progress.connect(progress)
        self._run_progress = progress
        self.progress_dialog = dialog
        self.sim.run_for(seconds)

    def _drop_run_dialog(self) -> None:
        """Delete the previous run's progress dialog (it stays readable as ``progress_dialog`` until the next
        run), first taking its progress handler off when that run was cut short by this one: the handler
        would otherwise take the next run's progress for its own."""
        handler, self._run_progress = getattr(self, "_run_progress", None), None
        if handler is not None:
            self.sim.progress.disconnect(handler)
        old, self.progress_dialog = getattr(self, "progress_dialog", None), None
        if old is not None:
            old.reset()
            old.deleteLater()

    def show_console(self):
        if self.console_dock is None:
            return
        self.console_dock.show()
        self.console_dock.raise_()
        self.console.input.setFocus()

    # ------------------------------------------------------------------------------------------- traffic
    # (explorer/ui/traffic_actions.py; these are the window's entry points, as the menu and the tests use them)
    def send_request_dialog(self):
        self.traffic.send_request_dialog()

    def send_request(self, url: str, source="internet"):
        """See :meth:`TrafficActions.send_request`."""
        return self.traffic.send_request(url, source)

    def generate_load_dialog(self):
        self.traffic.generate_load_dialog()

    def generate_load(self, url: str, source="internet", count: int = 500) -> dict:
        """See :meth:`TrafficActions.generate_load`."""
        return self.traffic.generate_load(url, source, count)

    def clear_overlay(self):
        self.traffic.clear_overlay()

    # ------------------------------------------------------------------------------------------- files
    def confirm_discard(self) -> bool:
        """Ask before losing unsaved changes. True to go on."""
        if not self.document.modified:
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("The design has unsaved changes. Save them first?"),
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
        if answer == QMessageBox.Save:
            return self.files.save()
        return answer == QMessageBox.Discard

    # (explorer/ui/file_actions.py; these are the window's entry points, as the app, the CLI and tests use them)
    def new_file(self):
        self.files.new_file()

    def open_path(self, path: str, ask: bool = True, background: bool | None = None) -> bool:
        """See :meth:`FileActions.open_path`."""
        return self.files.open_path(path, ask, background)

    def import_path(self, path: str, background: bool | None = None) -> bool:
        """See :meth:`FileActions.import_path`."""
        return self.files.import_path(path, background)

    def save_to(self, path: str) -> bool:
        """See :meth:`FileActions.save_to`."""
        return self.files.save_to(path)

    def export_manifests(self, path: str) -> bool:
        return self.files.export_manifests(path)

    def export_image(self, path: str) -> bool:
        return self.files.export_image(path)

    def recent_files(self) -> list:
        return self.files.recent_files()

    def add_recent(self, path: str):
        self.files.add_recent(path)

    def autosave(self) -> bool:
        return self.files.autosave()

    def offer_recovery(self) -> bool:
        return self.files.offer_recovery()

    @property
    def loading(self):
        """``(loader thread, busy dialog)`` of the last background load (None before any); the dialog is
        deleted once that load has ended."""
        return self.files.loading

    def adopt_load_checks(self, result) -> None:
        """An opened file's load checked every object: the Problems dock takes that instead of checking them
        again (:meth:`refresh_problems`)."""
        self._checked_on_load = (result.cluster, tuple(result.cluster.objects()), result.object_problems)


    # ------------------------------------------------------------------------------------------- settings & close
    def restore_settings(self):
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def save_settings(self):
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()

    def closeEvent(self, event):
        if offthread.busy() or self.files.exporting:    # a worker writes the design or computes a trace; or an image
            self.statusBar().showMessage(self.tr("Still busy (a save, a trace or a console command): close "
                                                 "again when it is done."), 6000)
            event.ignore()
            return
        if not self.confirm_discard():
            event.ignore()
            return
        self.sim.pause()
        self.files.wait_for_loads()
        self.sim.cancel_start()
        self.sim.wait_for_start()
        self.sim.wait_for_reading()
        self._problems_job = None
        self.save_settings()
        self.files.remove_recovery()
        self.scene.detach()
        event.accept()

    def about(self):
        QMessageBox.about(self, self.tr("About"), self.tr(
            "<b>Kubernetes Architecture Explorer</b><br>Draw a cluster, simulate what Kubernetes does with it, "
            "route traffic through it and export real manifests."))
