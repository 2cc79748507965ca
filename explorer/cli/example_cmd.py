"""``k8s-explorer example [-o FILE] [--manifests]``: write the built-in example cluster.

The example is what the app opens with: 1 control-plane node, 3 workers, an API Deployment (3 replicas) behind
a ClusterIP Service, MySQL behind an internal ClusterIP Service and an NGINX Ingress exposing only the API.
"""

from __future__ import annotations

import sys

from explorer.cli.saving import save_or_report


def register(subparsers) -> None:
    p = subparsers.add_parser("example", help="write the built-in example cluster as a topology file",
                              description="Write the built-in example cluster (the one the app opens with) "
                                          "as a topology file, or as apply-ready manifests.")
    p.add_argument("-o", "--output", metavar="FILE", default="-", help="output file (default: stdout)")
    p.add_argument("--manifests", action="store_true", help="only what `kubectl apply -f` needs")
    p.set_defaults(func=run)


def run(args) -> int:
    from explorer.io import dump_manifests, dump_topology
    from explorer.model import example_cluster

    cluster = example_cluster()
    if args.output == "-":
        sys.stdout.write(dump_manifests(cluster) if args.manifests else dump_topology(cluster))
        return 0
    if args.manifests:
        from explorer.io.atomic import write_atomic
        try:
            write_atomic(args.output, dump_manifests(cluster).encode())
        except OSError as exc:
            print(f"k8s-explorer: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    elif save_or_report(cluster, args.output):
        return 1
    print(f"wrote {args.output}")
    return 0
