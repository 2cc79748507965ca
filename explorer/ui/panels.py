"""Docked panels: Problems, Event log, Scheduling explanation and Request trace.

Panels only display; they emit ``object_activated(key)`` when the user double-clicks a row that names an
object, so the window can select it on the canvas.

Each panel sets its texts in ``retranslate_ui()`` (called from ``__init__`` and again on
``QEvent.LanguageChange``, when the interface language is switched live) and re-renders what it shows in the new
language. Kubernetes' own words (event reasons and messages, FailedScheduling texts) stay verbatim.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from explorer.ui import trace_texts

SEVERITY_COLORS = {"error": QColor("#c0392b"), "warning": QColor("#b9770e"), "info": QColor("#2471a3")}


def _table(headers) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QTableWidget.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectRows)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(20)
    t.horizontalHeader().setStretchLastSection(True)
    t.setWordWrap(False)
    return t


class Retranslating(QWidget):
    """A widget whose ``retranslate_ui()`` runs again when the interface language changes."""

    def retranslate_ui(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event):  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def _cell(text, key=None, color=None) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text))
    if key is not None:
        item.setData(Qt.UserRole, key)
    if color is not None:
        item.setForeground(QBrush(color))
    return item


class ProblemsPanel(Retranslating):
    """Validation errors, design warnings and the diagnostics of the last loaded file."""

    object_activated = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        self.table = _table(["", "", ""])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.table.itemDoubleClicked.connect(self._activated)
        lay.addWidget(self.table)
        self.rows: list = []
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Headers and severity names in the current language (the window re-sends the findings, whose
        messages are translated where they are made)."""
        self.table.setHorizontalHeaderLabels([self.tr("Severity"), self.tr("Object"), self.tr("Problem")])
        rows, self.rows = self.rows, []
        self._show(rows)

    def set_findings(self, findings, diagnostics=()) -> None:
        """``findings``: :class:`explorer.ui.problems.Finding`; ``diagnostics``: io Diagnostic values."""
        rows = [(f.severity, f.key, f.message) for f in findings]
        rows += [(getattr(d, "severity", "warning"), None, str(d)) for d in diagnostics]
        if rows == self.rows:
            return
        self._show(rows)

    def _show(self, rows) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        names = {"error": self.tr("error"), "warning": self.tr("warning"), "info": self.tr("info")}
        for r, (sev, key, msg) in enumerate(rows):
            color = SEVERITY_COLORS.get(sev)
            self.table.setItem(r, 0, _cell(names.get(sev, sev), key, color))
            self.table.setItem(r, 1, _cell(f"{key[0]} {key[2]}" if key else "", key))
            self.table.setItem(r, 2, _cell(msg, key))

    def _activated(self, item):
        key = item.data(Qt.UserRole)
        if key:
            self.object_activated.emit(tuple(key))


class EventLogPanel(Retranslating):
    """Simulation events (``kubectl get events``), filterable by object kind and by object name text."""

    object_activated = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        bar = QHBoxLayout()
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("event_kind_filter")
        self.kind_filter.setSizeAdjustPolicy(QComboBox.AdjustToContents)   # "All kinds" changes with the language
        self.kind_filter.addItem("", "")      # "All kinds", set by retranslate_ui
        for kind in ("Pod", "Node", "ReplicaSet", "Deployment", "Service", "EndpointSlice"):
            self.kind_filter.addItem(kind, kind)
        self.text_filter = QLineEdit()
        self.text_filter.setObjectName("event_text_filter")

        self.kind_filter.currentIndexChanged.connect(lambda _i: self._refill())
        self.text_filter.textChanged.connect(lambda _t: self._refill())
        self.kind_label = QLabel()
        bar.addWidget(self.kind_label)
        bar.addWidget(self.kind_filter)
        bar.addWidget(self.text_filter, 1)
        lay.addLayout(bar)
        self.table = _table([""] * 5)
        for col in range(4):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeToContents)
        self.table.itemDoubleClicked.connect(self._activated)
        lay.addWidget(self.table)
        self.events: list = []
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Filter and header texts in the current language (events are Kubernetes' words: verbatim)."""
        self.kind_filter.setItemText(0, self.tr("All kinds"))
        self.text_filter.setPlaceholderText(self.tr("Filter by object or reason…"))
        self.kind_label.setText(self.tr("Kind:"))
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Type"), self.tr("Reason"), self.tr("Object"),
                                              self.tr("Message")])

    def set_events(self, events) -> None:
        events = list(events)
        n = len(self.events)
        # the simulator only appends (a seek back truncates): comparing the last shown event by identity
        # stands for comparing the whole prefix, which is O(events) per tick on a big cluster
        if len(events) >= n and (n == 0 or events[n - 1] is self.events[-1]):
            new = events[len(self.events):]
            self.events = events
            for e in new:
                if self._passes(e):
                    self._append(e)
            if new:
                self.table.scrollToBottom()
            return
        self.events = events
        self._refill()

    def visible_events(self) -> list:
        return [e for e in self.events if self._passes(e)]

    def _passes(self, e) -> bool:
        kind = self.kind_filter.currentData()
        if kind and e.object[0] != kind:
            return False
        text = self.text_filter.text().strip().lower()
        if text:
            hay = f"{e.object[1]}/{e.object[2]} {e.reason} {e.message}".lower()
            return text in hay
        return True

    def _refill(self) -> None:
        self.table.setRowCount(0)
        for e in self.events:
            if self._passes(e):
                self._append(e)

    def _append(self, e) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        key = (e.object[0], e.object[1] or "", e.object[2])
        warn = QColor("#b9770e") if e.type == "Warning" else None
        m, s = divmod(int(e.time), 60)
        self.table.setItem(r, 0, _cell(f"{m}m{s:02d}s", key))
        self.table.setItem(r, 1, _cell(e.type, key, warn))
        self.table.setItem(r, 2, _cell(e.reason, key, warn))
        self.table.setItem(r, 3, _cell(f"{e.object[0].lower()}/{e.object[2]}", key))
        self.table.setItem(r, 4, _cell(e.message, key))

    def _activated(self, item):
        key = item.data(Qt.UserRole)
        if key:
            self.object_activated.emit(tuple(key))


class SchedulingPanel(Retranslating):
    """kube-scheduler's view of the selected pod: per-node filter result and plugin scores."""

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.table = _table([""] * 5)
        for col in range(4):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeToContents)
        lay.addWidget(self.table)
        self._shown = None          # (pod label, result) of show_result, re-rendered on a language change
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Headers, and the shown explanation, in the current language. A :meth:`show_message` text is the
        caller's: the window shows it again after a language change."""
        self.table.setHorizontalHeaderLabels([self.tr("Node"), self.tr("Filter"), self.tr("Reason"), self.tr("Score"),
                                              self.tr("Plugin scores")])
        if self._shown is not None:
            self.show_result(*self._shown)
        elif not self.summary.text():
            self.summary.setText(self.tr("Select a pod to see how the scheduler places it."))

    def show_message(self, text: str) -> None:
        self._shown = None
        self.summary.setText(text)
        self.table.setRowCount(0)

    def show_result(self, pod_label: str, result) -> None:
        """``result``: a ScheduleResult (``selected``, ``message``, ``nodes`` of NodeResult)."""
        self._shown = (pod_label, result)
        if result.selected:
            self.summary.setText(self.tr("{0}: the scheduler picks node {1}.").format(pod_label, result.selected))
        else:
            self.summary.setText(self.tr("{0}: no node fits. {1}").format(pod_label, result.message or ""))
        nodes = sorted(result.nodes or [], key=lambda n: (not n.passed, -n.total, n.name))
        self.table.setRowCount(len(nodes))
        green, red = QColor("#1e8449"), QColor("#c0392b")
        for r, n in enumerate(nodes):
            chosen = n.name == result.selected
            self.table.setItem(r, 0, _cell(("★ " if chosen else "") + n.name))
            self.table.setItem(r, 1, _cell(self.tr("passed") if n.passed else (n.plugin or self.tr("failed")),
                                           None, green if n.passed else red))
            self.table.setItem(r, 2, _cell("; ".join(n.reasons)))
            self.table.setItem(r, 3, _cell(n.total if n.passed else ""))
            self.table.setItem(r, 4, _cell(", ".join(f"{k} {v}" for k, v in (n.scores or {}).items())))


class TracePanel(Retranslating):
    """The hops of the last request trace, and its result, in the interface language (see
    :mod:`explorer.ui.trace_texts`; names, IPs and Kubernetes' words stay verbatim)."""

    hop_selected = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.table = _table([""] * 5)
        for col in range(3):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeToContents)
        self.table.currentCellChanged.connect(lambda r, _c, _pr, _pc: self.hop_selected.emit(r))
        lay.addWidget(self.table)
        self._shown = None          # (url, source, trace) of show_trace
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Headers, and the shown trace, in the current language."""
        self.table.setHorizontalHeaderLabels(["#", self.tr("Step"), self.tr("At"), self.tr("Decision"),
                                              self.tr("Rule")])
        if self._shown is not None:
            row = self.table.currentRow()
            self.table.blockSignals(True)
            self.show_trace(*self._shown)
            if row >= 0:
                self.table.selectRow(row)
            self.table.blockSignals(False)
        else:
            self.summary.setText(self.tr("Traffic ▸ Send request… routes one request and shows every hop here."))

    def show_trace(self, url: str, source: str, trace) -> None:
        self._shown = (url, source, trace)
        text = trace_texts.text
        result = trace.result
        status = result.get("status")
        color = "#1e8449" if status == 200 else "#c0392b"
        path = []
        if result.get("ingress"):
            rule = result.get("rule")
            where = f" ({rule.get('host') or '*'}{rule.get('path') or ''})" if isinstance(rule, dict) else ""
            path.append(self.tr("Ingress {0}").format(result["ingress"]) + where)
        if result.get("service"):
            path.append(self.tr("Service {0}").format(result["service"]))
        if result.get("pod"):
            path.append(self.tr("Pod {0}").format(result["pod"]))
        route = " → ".join(path)
        reason = text(result.get("reason"))
        source_text = self.tr("internet") if source == "internet" else source
        self.summary.setText(f"<b>{source_text} → {url}</b>: "
                             f"<span style='color:{color}'><b>{trace_texts.status(status)}</b></span>"
                             f"{' · ' + route if route else ''}<br><i>{reason}</i>")
        self.table.setRowCount(len(trace.hops))
        for r, hop in enumerate(trace.hops):
            decision, rule = text(hop.decision), text(hop.rule)
            self.table.setItem(r, 0, _cell(r + 1))
            self.table.setItem(r, 1, _cell(trace_texts.step(hop.step)))
            self.table.setItem(r, 2, _cell(text(hop.at)))
            self.table.setItem(r, 3, _cell(decision))
            self.table.setItem(r, 4, _cell(rule))
            for c in range(5):
                self.table.item(r, c).setToolTip(rule or decision)
        self.table.resizeColumnToContents(3)
        if self.table.columnWidth(3) > 520:
            self.table.setColumnWidth(3, 520)

    def mark(self, row: int) -> None:
        if 0 <= row < self.table.rowCount():
            self.table.blockSignals(True)
            self.table.selectRow(row)
            self.table.blockSignals(False)
