"""``k8s-explorer simulate FILE --until SECONDS [--seed N] [--fault OP:ARGS@T ...] [--json] [-o final.yaml]``.

Loads FILE with explorer.io, runs the simulator until SECONDS of simulated time, applying each ``--fault``
at its time, and prints the event log like ``kubectl get events -A`` (NAMESPACE, LAST SEEN, TYPE, REASON,
OBJECT, MESSAGE; LAST SEEN is the simulated time of the event, written like kubectl's ages) followed by a
summary: nodes ready, pods by phase, control-plane status. ``--json`` prints ``{"events": [...],
"summary": {...}}`` instead. ``-o`` writes the final state as a topology file.

Faults: ``OP:NAME@T`` for stop-node, start-node, stop-kubelet, start-kubelet, stop-runtime, start-runtime,
stop-member, start-member, stop-etcd, start-etcd, cordon, uncordon, drain, partition, heal; ``delete-pod:NS/POD@T``;
``scale:NS/DEPLOYMENT=N@T``.

Exit codes: 0 ok, 1 the file has errors (or a fault names an unknown object), 2 usage error.
"""

from __future__ import annotations

from explorer.cli.saving import save_or_report

import json
import sys
from collections import Counter

from explorer.sim.events import format_event_table, human_duration

USAGE_FAULT = ("--fault {!r}: expected OP:ARGS@SECONDS, e.g. stop-node:worker-2@30, delete-pod:shop/api-x@20, "
               "scale:shop/api=5@60")


def register(subparsers) -> None:
    p = subparsers.add_parser("simulate", help="run the cluster in the simulator and print its events",
                              description="Simulate what Kubernetes does with the cluster in FILE, with optional "
                                          "faults, and print the event log and a summary.")
    p.add_argument("file", metavar="FILE", help="topology or manifest file")
    p.add_argument("--until", type=int, required=True, metavar="SECONDS", help="simulated seconds to run")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0); same seed, same run")
    p.add_argument("--fault", action="append", default=[], metavar="OP:ARGS@T",
                   help="inject an operation or fault at time T, e.g. stop-node:worker-2@30 (repeatable)")
    p.add_argument("--json", action="store_true", help="print events and summary as JSON")
    p.add_argument("-o", "--output", metavar="FILE", help="write the final state as a topology file")
    p.set_defaults(func=run)


def parse_fault(text: str) -> tuple:
    """"stop-node:worker-2@30" -> (30, "stop-node", ("worker-2",)). Raises ValueError with the usage text."""
    from explorer.sim import OPS
    body, sep, at = text.rpartition("@")
    op, sep2, arg = body.partition(":")
    if not sep or not sep2 or not at.isdigit() or not arg:
        raise ValueError(USAGE_FAULT.format(text))
    if op not in OPS or op in ("apply", "delete"):
        raise ValueError(f"--fault {text!r}: unknown operation {op!r}")
    if op == "delete-pod":
        ns, slash, name = arg.partition("/")
        if not slash:
            raise ValueError(f"--fault {text!r}: delete-pod takes NAMESPACE/POD")
        return int(at), op, (ns, name)
    if op == "scale":
        target, eq, n = arg.partition("=")
        ns, slash, name = target.partition("/")
        if not eq or not slash or not n.isdigit():
            raise ValueError(f"--fault {text!r}: scale takes NAMESPACE/DEPLOYMENT=REPLICAS")
        return int(at), op, (ns, name, int(n))
    return int(at), op, (arg,)


def format_events(events: list) -> str:
    """The events as a ``kubectl get events -A`` table (LAST SEEN = simulated time of the event)."""
    return format_event_table(events)


def summary(sim) -> dict:
    cluster = sim.cluster()
    nodes = cluster.nodes()
    not_ready = [n.name for n in nodes if not n.ready]
    phases = Counter()
    for p in cluster.pods():
        phases["Terminating" if p.metadata.get("deletionTimestamp") else
               ("ContainerCreating" if p.phase == "Pending" and p.pod_ip else p.phase)] += 1
    cp = sim.control_plane()
    return {"time": sim.now, "nodes": {"total": len(nodes), "ready": len(nodes) - len(not_ready),
                                       "not_ready": not_ready},
            "pods": dict(sorted(phases.items())), "control_plane": cp.to_json(), "events": len(sim.events)}


def format_summary(s: dict) -> str:
    nodes = s["nodes"]
    cp = s["control_plane"]
    lines = [f"Summary at {human_duration(s['time'])} ({s['events']} events)",
             f"  Nodes:  {nodes['ready']}/{nodes['total']} Ready"
             + (f" (NotReady: {', '.join(nodes['not_ready'])})" if nodes["not_ready"] else ""),
             "  Pods:   " + (", ".join(f"{k} {v}" for k, v in s["pods"].items()) or "none")]
    if cp["implicit"]:
        lines.append("  Control plane: implicit (no control-plane node in the file; assumed healthy)")
    else:
        lines.append(f"  Control plane: API {'available' if cp['api_available'] else 'UNAVAILABLE'}, "
                     f"etcd {cp['etcd_healthy']}/{cp['etcd_members']} healthy "
                     f"({'quorum' if cp['etcd_quorum'] else 'NO QUORUM'}), "
                     f"scheduler leader {cp['scheduler_leader'] or 'none'}, "
                     f"controller-manager leader {cp['controller_manager_leader'] or 'none'}")
    return "\n".join(lines)


def run(args) -> int:
    if args.until < 0:
        print("simulate: --until must be >= 0", file=sys.stderr)
        return 2
    try:
        faults = [parse_fault(f) for f in args.fault]
    except ValueError as exc:
        print(f"simulate: {exc}", file=sys.stderr)
        return 2
    from explorer.cli.loading import load_or_report
    cluster = load_or_report(args.file, warnings=False)
    if cluster is None:
        return 1
    from explorer.sim import ApiError, Simulator
    sim = Simulator(cluster, seed=args.seed)
    try:
        for at, op, fargs in faults:
            if op not in ("delete-pod", "scale"):     # pods may only exist later: checked when the fault fires
                sim._validate_op(op, fargs)
            sim.schedule_fault(at, op, *fargs)
    except (ApiError, ValueError) as exc:
        print(f"simulate: --fault: {getattr(exc, 'message', exc)}", file=sys.stderr)
        return 1
    sim.run(args.until)
    s = summary(sim)
    if args.json:
        print(json.dumps({"events": [e.to_json() for e in sim.events], "summary": s}, indent=2))
    else:
        print(format_events(sim.events))
        print()
        print(format_summary(s))
    if args.output:
        return save_or_report(sim.cluster(), args.output, "k8s-explorer simulate")
    return 0
