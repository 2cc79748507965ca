"""Loading a topology file for a CLI command: diagnostics to stderr, the cluster or None.

Every command that reads a topology (export, info, explain, simulate, kubectl, route, reachability) goes through
:func:`load_or_report`, so they all report bad input the same way: one line per diagnostic, naming file, line and
field, as ``k8s-explorer validate`` prints them.
"""

from __future__ import annotations

import sys

from explorer.model import Cluster


def load_or_report(path: str, *, warnings: bool = True, stream=None) -> Cluster | None:
    """Load ``path`` with :func:`explorer.io.load_topology` and print its diagnostics to ``stream`` (stderr):
    every diagnostic, or only the errors when ``warnings`` is False. Returns the cluster, or None when the file
    has errors (the caller exits 1). Never raises for bad input: ``load_topology`` turns unreadable, oversized
    or malformed files into error diagnostics."""
    from explorer.io import load_topology

    stream = stream or sys.stderr
    result = load_topology(path)
    for d in result.diagnostics:
        if warnings or d.severity == "error":
            print(d, file=stream)
    if not result.ok:
        if not any(d.severity == "error" for d in result.diagnostics):
            print(f"{path}: the file has errors", file=stream)
        return None
    return result.cluster
