"""Edit ▸ Preferences ▸ Language switches the WHOLE window live: after ``i18n.set_language`` a window shows exactly
the texts a window started in that language shows.

How: build a window in English on the example cluster, route a request (so the trace panel, the simulation clock
and the event log have content), switch live, and collect every user-visible text into one sorted list; build a
fresh window in the new language, do the same, collect; the two lists must be EQUAL. Then the same back to
English.

Collected: window title; every QAction's text, tooltip and status tip (menus, toolbar, dock toggles, the
Language menu); menu titles; dock and toolbar titles; dock tab texts; QLabel/QAbstractButton texts; every
widget's tooltip; line-edit placeholders; combo-box items; list-widget items (palette, help topics) with their
tooltips and status tips; table headers and cells (problems, events, scheduling, trace); tree headers; tab texts;
the help panel's text; the status bar message; the diagram's texts (item tooltips, box lines, node status, the
network bar's label).

Excluded, because they are data rather than interface text: the kubectl console's output pane (a log of what
was typed and printed, kept as printed) and the zoom percentage in the status bar (a number that depends on the
view's size). Object names, IPs and Kubernetes' words are in the collected texts but are the same in both
windows, so they need no exclusion.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDockWidget, QGroupBox, QLabel, QLineEdit,
                               QListWidget, QMenu, QPlainTextEdit, QTabBar, QTableWidget, QTabWidget, QTextEdit,
                               QToolBar, QTreeWidget, QWidget)

from explorer.ui import file_actions, i18n, mainwindow

URL = "http://shop.example.com/api"


@pytest.fixture
def lang(qapp, tmp_path, monkeypatch):
    """i18n with private settings; English again afterwards (translators are process-wide)."""
    ini = tmp_path / "i18n.ini"
    monkeypatch.setattr(i18n, "settings", lambda: QSettings(str(ini), QSettings.Format.IniFormat))
    monkeypatch.setattr(file_actions, "recovery_path", lambda: tmp_path / "recovery.yaml")
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    i18n.set_language("en")
    yield i18n
    i18n.install(qapp, "en")


def new_window(qtbot, tmp_path, name: str, select: str = ""):
    """A window on the example cluster (private settings) that has routed one request, with the first object of
    kind ``select`` selected (inspector fields, scheduling explanation) when given."""
    w = mainwindow.MainWindow(settings=QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))
    w.scene.animate = False
    qtbot.addWidget(w)
    w.resize(1500, 950)
    QApplication.processEvents()
    assert w.send_request(URL, "internet") is not None
    w.clear_overlay()
    if select:
        w.scene.select_keys([min(k for k in w.scene.items_by_key if k[0] == select)])
    QApplication.processEvents()
    return w


def _table_texts(t: QTableWidget) -> list[str]:
    out = [t.horizontalHeaderItem(c).text() for c in range(t.columnCount()) if t.horizontalHeaderItem(c)]
    for r in range(t.rowCount()):
        for c in range(t.columnCount()):
            item = t.item(r, c)
            if item is not None:
                out += [item.text(), item.toolTip()]
    return out


def visible_texts(w) -> list[tuple[str, str]]:
    """(where, text) for every user-visible text of window ``w`` (see the module doc), sorted."""
    out: list[tuple[str, str]] = [("window title", w.windowTitle()),
                                  ("status bar", w.statusBar().currentMessage())]
    actions = {id(a): a for a in [*w.actions(), *w.findChildren(QAction)]}
    for menu in w.findChildren(QMenu):
        out.append(("menu title", menu.title()))
        actions.update({id(a): a for a in menu.actions()})
    for a in actions.values():
        out += [("action text", a.text()), ("action tooltip", a.toolTip()), ("action status tip", a.statusTip())]
        if a.isChecked():
            out.append(("checked action", a.text()))
    skip = {id(w.zoom_label)}
    for child in w.findChildren(QWidget):
        if id(child) in skip or isinstance(child, QPlainTextEdit):      # data: zoom %, kubectl output log
            continue
        out.append(("tooltip", child.toolTip()))
        if isinstance(child, (QDockWidget, QToolBar)):
            out.append(("title", child.windowTitle()))
        if isinstance(child, (QLabel, QAbstractButton)):
            out.append(("label", child.text()))
        if isinstance(child, QGroupBox):
            out.append(("group", child.title()))
        if isinstance(child, (QLineEdit, QTextEdit)):
            out.append(("placeholder", child.placeholderText()))
        if isinstance(child, QTextEdit):
            out.append(("text", child.toPlainText()))
        if isinstance(child, QComboBox):
            out += [("combo item", child.itemText(i)) for i in range(child.count())]
        if isinstance(child, QListWidget):
            for i in range(child.count()):
                item = child.item(i)
                out += [("list item", item.text()), ("list tooltip", item.toolTip()),
                        ("list status tip", item.statusTip())]
        if isinstance(child, QTableWidget):
            out += [("table", t) for t in _table_texts(child)]
        if isinstance(child, QTreeWidget):
            out += [("tree header", child.headerItem().text(c)) for c in range(child.columnCount())]
        if isinstance(child, QTabWidget):
            out += [("tab", child.tabText(i)) for i in range(child.count())]
        if isinstance(child, QTabBar):
            out += [("tab", child.tabText(i)) for i in range(child.count())]
    for item in w.scene.items():
        out.append(("diagram tooltip", item.toolTip()))
        if hasattr(item, "lines"):
            out += [("diagram text", t) for t in [item.title(), *item.lines()]]
        if hasattr(item, "status_text"):
            out.append(("diagram text", item.status_text()))
    out.append(("diagram text", w.scene.bus.label))
    return sorted((where, text) for where, text in out if text)


SWITCHES = [
    ("english_to_spanish", "en", "es", ""),
    ("spanish_back_to_english", "es", "en", ""),
    ("english_to_spanish_pod_selected", "en", "es", "Pod"),
    ("spanish_to_english_pod_selected", "es", "en", "Pod"),
    ("english_to_spanish_deployment_selected", "en", "es", "Deployment"),
    ("english_to_spanish_node_selected", "en", "es", "Node"),
]


@pytest.mark.parametrize("start, target, select", [c[1:] for c in SWITCHES], ids=[c[0] for c in SWITCHES])
def test_live_switch_equals_a_window_started_in_that_language(lang, qtbot, tmp_path, start, target, select):
    lang.set_language(start)
    live = new_window(qtbot, tmp_path, "live", select)
    before = visible_texts(live)
    assert lang.set_language(target) == target
    after_switch = visible_texts(live)
    fresh = visible_texts(new_window(qtbot, tmp_path, "fresh", select))
    only_live = sorted(set(after_switch) - set(fresh))
    only_fresh = sorted(set(fresh) - set(after_switch))
    assert (only_live, only_fresh, after_switch == fresh, before != after_switch) == ([], [], True, True)


@pytest.mark.parametrize("select", ["", "Pod"], ids=["nothing_selected", "pod_selected"])
def test_round_trip_english_spanish_english_is_a_fresh_english_window(lang, qtbot, tmp_path, select):
    """The same window switched to Spanish and back shows what it showed before, which is what a fresh English
    window shows."""
    live = new_window(qtbot, tmp_path, "live", select)
    before = visible_texts(live)
    lang.set_language("es")
    spanish = visible_texts(live)
    lang.set_language("en")
    back = visible_texts(live)
    fresh = visible_texts(new_window(qtbot, tmp_path, "fresh", select))
    assert (sorted(set(back) - set(fresh)), sorted(set(fresh) - set(back)), back == fresh, back == before,
            spanish != before) == ([], [], True, True, True)


def test_spanish_switch_reaches_every_part_of_the_window(lang, qtbot, tmp_path):
    """Spot checks that the collection covers each part (menus, docks, toolbar, palette, panels, trace, diagram)."""
    live = new_window(qtbot, tmp_path, "live")
    lang.set_language("es")
    texts = set(visible_texts(live))
    expected = {("menu title", "&Archivo"), ("menu title", "&Idioma"), ("title", "Traza de la petición"),
                ("title", "Simulación"), ("action text", "Enviar &petición…"), ("list item", "Nodo worker"),
                ("table", "Decisión"), ("table", "DNS público"), ("tab", "Problemas (1)"),
                ("status bar", "Arrastra componentes desde la paleta al lienzo."),
                ("diagram text", "red del clúster · pods 10.244.0.0/16 · services 10.96.0.0/12")}
    assert sorted(expected - texts) == []


LOAD_CASES = [
    ("served", "http://shop.example.com/api", "es", "20 peticiones a http://shop.example.com/api — 200: 20"),
    ("dropped_clusterip_from_internet", "CLUSTER_IP", "es", "20 peticiones a CLUSTER_IP — descartada: 20"),
    ("dropped_in_english", "CLUSTER_IP", "en", "20 requests to CLUSTER_IP — dropped: 20"),
]


@pytest.mark.parametrize("url, language, expected", [c[1:] for c in LOAD_CASES], ids=[c[0] for c in LOAD_CASES])
def test_load_summary_names_statuses_in_the_interface_language(lang, qtbot, tmp_path, url, language, expected):
    live = new_window(qtbot, tmp_path, "live")
    lang.set_language(language)
    if url == "CLUSTER_IP":
        ip = live.sim.sim.cluster().get(("Service", "shop", "api")).cluster_ip
        url, expected = f"http://{ip}/", expected.replace("CLUSTER_IP", f"http://{ip}/")
    live.generate_load(url, "internet", 20)
    assert live.statusBar().currentMessage() == expected


ERROR_CASES = [
    ("bad_scheme_es", "ftp://shop.example.com/", "internet", "es",
     "url 'ftp://shop.example.com/': el esquema debe ser http o https"),
    ("unknown_source_pod_es", "http://shop.example.com/", ("default", "nope"), "es",
     'no se encuentra el pod de origen "default/nope"'),
    ("bad_port_en", "http://shop.example.com:99999/", "internet", "en",
     "url 'http://shop.example.com:99999/': port must be a number between 1 and 65535"),
]


@pytest.mark.parametrize("url, source, language, expected", [c[1:] for c in ERROR_CASES],
                         ids=[c[0] for c in ERROR_CASES])
def test_routing_errors_in_the_interface_language(lang, qtbot, tmp_path, monkeypatch, url, source, language,
                                                  expected):
    from PySide6.QtWidgets import QMessageBox
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    live = new_window(qtbot, tmp_path, "live")
    lang.set_language(language)
    assert (live.send_request(url, source), shown) == (None, [expected])
