"""``k8s-explorer render FILE -o OUT.png|OUT.svg``: draw the diagram of a topology without a screen.

The same scene the desktop app shows, painted offscreen (Qt's ``offscreen`` platform when no display is set).
``--simulate`` first runs the simulator until it settles and draws that state (pods placed, IPs assigned).
Exit status: 0 written, 1 the file has errors (printed one per line) or cannot be written, 2 bad usage.
"""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("render", help="draw a topology's diagram to PNG or SVG (no display needed)",
                              description="Draw the diagram of a topology file to a PNG or SVG image, "
                                          "exactly as the desktop app shows it.")
    p.add_argument("file", metavar="FILE", help="topology or manifest file (YAML or JSON)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="output image: .png or .svg")
    p.add_argument("--simulate", action="store_true",
                   help="run the simulation until it settles and draw that state (pods on their nodes)")
    p.set_defaults(func=run)


def run(args) -> int:
    if sys.version_info < (3, 12):  # pragma: no cover
        print("k8s-explorer render needs Python 3.12 or newer", file=sys.stderr)
        return 2
    from explorer.ui.render import render_file  # the only way the CLI reaches the UI for images
    return render_file(args.file, args.output, simulate=args.simulate)
