"""Entry point of ``k8s-explorer`` and ``python -m explorer``.

With no subcommand it opens the desktop app (with the example cluster, or the FILE given with ``--open``).
Subcommands are registered by the modules named in :data:`COMMANDS`; each module provides
``register(subparsers)`` which adds its parser and sets ``func(args) -> int`` as the default.

Exit codes: 0 success, 1 the input has errors, 2 usage error or no display.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from explorer import __version__

COMMANDS = ("example", "validate", "export", "info", "simulate", "explain", "route", "reachability", "render", "kubectl")

NO_DISPLAY = ("k8s-explorer: no display found (DISPLAY and WAYLAND_DISPLAY are unset); run it under "
              "`xvfb-run k8s-explorer`, or use the command line: `k8s-explorer --help`.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="k8s-explorer",
        description="Kubernetes Architecture Explorer: draw a cluster, simulate it, export real manifests. "
                    "With no command, opens the desktop app.")
    parser.add_argument("--version", action="version", version=f"k8s-explorer {__version__}")
    parser.add_argument("--open", metavar="FILE", help="open FILE in the app instead of the example cluster")
    parser.add_argument("--smoke-test", action="store_true",
                        help="start the app headless on the example cluster (or --open FILE), check that it "
                             "came up with its resources and translations, and exit (0 = passed)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"explorer.cli.{name}_cmd")
        except ModuleNotFoundError as exc:
            if exc.name != f"explorer.cli.{name}_cmd":
                raise
            continue
        module.register(sub)
    return parser


def has_display() -> bool:
    """True when Qt can open a window: a display server is reachable or a Qt platform is forced."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def open_app(path: str | None) -> int:
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from explorer.ui.app import launch  # the only place the CLI reaches the UI for a window
    return launch(path)


def main(argv: list[str] | None = None) -> int:
    if sys.version_info < (3, 12):
        print("k8s-explorer needs Python 3.12 or newer (PySide6 6.12 crashes on 3.11).", file=sys.stderr)
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command and args.smoke_test:
        from explorer.ui.smoke import run_smoke_test  # packaging's headless start-up check
        return run_smoke_test(args.open)
    if not args.command:
        return open_app(args.open)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
