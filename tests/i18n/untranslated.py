"""Find user-visible string literals in explorer/ui that bypass Qt's translation (the static half of the i18n
checks; tests/i18n/test_i18n_static_strings.py runs it).

A *sink* is a Qt call whose text argument the user reads: ``setText``, ``setToolTip``, ``QAction(...)``,
``QMessageBox.warning(...)``, ``painter.drawText(...)`` and so on (the sets below). Every argument of a sink is
inspected: a string literal containing a letter, anywhere in it (also inside an f-string, a ``+`` or ``%``
expression, ``x or "default"``, a conditional, a list, or the receiver/arguments of ``.format``/``.join``), is a
violation unless it sits inside a translation call (``tr``, ``self.tr``, ``translate``,
``QCoreApplication.translate``, ``QT_TRANSLATE_NOOP``, ``QT_TR_NOOP``). HTML tags and ``{placeholders}`` are
ignored when looking for letters, so ``f"<b>{title}</b>"`` is fine.

Deliberately not sinks: ``addItem``/``addItems`` (combo boxes hold Kubernetes API values such as ``ClusterIP``
that stay verbatim), ``setObjectName``, ``setPlainText`` of variables (YAML, kubectl output) - a literal passed to
``setPlainText`` is still checked.

A second rule: a helper other than ``tr``/``_t`` (the names lupdate is told about) that translates its parameter (``def _t(text): return
QCoreApplication.translate("Problems", text)``) hides the literals passed to it from lupdate; each such call is a
violation (rename the helper ``tr`` or ``_t``, or call translate directly).

ALLOWED is the explicit allowlist of literals that carry letters yet are not words to translate.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SINK_METHODS = frozenset({
    "setText", "setToolTip", "setWindowTitle", "setStatusTip", "setWhatsThis", "setPlaceholderText",
    "setHeaderLabels", "setHorizontalHeaderLabels", "setVerticalHeaderLabels", "addTab", "insertTab",
    "setTabText", "setTabToolTip", "addAction", "addMenu", "showMessage", "setTitle", "setLabelText",
    "setInformativeText", "setDetailedText", "setButtonText", "setPrefix", "setSuffix", "setSpecialValueText",
    "setWindowIconText", "setAccessibleName", "setAccessibleDescription", "setHtml", "setPlainText",
    "drawText", "addRow", "setFormat", "setCancelButtonText", "setDefaultSuffix", "setNameFilter",
    "setNameFilters", "setIconText", "setHeaderData", "setSectionText",
})
SINK_CONSTRUCTORS = frozenset({
    "QAction", "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QDockWidget", "QMenu",
    "QCommandLinkButton", "QToolButton", "QMessageBox", "QGraphicsSimpleTextItem", "QGraphicsTextItem",
    "QProgressDialog", "QWidgetAction", "QTableWidgetItem", "QListWidgetItem", "QTreeWidgetItem",
    "QStandardItem",
})
SINK_STATICS = frozenset({
    ("QMessageBox", "information"), ("QMessageBox", "warning"), ("QMessageBox", "critical"),
    ("QMessageBox", "question"), ("QMessageBox", "about"), ("QInputDialog", "getText"),
    ("QInputDialog", "getInt"), ("QInputDialog", "getDouble"), ("QInputDialog", "getItem"),
    ("QInputDialog", "getMultiLineText"), ("QFileDialog", "getOpenFileName"), ("QFileDialog", "getSaveFileName"),
    ("QFileDialog", "getOpenFileNames"), ("QFileDialog", "getExistingDirectory"), ("QToolTip", "showText"),
})
# Calls lupdate extracts: Qt's names plus the helper aliases packaging/update_translations.py passes (TR_ALIASES).
TRANSLATORS = frozenset({"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP", "QT_TRANSLATE_NOOP3", "_t"})
# Literals with letters that are not words to translate: units drawn next to numbers, and the product's name
# (a proper noun, the same in every language, as in the .desktop file).
ALLOWED = frozenset({"m", "Mi", "MiB", "Gi", "GiB", "ms", "s", "px", "x", "Kubernetes Architecture Explorer"})

_TAG = re.compile(r"<[^<>]*>|&[a-z]+;|\{[^{}]*\}|%[0-9n]")


def has_words(text: str) -> bool:
    """True when ``text`` has a letter outside HTML tags, entities and placeholders, and is not ALLOWED."""
    if text.strip() in ALLOWED:
        return False
    return any(ch.isalpha() for ch in _TAG.sub("", text))


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_translation(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and _name(node.func) in TRANSLATORS


def bare_literals(node: ast.expr) -> list[ast.Constant]:
    """String constants with words reachable in ``node`` without passing through a translation call."""
    if node is None or _is_translation(node):
        return []
    if isinstance(node, ast.Constant):
        return [node] if isinstance(node.value, str) and has_words(node.value) else []
    children: list[ast.expr] = []
    if isinstance(node, ast.JoinedStr):     # judged whole: f"<span style='{css}'>" splits a tag across parts
        text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        return [ast.Constant(text, lineno=node.lineno)] if has_words(text) else []
    if isinstance(node, ast.BinOp):
        children = [node.left, node.right]
    elif isinstance(node, ast.BoolOp):
        children = list(node.values)
    elif isinstance(node, ast.IfExp):
        children = [node.body, node.orelse]
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        children = list(node.elts)
    elif isinstance(node, ast.Starred):
        children = [node.value]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join", "arg"):
        children = [node.func.value, *node.args, *(k.value for k in node.keywords)]
    out: list[ast.Constant] = []
    for child in children:
        out.extend(bare_literals(child))
    return out


def _is_sink(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in SINK_CONSTRUCTORS
    if isinstance(func, ast.Attribute):
        if func.attr in SINK_METHODS:
            return True
        if isinstance(func.value, ast.Name) and (func.value.id, func.attr) in SINK_STATICS:
            return True
        if func.attr in SINK_CONSTRUCTORS:                                              # QtWidgets.QLabel(...)
            return True
    return False


def hidden_helpers(tree: ast.AST) -> set[str]:
    """Names of functions, other than ``tr``, that translate their argument at run time
    (``def _t(text): return QCoreApplication.translate("Problems", text)``). lupdate only extracts calls named
    ``tr``/``translate``/``QT_TRANSLATE_NOOP``..., so a literal passed to such a helper never reaches the
    catalogue and stays English."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name not in TRANSLATORS:
            params = {a.arg for a in node.args.args}
            for call in ast.walk(node):
                if _is_translation(call) and any(isinstance(a, ast.Name) and a.id in params for a in call.args):
                    names.add(node.name)
    return names


def violations_in_source(source: str, filename: str = "<string>") -> list[str]:
    """``file:line: sinkName(...): 'literal'`` for every bare user-visible literal in ``source``, and
    ``file:line: helper(...) hides 'literal' from lupdate`` for literals passed to a :func:`hidden_helpers`
    function."""
    out = []
    tree = ast.parse(source, filename)
    helpers = hidden_helpers(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_sink(node):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                for lit in bare_literals(arg):
                    out.append(f"{filename}:{lit.lineno}: {_name(node.func)}(...): {lit.value!r}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in helpers:
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and has_words(arg.value):
                    out.append(f"{filename}:{arg.lineno}: {node.func.id}(...) hides {arg.value!r} from lupdate "
                               f"(name the helper tr or _t, or call QCoreApplication.translate directly)")
    return sorted(out, key=lambda line: (line.split(":")[0], int(line.split(":")[1])))


def violations(root: Path) -> list[str]:
    """Violations in every ``*.py`` under ``root`` (paths relative to ``root``'s parent's parent)."""
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent.parent)
        out.extend(violations_in_source(path.read_text(encoding="utf-8"), str(rel)))
    return out
