"""Writing a topology from a CLI command: one clean error line instead of a traceback."""

from __future__ import annotations

import sys


def save_or_report(cluster, path: str, prog: str = "k8s-explorer") -> int:
    """Save ``cluster`` as a full topology at ``path`` (atomically). Returns 0, or 1 after printing
    ``<prog>: cannot write <path>: <reason>`` to stderr when the file cannot be written."""
    from explorer.io import TopologyError, save_topology

    try:
        save_topology(cluster, path)
    except (OSError, TopologyError) as exc:
        cause = exc.__cause__ if isinstance(exc, TopologyError) and exc.__cause__ else exc
        print(f"{prog}: cannot write {path}: {getattr(cause, 'strerror', None) or cause}", file=sys.stderr)
        return 1
    return 0
