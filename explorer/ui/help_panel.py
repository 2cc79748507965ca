"""The help panel: the list of built-in explanations (:mod:`explorer.ui.help_texts`) and the selected one.

Meant to be mounted in a dock by the main window::

    panel = HelpPanel()
    dock = QDockWidget(self.tr("Help"), self); dock.setWidget(panel)
    palette.item_hovered.connect(panel.show_topic)   # or from the inspector's selection

It follows the interface language live: on ``QEvent.LanguageChange`` (sent by Qt when
:func:`explorer.ui.i18n.set_language` swaps translators) it re-reads every text and keeps the current topic.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QLabel, QLineEdit, QListWidget, QListWidgetItem, QSplitter, QTextBrowser, QVBoxLayout,
                               QWidget)

from explorer.ui import help_texts


class HelpPanel(QWidget):
    """Topics on the left (or top), the selected explanation below. ``topic_changed(key)`` is emitted when the
    shown topic changes."""

    topic_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpPanel")
        self._heading = QLabel(self)
        self._heading.setObjectName("helpHeading")
        self._search = QLineEdit(self)
        self._search.setObjectName("helpSearch")
        self._search.setClearButtonEnabled(True)
        self._search.textChanged.connect(self.filter_topics)
        self._topics = QListWidget(self)
        self._topics.setObjectName("helpTopics")
        self._text = QTextBrowser(self)
        self._text.setObjectName("helpText")
        self._text.setOpenExternalLinks(False)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self._topics)
        split.addWidget(self._text)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._heading)
        layout.addWidget(self._search)
        layout.addWidget(split)
        for key in help_texts.KEYS:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self._topics.addItem(item)
        self._topics.currentItemChanged.connect(self._on_current_changed)
        self.retranslate()
        self.show_topic(help_texts.KEYS[0])

    # -- public API ---------------------------------------------------------------------------------------------

    def show_topic(self, key: str) -> None:
        """Select and show topic ``key``. Raises KeyError for a key not in ``help_texts.KEYS``."""
        if key not in help_texts.KEYS:
            raise KeyError(key)
        row = help_texts.KEYS.index(key)
        if self._topics.currentRow() == row:
            self._render(key)
        else:
            self._topics.setCurrentRow(row)   # -> _on_current_changed -> _render

    def filter_topics(self, text: str) -> list[str]:
        """Show only the topics whose title or explanation (in the current language) contains ``text``
        (case-insensitive; empty shows all). Returns the keys left visible."""
        needle = text.strip().casefold()
        visible = []
        for row, key in enumerate(help_texts.KEYS):
            hit = not needle or needle in help_texts.title(key).casefold() \
                or needle in help_texts.explanation(key).casefold()
            self._topics.item(row).setHidden(not hit)
            if hit:
                visible.append(key)
        return visible

    def current_topic(self) -> str:
        """The key of the topic shown."""
        item = self._topics.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else help_texts.KEYS[0]

    def text(self) -> str:
        """The plain text shown for the current topic (title and explanation), for tests and accessibility."""
        return self._text.toPlainText()

    def retranslate(self) -> None:
        """Re-read every text in the current interface language."""
        self._heading.setText(self.tr("What each part of the cluster does"))
        self._topics.setToolTip(self.tr("Choose a component to read what it does in a cluster"))
        self._search.setPlaceholderText(self.tr("Search the explanations…"))
        for row, key in enumerate(help_texts.KEYS):
            self._topics.item(row).setText(help_texts.title(key))
        if self._topics.currentItem() is not None:
            self._render(self.current_topic())
        self.filter_topics(self._search.text())

    # -- Qt overrides --------------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt virtual
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- internals -----------------------------------------------------------------------------------------------

    def _on_current_changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self._render(current.data(Qt.ItemDataRole.UserRole))

    def _render(self, key: str) -> None:
        self._text.setHtml(f"<h3>{escape(help_texts.title(key))}</h3><p>{escape(help_texts.explanation(key))}</p>")
        self.topic_changed.emit(key)
