"""Choosing, installing and switching the interface language; loading Spanish changes widget texts."""

from __future__ import annotations

import os
import shutil

import pytest

from i18n_fixtures import i18n_env  # noqa: F401 - fixture

from catalogue import TS_ES, messages

# --- which language ------------------------------------------------------------------------------------------

SYSTEM_CASES = [
    ("spanish_spain", ["es-ES", "en-US"], "es"),
    ("spanish_mexico", ["es-MX"], "es"),
    ("english", ["en-US", "es-ES"], "en"),
    ("unsupported_then_spanish", ["de-DE", "es"], "es"),
    ("unsupported_only", ["fr-FR", "de-DE"], "en"),
    ("none", [], "en"),
]


@pytest.mark.parametrize("ui_languages, expected", [c[1:] for c in SYSTEM_CASES], ids=[c[0] for c in SYSTEM_CASES])
def test_system_language(i18n_env, monkeypatch, ui_languages, expected):
    class FakeLocale:
        @staticmethod
        def system():
            class L:
                def uiLanguages(self):  # noqa: N802 - Qt name
                    return ui_languages
            return L()
    with monkeypatch.context() as patch:   # undone before the fixture reinstalls English
        patch.setattr(i18n_env, "QLocale", FakeLocale)
        got = i18n_env.system_language()
    assert got == expected


CONFIG_CASES = [
    ("nothing_stored", None, None, "system"),
    ("stored_es", "es", None, "es"),
    ("stored_en", "en", None, "en"),
    ("stored_junk", "klingon", None, "system"),
    ("environment_wins", "en", "es", "es"),
    ("environment_system", "es", "system", "system"),
]


@pytest.mark.parametrize("stored, env, expected", [c[1:] for c in CONFIG_CASES], ids=[c[0] for c in CONFIG_CASES])
def test_configured_language(i18n_env, monkeypatch, stored, env, expected):
    if stored is not None:
        i18n_env.settings().setValue(i18n_env.SETTING_KEY, stored)
    if env is not None:
        monkeypatch.setenv(i18n_env.ENV_VAR, env)
    assert i18n_env.configured_language() == expected


def test_available_languages(i18n_env):
    assert i18n_env.available_languages() == [("system", "System default"), ("en", "English"), ("es", "Español")]


def test_set_language_rejects_unknown_code(i18n_env):
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n_env.set_language("fr")
    assert i18n_env.settings().value(i18n_env.SETTING_KEY) is None


def test_set_language_stores_choice_and_applies_it(i18n_env):
    from PySide6.QtCore import QCoreApplication
    result = (i18n_env.set_language("es"), i18n_env.settings().value(i18n_env.SETTING_KEY),
              i18n_env.current_language(), QCoreApplication.translate("Language", "System default"))
    assert result == ("es", "es", "es", "Predeterminado del sistema")


# --- where the catalogue comes from ---------------------------------------------------------------------------

def test_catalogue_compiled_into_cache_and_recompiled_when_edited(i18n_env, tmp_path, monkeypatch):
    resources = tmp_path / "resources"
    (resources / "i18n").mkdir(parents=True)
    ts = resources / "i18n" / "explorer_es.ts"
    shutil.copy(TS_ES, ts)
    monkeypatch.setenv("K8S_EXPLORER_RESOURCES", str(resources))
    first = i18n_env.qm_path("es")
    again = i18n_env.qm_path("es")
    ts.write_text(ts.read_text(encoding="utf-8").replace("Plano de control", "Plano de control (editado)"),
                  encoding="utf-8")
    edited = i18n_env.qm_path("es")
    cache = tmp_path / "cache" / "k8s-explorer" / "i18n"
    assert (first.parent, again == first, edited != first, edited.parent, edited.is_file()) == \
        (cache, True, True, cache, True)
    assert i18n_env.install(code="es") == "es"
    from explorer.ui import help_texts
    assert help_texts.title("control-plane") == "Plano de control (editado)"


def test_shipped_qm_is_preferred_when_fresh(i18n_env, tmp_path, monkeypatch):
    resources = tmp_path / "resources"
    (resources / "i18n").mkdir(parents=True)
    shutil.copy(TS_ES, resources / "i18n" / "explorer_es.ts")
    shipped = i18n_env.compile_ts(resources / "i18n" / "explorer_es.ts", resources / "i18n" / "explorer_es.qm")
    monkeypatch.setenv("K8S_EXPLORER_RESOURCES", str(resources))
    assert i18n_env.qm_path("es") == shipped


def test_missing_catalogue_falls_back_to_english(i18n_env, tmp_path, monkeypatch):
    monkeypatch.setenv("K8S_EXPLORER_RESOURCES", str(tmp_path / "nowhere"))
    assert (i18n_env.qm_path("es"), i18n_env.install(code="es"), i18n_env.current_language()) == (None, "en", "en")


def test_broken_catalogue_falls_back_to_english(i18n_env, tmp_path, monkeypatch):
    (tmp_path / "r" / "i18n").mkdir(parents=True)
    (tmp_path / "r" / "i18n" / "explorer_es.ts").write_text("this is not XML", encoding="utf-8")
    monkeypatch.setenv("K8S_EXPLORER_RESOURCES", str(tmp_path / "r"))
    assert i18n_env.install(code="es") == "en"


# --- loading Spanish changes widget texts -----------------------------------------------------------------------

def widget_texts(widget) -> list[str]:
    """Every text a user can read in ``widget`` and its children: labels, buttons, titles, tooltips,
    placeholders, list items, table/tree headers, tab titles, actions."""
    from PySide6.QtWidgets import (QAbstractButton, QDockWidget, QGroupBox, QLabel, QLineEdit, QListWidget,
                                   QTableWidget, QTabWidget, QTextEdit, QTreeWidget, QWidget)
    out = []
    for w in [widget, *widget.findChildren(QWidget)]:
        out += [w.toolTip(), w.windowTitle() if isinstance(w, QDockWidget) or w is widget else ""]
        out += [a.text() for a in w.actions()] + [a.toolTip() for a in w.actions()]
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append(w.text())
        if isinstance(w, QGroupBox):
            out.append(w.title())
        if isinstance(w, (QLineEdit, QTextEdit)):
            out.append(w.placeholderText())
        if isinstance(w, QTextEdit):
            out.append(w.toPlainText())
        if isinstance(w, QListWidget):
            out += [w.item(i).text() for i in range(w.count())] + [w.item(i).toolTip() for i in range(w.count())]
        if isinstance(w, QTableWidget):
            out += [w.horizontalHeaderItem(i).text() for i in range(w.columnCount()) if w.horizontalHeaderItem(i)]
        if isinstance(w, QTreeWidget):
            out += [w.headerItem().text(i) for i in range(w.columnCount())]
        if isinstance(w, QTabWidget):
            out += [w.tabText(i) for i in range(w.count())]
    return sorted({t for t in out if t})


def _help_panel():
    from explorer.ui.help_panel import HelpPanel
    return HelpPanel()


def _palette():
    from explorer.ui.palette import Palette
    return Palette()


def _problems():
    from explorer.ui.panels import ProblemsPanel
    return ProblemsPanel()


def _events():
    from explorer.ui.panels import EventLogPanel
    return EventLogPanel()


def _scheduling():
    from explorer.ui.panels import SchedulingPanel
    return SchedulingPanel()


def _trace():
    from explorer.ui.panels import TracePanel
    return TracePanel()


def _kubectl_console():
    from explorer.ui.console import KubectlConsole
    return KubectlConsole(lambda: None)


def _main_window():
    """With settings of its own: the user's recent files (paths, not words) must not fill its File menu."""
    import tempfile

    from PySide6.QtCore import QSettings

    from explorer.ui.mainwindow import MainWindow
    path = os.path.join(tempfile.mkdtemp(prefix="i18n-settings-"), "settings.ini")
    return MainWindow(settings=QSettings(path, QSettings.IniFormat))


WIDGETS = [("help_panel", _help_panel), ("palette", _palette), ("problems_panel", _problems),
           ("event_log_panel", _events), ("scheduling_panel", _scheduling), ("trace_panel", _trace),
           ("kubectl_console", _kubectl_console), ("main_window", _main_window)]


def all_texts(widget) -> list[str]:
    """widget_texts plus every menu's actions (text, tooltip, status tip)."""
    from PySide6.QtWidgets import QMenu
    out = widget_texts(widget)
    for menu in widget.findChildren(QMenu):
        out += [t for a in menu.actions() for t in (a.text(), a.toolTip(), a.statusTip())]
    return sorted({t for t in out if t})


@pytest.mark.parametrize("factory", [w[1] for w in WIDGETS], ids=[w[0] for w in WIDGETS])
def test_spanish_changes_widget_texts_and_leaves_no_english(i18n_env, qtbot, factory):
    """Built in Spanish, a widget shows different texts than in English, and every text with letters that is
    the same in both builds is one the catalogue deliberately keeps (Pod, kubectl...). A text listed here was
    never translated: usually a string kept in a table and translated through a variable
    (``QCoreApplication.translate("Palette", title)``) - mark it where it is written with
    ``QT_TRANSLATE_NOOP("Palette", "Worker node")`` so lupdate extracts it, then refresh the catalogue."""
    english_widget = factory()
    qtbot.addWidget(english_widget)
    english = all_texts(english_widget)
    assert i18n_env.install(code="es") == "es"
    spanish_widget = factory()
    qtbot.addWidget(spanish_widget)
    spanish = all_texts(spanish_widget)
    kept = {form for _, src, forms in messages(TS_ES) for form in forms if form == src}
    kept |= set(i18n_env.LANGUAGES.values())   # the language menu names each language in itself (Español, English)
    untranslated = [t for t in spanish if t in english and t not in kept and any(c.isalpha() for c in t)]
    assert (english != spanish, untranslated) == (True, [])


def test_help_panel_follows_live_language_switch(i18n_env, qtbot):
    from explorer.ui.help_panel import HelpPanel
    panel = HelpPanel()
    qtbot.addWidget(panel)
    panel.show_topic("etcd-snapshot")
    i18n_env.set_language("es")
    spanish = (panel.current_topic(), panel.text().splitlines()[0], panel._topics.item(0).text())
    i18n_env.set_language("en")
    english = (panel.current_topic(), panel.text().splitlines()[0], panel._topics.item(0).text())
    assert (spanish, english) == (("etcd-snapshot", "Snapshots de etcd", "Plano de control"),
                                  ("etcd-snapshot", "etcd snapshots", "Control plane"))


# --- lookups that must fall through to the source text or to Qt's own catalogue --------------------------------

def _lookups():
    from PySide6.QtCore import QCoreApplication, QObject
    from PySide6.QtWidgets import QDialogButtonBox

    class MainWindow(QObject):   # same class name as the UI's, so self.tr() uses context "MainWindow"
        pass

    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    return {
        "missing_string": QCoreApplication.translate("NoSuchContext", "Not in any catalogue"),
        "identical_translation_via_self_tr": MainWindow().tr("Kubernetes Architecture Explorer"),
        "translated_via_self_tr": MainWindow().tr("Example cluster"),
        "module_helper_context": QCoreApplication.translate("Diagram", "control plane"),
        "qt_standard_buttons": [b.text() for b in buttons.buttons()],
    }


def test_lookups_in_spanish(i18n_env):
    """A string the catalogue lacks (or translates identically) comes back as its source text, never empty; a
    module-level tr() helper's strings are found though lupdate filed them under the empty context; Qt's own
    buttons come from qtbase_es."""
    i18n_env.install(code="es")
    assert _lookups() == {
        "missing_string": "Not in any catalogue",
        "identical_translation_via_self_tr": "Kubernetes Architecture Explorer",
        "translated_via_self_tr": "Clúster de ejemplo",
        "module_helper_context": "plano de control",
        "qt_standard_buttons": ["Guardar", "Cancelar"],
    }


def test_language_menu_switches_live_without_a_restart_notice(i18n_env, monkeypatch):
    """Choosing a language applies it at once (the menu itself is retitled) and shows no message box."""
    from PySide6.QtWidgets import QMessageBox
    told = []
    for name in ("information", "warning", "question"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, **kw: told.append(args))
    i18n_env.settings().setValue(i18n_env.SETTING_KEY, "en")
    menu = i18n_env.language_menu()
    before = (menu.title(), [(a.text(), a.isChecked()) for a in menu.actions()])
    next(a for a in menu.actions() if a.data() == "es").trigger()
    after = (menu.title(), [(a.text(), a.isChecked()) for a in menu.actions()])
    assert (before, after, i18n_env.settings().value(i18n_env.SETTING_KEY), i18n_env.current_language(),
            told) == (
        ("&Language", [("System default", False), ("English", True), ("Español", False)]),
        ("&Idioma", [("Predeterminado del sistema", False), ("English", False), ("Español", True)]), "es", "es",
        [])


def test_unwritable_cache_falls_back_to_english(i18n_env, tmp_path, monkeypatch):
    (tmp_path / "r" / "i18n").mkdir(parents=True)
    shutil.copy(TS_ES, tmp_path / "r" / "i18n" / "explorer_es.ts")
    (tmp_path / "cache-is-a-file").write_text("")
    monkeypatch.setenv("K8S_EXPLORER_RESOURCES", str(tmp_path / "r"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-is-a-file"))
    assert (i18n_env.qm_path("es"), i18n_env.install(code="es")) == (None, "en")
