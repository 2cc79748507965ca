"""``k8s-explorer export FILE -o OUT [--manifests]``: write the full topology or apply-ready manifests.

The input must load without errors (they are printed and the exit status is 1); warnings are printed to
stderr and the export goes ahead. ``-o -`` writes to stdout. The output file is replaced atomically.
"""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("export", help="export the full topology or apply-ready manifests",
                              description="Load FILE and write it again: the full topology (default; loads "
                                          "back unchanged) or, with --manifests, only what `kubectl apply -f` "
                                          "needs (no Nodes, static pods, status or layout).")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="output file, or - for stdout")
    p.add_argument("--manifests", action="store_true", help="apply-ready manifests instead of the full topology")
    p.set_defaults(func=run)


def run(args) -> int:
    from explorer.cli.loading import load_or_report
    from explorer.io import dump_manifests, dump_topology
    from explorer.io.atomic import write_atomic

    cluster = load_or_report(args.file)
    if cluster is None:
        print(f"k8s-explorer export: {args.file} has errors; nothing written", file=sys.stderr)
        return 1
    text = dump_manifests(cluster) if args.manifests else dump_topology(cluster)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(args.output, text.encode("utf-8"))
    except OSError as exc:
        print(f"k8s-explorer export: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
