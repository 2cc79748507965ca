"""``k8s-explorer --smoke-test [--open FILE]``: start the real app headless, check it came up, exit.

Used by ``packaging/build.sh`` on the PyInstaller bundle (and usable on a source checkout) to prove that the
bundle has everything the GUI needs: Qt plugins, the app's resources, the compiled Spanish catalogue.

Checks, each printed as one line ``ok: ...`` or ``FAILED: ...``:

1. the main window opens (through :func:`explorer.ui.app.launch`, exactly as a user start) on the example
   cluster or on FILE, and a visible top-level window exists once the event loop runs;
2. the interface language in effect is the one configured (``K8S_EXPLORER_LANGUAGE``, settings, locale);
3. the Spanish catalogue loads and translates a known string (the interface language itself is left alone);
4. the app icon (SVG and the 256 px PNG) and the palette icons are present;
5. the scheduler's compiled loop (numba) loads: the bundle carries numba and llvmlite and numba can compile
   or cache there (~20 s the first time on a slow machine). ``K8S_EXPLORER_NO_JIT=1`` passes as "off".

Returns 0 when every check passes, 1 otherwise (2 when Qt cannot start). Uses the ``offscreen`` Qt platform
when no display is set, so it runs on a build server.
"""

from __future__ import annotations

import os
import sys

QUIT_AFTER_MS = 1500


def run_smoke_test(path: str | None = None) -> int:
    """Run the checks above; see the module docstring for output and exit codes."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from explorer import __version__
    from explorer.ui import bundle

    app = QApplication.instance() or QApplication(sys.argv[:1])
    results: list[tuple[bool, str]] = []
    seen: list[str] = []
    menus: list[str] = []

    def inspect_and_quit() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        seen.extend(f"{type(w).__name__} {w.windowTitle()!r}" for w in windows)
        for w in windows:
            bar = w.menuBar() if hasattr(w, "menuBar") else None
            if bar is not None:
                menus.extend(a.text() for a in bar.actions())
        app.exit(0)

    QTimer.singleShot(QUIT_AFTER_MS, inspect_and_quit)
    try:
        from explorer.ui.app import launch
        code = launch(path)
    except Exception as exc:  # noqa: BLE001 - the smoke test reports any failure as a line, not a traceback
        results.append((False, f"main window: {type(exc).__name__}: {exc}"))
    else:
        what = path or "the example cluster"
        results.append((code == 0 and bool(seen),
                        f"main window on {what}: exit {code}, visible windows: {', '.join(seen) or 'none'}"))

    from explorer.ui import i18n
    wanted = i18n.resolve(i18n.configured_language())
    results.append((i18n.current_language() == wanted,
                    f"interface language {i18n.current_language()} (wanted {wanted}), menus: {', '.join(menus)}"))
    results.append(_check_spanish())
    for icon in (bundle.app_icon_path(), bundle.app_icon_path(256), bundle.resource("icons", "pod.svg")):
        results.append((icon.is_file(), f"resource {icon}"))
    results.append(_check_scheduler_kernel())

    for ok, line in results:
        print(("ok: " if ok else "FAILED: ") + line)
    passed = all(ok for ok, _ in results)
    frozen = " (bundle)" if bundle.is_frozen() else ""
    print(f"k8s-explorer {__version__}{frozen} smoke test {'passed' if passed else 'FAILED'}")
    return 0 if passed else 1


def _check_spanish() -> tuple[bool, str]:
    from explorer.ui import help_texts, i18n

    qm = i18n.qm_path("es")
    if qm is None:
        return False, "Spanish catalogue: not found and could not be compiled"
    translator = i18n.CatalogueTranslator()
    if not translator.load(str(qm)):
        return False, f"Spanish catalogue {qm}: does not load"
    source = help_texts.source_text("control-plane")[0]
    got = translator.translate(help_texts.CONTEXT, source)
    return bool(got) and got != source, f"Spanish catalogue {qm}: {source!r} -> {got!r}"


def _check_scheduler_kernel() -> tuple[bool, str]:
    import time

    from explorer.sim.scheduler import compiled

    if os.environ.get("K8S_EXPLORER_NO_JIT") == "1":
        return True, "scheduler kernel: off (K8S_EXPLORER_NO_JIT=1); the Python loop schedules"
    start = time.perf_counter()
    loaded = compiled.load()    # (the window started loading it: this waits for that)
    took = time.perf_counter() - start
    if loaded:
        return True, f"scheduler kernel: the compiled loop is loaded (waited {took:.1f} s)"
    return False, f"scheduler kernel: not loaded ({compiled.unavailable_reason()}); the Python loop schedules"
