"""``k8s-explorer reachability FILE [--port N] [--protocol TCP] [--json] [--summary]``.

Which pods (and the outside world) may open a connection to which pods on a port, under the file's
NetworkPolicies. Text: a table (x allowed, . denied). ``--json``: ``{"port", "protocol", "allowed":
{"ns/src": {"ns/dst": bool}}}`` with ``internet`` as a source. ``--summary``: pods grouped by namespace and
the labels policies look at, for big clusters.

Exit codes: 0 ok, 1 the file has errors, 2 usage error.
"""

from __future__ import annotations

import json
import sys

from explorer.cli.route_cmd import load_running
from explorer.net import reachability, reachability_summary


def register(subparsers) -> None:
    p = subparsers.add_parser("reachability", help="NetworkPolicy reachability matrix between pods",
                              description="Which sources (internet and every pod) may reach which pods on a port.")
    p.add_argument("file", metavar="FILE", help="topology file")
    p.add_argument("--port", type=int, default=80, help="destination port (default 80)")
    p.add_argument("--protocol", default="TCP", choices=("TCP", "UDP", "SCTP"), help="protocol (default TCP)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--summary", action="store_true",
                   help="group pods by namespace and policy-relevant labels instead of listing every pod")
    p.set_defaults(func=run)


def run(args) -> int:
    if not 1 <= args.port <= 65535:
        print(f"reachability: --port {args.port}: must be between 1 and 65535", file=sys.stderr)
        return 2
    cluster, error = load_running(args.file)
    if cluster is None:
        if error:
            print(error, file=sys.stderr)
        return 1
    if args.summary:
        summary = reachability_summary(cluster, args.port, args.protocol)
        if args.json:
            print(json.dumps(summary.to_json(), indent=2))
        else:
            print(summary_text(summary))
        return 0
    matrix = reachability(cluster, args.port, args.protocol)
    print(json.dumps(matrix.to_json(), indent=2) if args.json else matrix.to_text())
    return 0


def summary_text(summary) -> str:
    lines = [f"reachability summary on {summary.protocol}/{summary.port}: {len(summary.groups)} groups"]
    for g in summary.groups:
        labels = ",".join(f"{k}={v}" for k, v in sorted(g.labels.items())) or "<any labels>"
        lines.append(f"  {g.id:>5}  {g.namespace}  {labels}  ({len(g.pods)} pods)")
    ids = [g.id for g in summary.groups]
    for src, mask in summary.allowed.items():
        reach = [ids[i] for i in range(len(ids)) if mask >> i & 1]
        txt = "all" if len(reach) == len(ids) and ids else (" ".join(reach) or "none")
        lines.append(f"  {src} -> {txt}")
    return "\n".join(lines)
