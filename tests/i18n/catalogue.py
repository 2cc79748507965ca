"""Helpers for the catalogue tests: load packaging/update_translations.py (a script, not a package) and read
.ts messages."""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS_ES = ROOT / "resources" / "i18n" / "explorer_es.ts"

_spec = importlib.util.spec_from_file_location("update_translations", ROOT / "packaging" / "update_translations.py")
update_translations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(update_translations)

PLACEHOLDER = re.compile(r"%\d+|%n|%L\d+|\{[^{}]*\}|%[sd]")


def messages(ts: Path) -> list[tuple[str, str, list[str]]]:
    """``(context, source, translations)`` for every live message (numerus forms as several translations)."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            tr = message.find("translation")
            if tr is not None and tr.get("type") in ("obsolete", "vanished"):
                continue
            forms = [f.text or "" for f in tr.iter("numerusform")] if tr is not None else []
            if not forms:
                forms = [tr.text or "" if tr is not None else ""]
            out.append((name, message.findtext("source", ""), forms))
    return out


def placeholders(text: str) -> list[str]:
    """Sorted placeholders (``%1``, ``%n``, ``{0}``, ``{name}``) in ``text``."""
    return sorted(PLACEHOLDER.findall(text))
