"""``k8s-explorer validate FILE...``: check topology files and print one line per problem.

``-`` reads standard input (``kubectl get all -A -o yaml | k8s-explorer validate -``).
Exit status: 0 when no file has errors (warnings alone are fine), 1 when any file has an error (including
a file that cannot be read). ``--json`` prints a JSON list of diagnostics instead::

    [{"severity": "error", "file": "x.yaml", "document": 0, "line": 12, "path": "spec.replicas",
      "message": "must be an integer, got a string"}]
"""

from __future__ import annotations

import json
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("validate", help="check topology/manifest files; exit 1 on errors",
                              description="Check Kubernetes topology or manifest files (YAML, List or JSON). "
                                          "Prints file:line: document N: field: message per problem.")
    p.add_argument("files", nargs="+", metavar="FILE", help="topology or manifest files; - reads stdin")
    p.add_argument("--json", action="store_true", help="print diagnostics as a JSON list")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only, no warnings")
    p.set_defaults(func=run)


def load_stdin():
    """Load a topology piped in (``kubectl get pods -o yaml | k8s-explorer validate -``), named <stdin>."""
    from explorer.io import load_text
    from explorer.io.safe_yaml import decode

    data = sys.stdin.buffer.read()
    try:
        text = decode(data)
    except Exception as exc:  # ParseError: not UTF-8
        from explorer.io import ERROR, Diagnostic, LoadResult
        from explorer.model import Cluster
        return LoadResult(Cluster(), [Diagnostic(ERROR, str(exc), "<stdin>", None, getattr(exc, "line", None))],
                          "<stdin>")
    return load_text(text, "<stdin>")


def run(args) -> int:
    from explorer.io import load_topology

    diagnostics = []
    objects = 0
    for path in args.files:
        result = load_stdin() if path == "-" else load_topology(path)
        objects += len(result.cluster)
        diagnostics += [d for d in result.diagnostics if d.is_error or not args.quiet]
    errors = sum(1 for d in diagnostics if d.is_error)
    if args.json:
        json.dump([d.to_json() for d in diagnostics], sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for d in diagnostics:
            print(d)
        warnings = len(diagnostics) - errors
        files = len(args.files)
        print(f"{files} file{'s' if files != 1 else ''}, {objects} object{'s' if objects != 1 else ''}: "
              f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}",
              file=sys.stderr)
    return 1 if errors else 0
