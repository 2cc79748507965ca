"""``k8s-explorer explain FILE --pod NS/NAME [--json]``: why the scheduler would put a pod where it would.

Runs one kube-scheduler cycle for the pod against the cluster in FILE as loaded (pods with ``spec.nodeName``
count on their node; no control plane needed) and prints, per node, the first failing Filter plugin with its
reasons, or each Score plugin's 0-100 score and the weighted total; then the selected node or the
FailedScheduling message. ``--json`` prints ``ScheduleResult.to_json()``.

Exit status: 0 when the explanation was printed (scheduled or not), 1 when FILE has errors or the pod is not
in it, 2 for a malformed ``--pod``.
"""

from __future__ import annotations

import json
import sys

SHORT = {"TaintToleration": "Taint", "NodeAffinity": "NodeAff", "NodeResourcesFit": "Fit",
         "PodTopologySpread": "Spread", "InterPodAffinity": "PodAff", "NodeResourcesBalancedAllocation": "Balanced",
         "ImageLocality": "Image"}


def register(subparsers) -> None:
    p = subparsers.add_parser("explain", help="explain the scheduler's decision for one pod",
                              description="Run one kube-scheduler cycle for a pod against the cluster in FILE and "
                                          "show every node's filter result, plugin scores and total.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--pod", required=True, metavar="NS/NAME", help="the pod (namespace/name; namespace defaults "
                                                                    "to 'default')")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--scoring-strategy", choices=("LeastAllocated", "MostAllocated"), default="LeastAllocated",
                   help="NodeResourcesFit scoring strategy (default LeastAllocated)")
    p.add_argument("--seed", type=int, default=0, help="seed for breaking ties between equal nodes")
    p.set_defaults(func=run)


def parse_pod(text: str):
    """'ns/name' or 'name' -> (ns, name); raises ValueError when malformed."""
    parts = text.split("/")
    if len(parts) == 1 and parts[0]:
        return "default", parts[0]
    if len(parts) == 2 and all(parts):
        return parts[0], parts[1]
    raise ValueError(f"--pod {text!r}: expected NAMESPACE/NAME")


def format_table(result, weights=None) -> str:
    """A fixed-width table: NODE, FILTER, one column per score plugin, TOTAL; then how TOTAL is weighted."""
    plugins = []
    for n in result.nodes:
        for name in n.scores:
            if name not in plugins:
                plugins.append(name)
    headers = ["NODE", "FILTER"] + [SHORT.get(p, p) for p in plugins] + ["TOTAL"]
    rows = []
    for n in result.nodes:
        if n.passed:
            verdict = "passed"
            cells = [str(n.scores.get(p, "")) for p in plugins] + [str(n.total)]
        else:
            verdict = f"{n.plugin}: {'; '.join(n.reasons)}"
            cells = ["-"] * len(plugins) + ["-"]
        rows.append([n.name, verdict] + cells)
    widths = [max(len(r[i]) for r in rows + [headers]) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
             for r in [headers] + rows]
    if plugins:
        weights = weights or {}
        lines.append("")
        lines.append("Scores are 0-100 per plugin after normalization; TOTAL = "
                     + " + ".join(f"{weights.get(p, 1)}*{SHORT.get(p, p)}" for p in plugins) + ".")
        lines.append("(" + ", ".join(f"{SHORT.get(p, p)}={p}" for p in plugins) + ")")
    return "\n".join(lines)


def run(args) -> int:
    from explorer.cli.loading import load_or_report
    from explorer.sim.scheduler import SchedulerConfig, explain_pod

    try:
        namespace, name = parse_pod(args.pod)
    except ValueError as exc:
        print(f"k8s-explorer explain: {exc}", file=sys.stderr)
        return 2
    cluster = load_or_report(args.file, warnings=False)
    if cluster is None:
        return 1
    config = SchedulerConfig(scoring_strategy=args.scoring_strategy)
    try:
        result = explain_pod(cluster, namespace, name, config, seed=args.seed)
    except LookupError as exc:
        print(f"{args.file}: {exc.args[0]}", file=sys.stderr)
        return 1
    if args.json:
        json.dump(result.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"Pod {result.pod}")
    print()
    print(format_table(result, config.weights))
    print()
    if result.selected:
        print(f"Selected: {result.selected}")
        print(f"Event: Normal Scheduled: Successfully assigned {result.pod} to {result.selected}")
    else:
        print(f"Event: Warning FailedScheduling: {result.message}")
    return 0
