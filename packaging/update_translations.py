#!/usr/bin/env python3
"""Refresh the translation catalogues from the source, keeping every existing translation.

    .venv/bin/python packaging/update_translations.py            # extract into resources/i18n/explorer_*.ts
    .venv/bin/python packaging/update_translations.py --check    # exit 1 and list entries still untranslated
    .venv/bin/python packaging/update_translations.py --release  # also compile each .ts to a .qm next to it

Extraction runs ``pyside6-lupdate`` (it ships with PySide6-Essentials) over every ``explorer/ui/**/*.py``. It
finds ``self.tr("...")``, ``QCoreApplication.translate("Context", "...")``, ``QT_TRANSLATE_NOOP(...)`` and calls
of the module-level helpers named in TR_ALIASES (``_t("...")``).
lupdate merges: a string already in the catalogue keeps its translation; a new string comes in as
"unfinished"; a string whose source text changed slightly comes in unfinished with the old translation as a
suggestion; strings no longer in the code are dropped (``-no-obsolete``). Locations are not written
(``-locations none``) so the catalogue does not change when code merely moves.

After extracting, translate the unfinished entries with Qt Linguist (``pyside6-linguist
resources/i18n/explorer_es.ts``) or a text editor (fill ``<translation>`` and remove ``type="unfinished"``), then run
``--check`` (tests/i18n does the same check).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "explorer" / "ui"
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("es",)
# Module-level helpers lupdate should treat like tr(): ``def _t(text): return QCoreApplication.translate("Ctx",
# text)``. Their strings land under the empty context, which explorer.ui.i18n.CatalogueTranslator also searches.
TR_ALIASES = ("_t",)


def tool(name: str) -> list[str]:
    """The command for a PySide6 Qt tool (``lupdate``/``lrelease``): the binary inside the PySide6 package of
    this interpreter, else ``pyside6-<name>`` on PATH. Raises SystemExit when neither exists."""
    try:
        import PySide6
        inner = Path(PySide6.__file__).resolve().parent / name
        if inner.is_file() and os.access(inner, os.X_OK):
            return [str(inner)]
    except ImportError:
        pass
    for candidate in (Path(sys.executable).parent / f"pyside6-{name}", shutil.which(f"pyside6-{name}")):
        if candidate and Path(candidate).is_file():
            return [str(candidate)]
    raise SystemExit(f"pyside6-{name} not found: install PySide6-Essentials in this Python")


def source_files(root: Path = SOURCES) -> list[Path]:
    """Every Python file of the UI package, sorted (the input of extraction)."""
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def extract(ts: Path, lang: str, sources: list[Path] | None = None) -> None:
    """Run lupdate over ``sources`` (default: :func:`source_files`) into ``ts``, merging with what is there.
    Raises subprocess.CalledProcessError when lupdate fails."""
    files = [str(p) for p in (sources if sources is not None else source_files())]
    ts.parent.mkdir(parents=True, exist_ok=True)
    aliases = ",".join(f"tr+={alias}" for alias in TR_ALIASES)
    subprocess.run([*tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none", "-tr-function-alias", aliases,
                    "-source-language", "en",
                    "-target-language", lang, *files, "-ts", str(ts)], check=True, capture_output=True, text=True)


def release(ts: Path, qm: Path | None = None) -> Path:
    """Compile ``ts`` to ``qm`` (default: next to it). Raises subprocess.CalledProcessError on failure."""
    qm = qm or ts.with_suffix(".qm")
    subprocess.run([*tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True,
                   text=True)
    return qm


def unfinished(ts: Path) -> list[str]:
    """Entries of ``ts`` without a finished translation, as ``"Context: source"`` strings, in file order.
    Obsolete and vanished entries don't count."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            tr = message.find("translation")
            kind = tr.get("type") if tr is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            forms = [tr.text] if tr is not None and tr.find("numerusform") is None else \
                [f.text for f in tr.iter("numerusform")] if tr is not None else [None]
            if kind == "unfinished" or not all(f and f.strip() for f in forms):
                out.append(f"{name}: {message.findtext('source', '')}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when an entry is untranslated")
    parser.add_argument("--release", action="store_true", help="also compile .ts to .qm")
    args = parser.parse_args(argv)
    status = 0
    for lang in LANGUAGES:
        ts = I18N / f"explorer_{lang}.ts"
        extract(ts, lang)
        missing = unfinished(ts)
        print(f"{ts.relative_to(ROOT)}: {len(missing)} untranslated")
        if args.check and missing:
            print("\n".join(f"  {m}" for m in missing))
            status = 1
        if args.release:
            print(f"  compiled {release(ts).relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
