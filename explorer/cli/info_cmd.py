"""``k8s-explorer info FILE``: what a topology holds: objects per kind, nodes (control plane and workers),
pods, the pod and service CIDRs and the NodePort range. ``--json`` for machine-readable output.

Exit status 1 when the file has errors (they are printed, nothing else).
"""

from __future__ import annotations

import json


def register(subparsers) -> None:
    p = subparsers.add_parser("info", help="summarise a topology: objects, nodes, pods, CIDRs",
                              description="Summarise a topology file: objects per kind, nodes, pods, "
                                          "network ranges.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def summary(cluster) -> dict:
    """The facts ``info`` prints, as a dict."""
    nodes = cluster.nodes()
    control = [n.name for n in nodes if n.is_control_plane]
    pods = cluster.pods()
    static = sum(1 for p in pods if p.is_static)
    net = cluster.network
    low, high = net.node_port_range
    return {
        "cluster": net.cluster_name,
        "kubernetesVersion": net.kubernetes_version,
        "objects": len(cluster),
        "kinds": dict(sorted(cluster.kinds().items())),
        "nodes": {"total": len(nodes), "controlPlane": len(control), "workers": len(nodes) - len(control),
                  "controlPlaneNames": control},
        "pods": {"total": len(pods), "static": static, "other": len(pods) - static,
                 "deploymentReplicas": sum(d.replicas for d in cluster.objects("Deployment")
                                           if isinstance(d.replicas, int))},
        "namespaces": cluster.namespaces(),
        "podCIDR": net.pod_cidr,
        "nodeCIDRMaskSize": net.node_cidr_mask_size,
        "maxNodes": net.max_nodes,
        "serviceCIDR": net.service_cidr,
        "nodePortRange": f"{low}-{high}",
        "loadBalancerPool": net.load_balancer_pool,
        "dnsDomain": net.dns_domain,
    }


def render(s: dict, file: str) -> str:
    width = max((len(k) for k in s["kinds"]), default=4)
    lines = [f"{file}: cluster {s['cluster']!r}, Kubernetes {s['kubernetesVersion']}",
             f"Objects: {s['objects']}"]
    lines += [f"  {kind:<{width}}  {count}" for kind, count in s["kinds"].items()]
    n, p = s["nodes"], s["pods"]
    cp = f": {', '.join(n['controlPlaneNames'])};" if n["controlPlaneNames"] else ","
    lines += [
        f"Nodes: {n['total']} ({n['controlPlane']} control-plane{cp} {n['workers']} workers)",
        f"Pods: {p['total']} ({p['static']} static control-plane, {p['other']} other); "
        f"Deployments want {p['deploymentReplicas']} replicas",
        f"Namespaces: {', '.join(s['namespaces']) or '-'}",
        f"Pod CIDR: {s['podCIDR']} (a /{s['nodeCIDRMaskSize']} per node, room for {s['maxNodes']} nodes)",
        f"Service CIDR: {s['serviceCIDR']}",
        f"NodePort range: {s['nodePortRange']}",
        f"LoadBalancer pool: {s['loadBalancerPool']}",
        f"DNS domain: {s['dnsDomain']}",
    ]
    return "\n".join(lines)


def run(args) -> int:
    from explorer.cli.loading import load_or_report

    cluster = load_or_report(args.file)
    if cluster is None:
        return 1
    s = summary(cluster)
    if args.json:
        print(json.dumps(s, indent=2))
    else:
        print(render(s, args.file))
    return 0
