"""``k8s-explorer route FILE --from internet|NS/POD --url URL``: follow one request hop by hop.

Loads FILE with explorer.io; when no pod in it has a pod IP yet, the design is first run to a steady state by
the simulator (``Simulator(cluster).settle()``). Prints the trace as text, or as JSON with ``--json``
(``{"source", "url", "result": {...}, "hops": [...]}``).

Exit codes: 0 the request was routed (whatever its status), 1 the file has errors or the source pod is
unknown, 2 usage error (bad URL, bad --from).
"""

from __future__ import annotations

import json
import sys

from explorer.net import MODES, Router


def register(subparsers) -> None:
    p = subparsers.add_parser("route", help="follow one request hop by hop through the cluster",
                              description="Route one HTTP request from the internet or a pod and print each hop "
                                          "with its decision and the Kubernetes rule behind it.")
    p.add_argument("file", metavar="FILE", help="topology file (a running state, or a design to simulate first)")
    p.add_argument("--from", dest="source", required=True, metavar="internet|NS/POD",
                   help="where the request starts: 'internet' or a pod as NAMESPACE/NAME")
    p.add_argument("--url", required=True, help="e.g. http://shop.example.com/api/x, http://api.shop/, http://10.96.0.12/")
    p.add_argument("--host", help="Host header to send (like curl -H 'Host: ...'), e.g. with an IP in --url")
    p.add_argument("--json", action="store_true", help="print the trace as JSON")
    p.add_argument("--seed", type=int, default=0, help="random seed for load-balancing choices (default 0)")
    p.add_argument("--mode", choices=MODES, default="iptables", help="kube-proxy mode (default iptables)")
    p.set_defaults(func=run)


def load_running(path: str):
    """(cluster, error message or None): the file's cluster, simulated to a steady state when it has no
    running pods yet. When the file has errors they are already printed (stderr) and the result is
    (None, None)."""
    from explorer.cli.loading import load_or_report
    cluster = load_or_report(path, warnings=False)
    if cluster is None:
        return None, None
    if any(p.pod_ip for p in cluster.pods()):
        return cluster, None
    try:
        from explorer.sim import Simulator
    except ImportError:
        return None, (f"{path}: no pod has an IP yet (a design, not a running state) and the simulator "
                      "is not available to run it")
    try:
        sim = Simulator(cluster)
        sim.settle()
        return sim.cluster(), None
    except Exception as exc:  # noqa: BLE001 - a one-line message instead of a traceback
        return None, f"{path}: could not run the design to a steady state: {exc}"


def run(args) -> int:
    cluster, error = load_running(args.file)
    if cluster is None:
        if error:
            print(error, file=sys.stderr)
        return 1
    source = args.source
    if source != "internet" and source.count("/") != 1:
        print(f"route: --from {source!r}: must be 'internet' or NAMESPACE/POD", file=sys.stderr)
        return 2
    try:
        trace = Router(cluster, seed=args.seed, mode=args.mode).route(source, args.url, host=args.host)
    except ValueError as exc:
        msg = str(exc)
        print(f"route: {msg}", file=sys.stderr)
        return 2 if msg.startswith("url ") else 1
    if args.json:
        print(json.dumps(trace.to_json(), indent=2))
    else:
        print(trace.to_text())
    return 0
