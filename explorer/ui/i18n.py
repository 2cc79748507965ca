"""Interface language: English (the source strings) or Spanish, through Qt's translation machinery.

Call :func:`install` once, right after the ``QApplication`` exists and before any widget is built::

    app = QApplication(sys.argv)
    i18n.install(app)          # -> "en" or "es", the language now in effect

Which language:

1. ``K8S_EXPLORER_LANGUAGE`` in the environment (``en``, ``es`` or ``system``), for scripts and screenshots;
2. else the QSettings key ``ui/language`` (``system``, ``en``, ``es``), written by :func:`set_language`
   (Preferences);
3. else (``system``) the first of the system's UI languages that we ship (``LANGUAGE``/``LC_ALL``/``LANG``
   on Linux), falling back to English.

Where the catalogue comes from: ``resources/i18n/explorer_<lang>.ts`` is the source (edited by translators,
refreshed by ``packaging/update_translations.py``). At run time :func:`qm_path` uses
``resources/i18n/explorer_<lang>.qm`` when it exists and is newer than the ``.ts`` (the PyInstaller bundle ships
it compiled by ``packaging/build.sh``); otherwise (an editable source checkout) it compiles the ``.ts`` with the
``lrelease`` that ships with PySide6-Essentials into ``~/.cache/k8s-explorer/i18n/explorer_<lang>-<hash>.qm``,
named after the hash of the ``.ts`` so an edited catalogue is recompiled on the next start. If no catalogue can be
found or compiled the UI stays in English and a warning goes to the log; the app never fails to start over it.
Qt's own strings (standard dialog buttons) come from Qt's ``qtbase_<lang>.qm``.

Switching language at run time: :func:`set_language` stores the choice and swaps the translators immediately;
Qt then sends ``QEvent.LanguageChange`` to every widget, and every widget of the window re-reads its texts in
``changeEvent`` (the usual Qt pattern: a ``retranslate_ui()`` method that sets all texts, called once from
``__init__`` and again on the event; the main window forwards it to the diagram scene, which is not a widget).
So the whole window changes language at once; no restart is needed. Texts computed when an action runs (dialogs,
status messages, context menus) are translated then. What was already printed stays as it was: kubectl output,
the undo history's command names. A widget added later must follow the same pattern
(tests/ui/test_live_language.py compares a live-switched window with one started in the language).

Kubernetes' own words (event reasons and messages, FailedScheduling texts, kubectl output, field names, kinds)
are never passed through ``tr()``: users see them verbatim, as kubectl prints them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QSettings, QTranslator

from explorer.ui.bundle import cache_dir, is_frozen, resource

log = logging.getLogger(__name__)

SETTING_KEY = "ui/language"
ENV_VAR = "K8S_EXPLORER_LANGUAGE"
SOURCE_LANGUAGE = "en"
# Language code -> its own name (shown untranslated, so a user can always find their language).
LANGUAGES = {"en": "English", "es": "Español"}
CHOICES = ("system", *LANGUAGES)

_translators: list[QTranslator] = []   # installed translators (kept referenced, or Qt would lose them)
_current = SOURCE_LANGUAGE
_original_locale = QLocale()           # the default locale before we changed it (restored for English)


class CatalogueTranslator(QTranslator):
    """A QTranslator that also finds strings lupdate filed under the empty context.

    ``pyside6-lupdate`` files a bare ``tr("...")`` call (a module-level helper such as
    ``def tr(text): return QCoreApplication.translate("Diagram", text)``) under context ``""``, while at run time
    the helper asks for context ``"Diagram"``. When the exact context has no entry, this translator tries ``""``.
    """

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        found = super().translate(context, source, disambiguation, n)
        if not found and context:
            found = super().translate("", source, disambiguation, n)
        # None becomes a null QString: "not here", so Qt asks the next translator and finally uses the source.
        # Returning "" would tell Qt the translation is the empty string.
        return found or None


class TranslationBuildError(RuntimeError):
    """A ``.ts`` catalogue could not be compiled to ``.qm`` (no lrelease, or lrelease failed)."""


SETTINGS_ORGANIZATION = "k8s-explorer"
SETTINGS_APPLICATION = "Kubernetes Architecture Explorer"


def settings() -> QSettings:
    """The app's user settings, the same store the main window uses
    (``~/.config/k8s-explorer/Kubernetes Architecture Explorer.conf`` on Linux)."""
    return QSettings(SETTINGS_ORGANIZATION, SETTINGS_APPLICATION)


def available_languages() -> list[tuple[str, str]]:
    """Choices for Preferences as ``(code, label)``: ``system`` (label translated) then each language by its
    own name."""
    system = QCoreApplication.translate("Language", "System default")
    return [("system", system), *LANGUAGES.items()]


def configured_language() -> str:
    """The stored choice: ``system``, ``en`` or ``es`` (the environment override wins; junk reads as system)."""
    value = os.environ.get(ENV_VAR) or settings().value(SETTING_KEY, "system")
    value = str(value).strip().lower()
    return value if value in CHOICES else "system"


def system_language() -> str:
    """The first of the system's preferred UI languages that we ship, else English."""
    for tag in QLocale.system().uiLanguages():
        code = tag.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def resolve(code: str) -> str:
    """``system`` -> the system language; ``en``/``es`` unchanged. Raises ValueError for anything else."""
    if code not in CHOICES:
        raise ValueError(f"unknown language {code!r}: must be one of {', '.join(CHOICES)}")
    return system_language() if code == "system" else code


def current_language() -> str:
    """The language whose translators are installed now (``en`` until :func:`install` ran)."""
    return _current


def install(app: QCoreApplication | None = None, code: str | None = None) -> str:
    """Install the translators for ``code`` (default: :func:`configured_language`) on the running
    application, replacing any installed before. Returns the language now in effect: the requested one, or
    ``en`` when its catalogue is unavailable. Raises ValueError for an unknown code."""
    global _current
    if app is None:
        app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("i18n.install() needs a QApplication")
    lang = resolve(code if code is not None else configured_language())
    for tr in _translators:
        app.removeTranslator(tr)
    _translators.clear()
    _current = SOURCE_LANGUAGE
    QLocale.setDefault(_original_locale)
    if lang == SOURCE_LANGUAGE:
        return _current
    qm = qm_path(lang)
    if qm is None:
        return _current
    ours = CatalogueTranslator(app)
    if not ours.load(str(qm)):
        log.warning("could not load the %s catalogue %s; the interface stays in English", lang, qm)
        return _current
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _translators.append(qt_own)
    app.installTranslator(ours)   # installed last, so it is searched first
    _translators.append(ours)
    QLocale.setDefault(QLocale(lang))
    _current = lang
    return _current


def set_language(code: str) -> str:
    """Preferences: store ``code`` (``system``, ``en``, ``es``) under ``ui/language`` and apply it now: every
    widget has retranslated itself when this returns. Returns the language in effect. Raises ValueError for an
    unknown code."""
    resolve(code)                       # validate before storing
    s = settings()
    s.setValue(SETTING_KEY, code)
    s.sync()
    if QCoreApplication.instance() is None:
        return resolve(code)
    lang = install(code=code)
    # Deliver the LanguageChange events Qt posted now, so every widget is retranslated on return.
    for _ in range(2):   # app -> top-level widgets -> their children
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    return lang


def ts_path(lang: str) -> Path:
    """The translation source ``resources/i18n/explorer_<lang>.ts``."""
    return resource("i18n", f"explorer_{lang}.ts")


def qm_path(lang: str) -> Path | None:
    """A compiled catalogue for ``lang``, compiling the ``.ts`` into the cache when needed (see module doc).
    None (and a logged warning) when there is neither a usable ``.qm`` nor a ``.ts`` that compiles."""
    ts = ts_path(lang)
    shipped = ts.with_suffix(".qm")
    if shipped.is_file() and (is_frozen() or not ts.is_file() or shipped.stat().st_mtime >= ts.stat().st_mtime):
        return shipped
    if not ts.is_file():
        log.warning("no %s catalogue at %s; the interface stays in English", lang, ts)
        return None
    digest = hashlib.sha256(ts.read_bytes()).hexdigest()[:16]
    cached = cache_dir() / "i18n" / f"explorer_{lang}-{digest}.qm"
    if cached.is_file():
        return cached
    try:
        compile_ts(ts, cached)
    except TranslationBuildError as exc:
        log.warning("%s; the interface stays in English", exc)
        return None
    return cached


def lrelease_command() -> list[str] | None:
    """The command that runs Qt's lrelease: the binary inside the PySide6 package, else one on PATH."""
    import PySide6
    bundled = Path(PySide6.__file__).resolve().parent / "lrelease"
    if bundled.is_file() and os.access(bundled, os.X_OK):
        return [str(bundled)]
    for name in ("pyside6-lrelease", "lrelease", "lrelease-qt6"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


def compile_ts(ts: Path, qm: Path) -> Path:
    """Compile ``ts`` to ``qm`` with lrelease (writing through a temporary file, so a reader never sees half a
    catalogue). Returns ``qm``. Raises TranslationBuildError when lrelease is missing or fails."""
    cmd = lrelease_command()
    if cmd is None:
        raise TranslationBuildError(f"cannot compile {ts}: lrelease not found (it ships with PySide6-Essentials)")
    tmp = qm.with_name(f".{qm.name}.{os.getpid()}.tmp")
    try:
        qm.parent.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run([*cmd, "-silent", str(ts), "-qm", str(tmp)], capture_output=True, text=True,
                              timeout=120)
        if proc.returncode != 0 or not tmp.is_file():
            detail = (proc.stderr or proc.stdout).strip().splitlines()
            raise TranslationBuildError(f"cannot compile {ts}: lrelease failed: {detail[-1] if detail else proc.returncode}")
        os.replace(tmp, qm)
    except (OSError, subprocess.SubprocessError) as exc:
        raise TranslationBuildError(f"cannot compile {ts}: {exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return qm


def language_menu(parent=None):
    """A ready-made "Language" menu for Preferences or the View menu: System default, English, Español, the
    stored choice checked. Choosing one calls :func:`set_language`; the window follows at once. The menu's own
    title and "System default" follow the language too. Mount it with
    ``menu_bar_menu.addMenu(i18n.language_menu(self))``."""
    from PySide6.QtGui import QAction, QActionGroup
    from PySide6.QtWidgets import QMenu

    class LanguageMenu(QMenu):
        def retranslate_ui(self) -> None:
            """Title and "System default" in the current language; the stored choice checked (it may have been
            changed elsewhere, e.g. by another window's menu)."""
            self.setTitle(QCoreApplication.translate("Language", "&Language"))
            stored = str(settings().value(SETTING_KEY, "system"))
            for action in self.actions():
                if action.data() == "system":
                    action.setText(available_languages()[0][1])
                action.setChecked(action.data() == stored)

        def changeEvent(self, event):  # noqa: N802 - Qt name
            if event.type() == QEvent.Type.LanguageChange:
                self.retranslate_ui()
            super().changeEvent(event)

    menu = LanguageMenu(parent)
    menu.setObjectName("languageMenu")
    group = QActionGroup(menu)
    group.setExclusive(True)
    for code, label in available_languages():
        action = QAction(label, menu)
        action.setCheckable(True)
        action.setData(code)
        group.addAction(action)
        menu.addAction(action)
    menu.retranslate_ui()

    def chosen(action) -> None:
        code = action.data()
        if code == str(settings().value(SETTING_KEY, "system")):
            return
        set_language(code)

    group.triggered.connect(chosen)
    return menu
