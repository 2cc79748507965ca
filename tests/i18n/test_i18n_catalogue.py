"""The Spanish catalogue covers every string of explorer/ui, finished, with the same placeholders.

When test_spanish_catalogue_has_no_unfinished_entries fails, refresh and translate:
    .venv/bin/python packaging/update_translations.py          # extract (keeps existing translations)
    # translate the entries it lists as unfinished in resources/i18n/explorer_es.ts (Qt Linguist or an editor)
    .venv/bin/python packaging/update_translations.py --check
"""

from __future__ import annotations

import shutil

import pytest

from catalogue import TS_ES, messages, placeholders, update_translations

UNFINISHED_CASES = [
    ("finished", '<message><source>Nodes</source><translation>Nodos</translation></message>', []),
    ("unfinished", '<message><source>Nodes</source><translation type="unfinished"></translation></message>',
     ["Panel: Nodes"]),
    ("unfinished_with_suggestion",
     '<message><source>Nodes</source><translation type="unfinished">Nodos</translation></message>',
     ["Panel: Nodes"]),
    ("empty_without_type", '<message><source>Nodes</source><translation></translation></message>',
     ["Panel: Nodes"]),
    ("vanished_ignored", '<message><source>Old</source><translation type="vanished">Viejo</translation></message>',
     []),
    ("obsolete_ignored", '<message><source>Old</source><translation type="obsolete">Viejo</translation></message>',
     []),
    ("numerus_finished", '<message numerus="yes"><source>%n pods</source><translation><numerusform>%n pod'
     '</numerusform><numerusform>%n pods</numerusform></translation></message>', []),
    ("numerus_missing_form", '<message numerus="yes"><source>%n pods</source><translation><numerusform>%n pod'
     '</numerusform><numerusform></numerusform></translation></message>', ["Panel: %n pods"]),
]


@pytest.mark.parametrize("message, expected", [c[1:] for c in UNFINISHED_CASES], ids=[c[0] for c in UNFINISHED_CASES])
def test_unfinished_detection(tmp_path, message, expected):
    ts = tmp_path / "x.ts"
    ts.write_text(f'<?xml version="1.0"?><TS version="2.1" language="es"><context><name>Panel</name>{message}'
                  f'</context></TS>', encoding="utf-8")
    assert update_translations.unfinished(ts) == expected


@pytest.fixture(scope="module")
def refreshed_catalogue(tmp_path_factory):
    """A copy of explorer_es.ts after running lupdate over today's explorer/ui (the committed file untouched)."""
    ts = tmp_path_factory.mktemp("i18n") / "explorer_es.ts"
    shutil.copy(TS_ES, ts)
    update_translations.extract(ts, "es")
    return ts


def test_spanish_catalogue_has_no_unfinished_entries(refreshed_catalogue):
    """Every source string in explorer/ui has a finished Spanish translation (see the module doc to fix)."""
    assert update_translations.unfinished(refreshed_catalogue) == []


def test_translations_keep_placeholders():
    """{0}, %1, %n... in a source string appear, the same number of times, in its translation."""
    wrong = [(ctx, src, forms) for ctx, src, forms in messages(TS_ES)
             if any(placeholders(f) != placeholders(src) for f in forms if f)]
    assert wrong == []


def test_catalogue_compiles_and_loads(qapp, tmp_path):
    from PySide6.QtCore import QTranslator
    qm = update_translations.release(TS_ES, tmp_path / "explorer_es.qm")
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("Help", "Control plane") == "Plano de control"
