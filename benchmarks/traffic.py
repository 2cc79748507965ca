"""Traffic benchmarks (issue 6, target 4): `python -m benchmarks.traffic [--quick]`.

Builds a seeded synthetic running cluster (nodes in zones, namespaces, Deployments' pods with IPs, ClusterIP
Services with EndpointSlices, an NGINX controller behind a LoadBalancer, Ingresses, NetworkPolicies) and
prints, for each figure, the value, its target and the ratio to a baseline measured in the same run:

* single trace latency (median) -- target <= 1 ms; baseline: building the router for that one trace
  (what `route()` without a reused Router costs);
* aggregate requests/s for 1,000,000 requests -- target >= 1,000,000/s; baseline: per-request mode;
* reachability summary time -- target <= 10 s at 150,000 pods; baseline: the naive pod x pod policy check,
  timed on a sample of pairs and extrapolated to all pairs.

--quick uses 15,000 pods (500 nodes); the default is 150,000 pods on 5,000 nodes (needs ~3 GB of RAM).
The generated cluster is moved out of the cyclic GC's reach with ``gc.freeze()`` (it is long-lived data).
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import statistics
import sys
import time

from explorer.model import Cluster
from explorer.net import LoadGenerator, Router, reachability_summary
from explorer.net.policy import Peer, PolicyEngine


def synthetic(pods: int, seed: int = 0, deployments: int = 1000, namespaces: int = 50) -> Cluster:
    """A running cluster with ``pods`` pods (30 per node), ``deployments`` Deployments' worth of pods with
    one ClusterIP Service each, 100 Ingresses of 10 hosts, and per namespace: default-deny ingress, allow
    from the same namespace's frontends, allow from the ingress controller, and one ipBlock rule."""
    rng = random.Random(seed)
    n_nodes = max(3, pods // 30)
    objs: list[dict] = []
    zones = ["zone-a", "zone-b", "zone-c"]
    for i in range(n_nodes):
        objs.append({"apiVersion": "v1", "kind": "Node", "metadata": {"name": f"node-{i}", "labels": {
            "kubernetes.io/hostname": f"node-{i}", "topology.kubernetes.io/zone": zones[i % 3]}},
            "spec": {"podCIDR": f"10.{64 + i // 256}.{i % 256}.0/24"},
            "status": {"addresses": [{"type": "InternalIP", "address": f"172.{16 + i // 65536}.{i // 256 % 256}.{i % 256}"}],
                       "conditions": [{"type": "Ready", "status": "True"}]}})
    next_ip = [2] * n_nodes

    def place(ns, name, labels, ports):
        node = rng.randrange(n_nodes)
        k = next_ip[node]
        next_ip[node] += 1
        ip = f"10.{64 + node // 256}.{node % 256}.{k}"
        objs.append({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns, "labels": labels},
                     "spec": {"nodeName": f"node-{node}", "containers": [{"name": "c", "image": "app:1", "ports": [
                         {"containerPort": p, "name": pn} for p, pn in ports]}]},
                     "status": {"phase": "Running", "podIP": ip,
                                "conditions": [{"type": "Ready", "status": "True"}]}})
        return ip, f"node-{node}", name

    objs.append({"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
                 "metadata": {"name": "nginx", "annotations": {"ingressclass.kubernetes.io/is-default-class": "true"}},
                 "spec": {"controller": "k8s.io/ingress-nginx"}})
    ctrl_labels = {"app.kubernetes.io/name": "ingress-nginx"}
    ctrl_eps = [place("ingress-nginx", f"ingress-nginx-controller-{i}", dict(ctrl_labels), [(80, "http")])
                for i in range(3)]
    services = []
    per_dep = max(1, (pods - 3) // deployments)
    for d in range(deployments):
        ns = f"ns-{d % namespaces}"
        tier = "frontend" if d % 4 == 0 else "backend"
        labels = {"app": f"app-{d}", "tier": tier, "pod-template-hash": f"{d:08x}"}
        eps = [place(ns, f"app-{d}-{r}", dict(labels), [(8080, "http")]) for r in range(per_dep)]
        services.append((ns, f"app-{d}", f"10.96.{(d + 20) // 256}.{(d + 20) % 256}", eps))
    services.append(("ingress-nginx", "ingress-nginx-controller", "10.96.0.11", ctrl_eps))
    for ns, name, cip, eps in services:
        lb = name == "ingress-nginx-controller"
        svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": ns},
               "spec": {"type": "LoadBalancer" if lb else "ClusterIP", "clusterIP": cip,
                        "selector": ctrl_labels if lb else {"app": name},
                        "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP",
                                   **({"nodePort": 30080} if lb else {})}]}}
        if lb:
            svc["status"] = {"loadBalancer": {"ingress": [{"ip": "203.0.113.10"}]}}
        objs.append(svc)
        objs.append({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
                     "metadata": {"name": f"{name}-x", "namespace": ns, "labels": {"kubernetes.io/service-name": name}},
                     "endpoints": [{"addresses": [ip], "conditions": {"ready": True}, "nodeName": node,
                                    "targetRef": {"kind": "Pod", "namespace": ns, "name": pod}} for ip, node, pod in eps],
                     "ports": [{"name": "http", "port": 8080 if not lb else 80, "protocol": "TCP"}]})
    for i in range(100):
        rules = []
        for h in range(10):
            d = (i * 10 + h) % deployments
            rules.append({"host": f"h{i}-{h}.example.com", "http": {"paths": [
                {"path": "/api", "pathType": "Prefix", "backend": {"service": {"name": f"app-{d}", "port": {"number": 80}}}},
                {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": f"app-{d}", "port": {"number": 80}}}}]}})
        ns = f"ns-{(i * 10) % namespaces}"
        # backends must live in the Ingress's namespace: use deployments of that namespace
        for r, h in zip(rules, range(10)):
            nsi = (i * 10) % namespaces
            frontends = [d for d in range(nsi, deployments, namespaces) if d % 4 == 0]
            d = frontends[h % len(frontends)] if frontends else nsi
            for p in r["http"]["paths"]:
                p["backend"]["service"]["name"] = f"app-{d}"
        objs.append({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": f"ing-{i}", "namespace": ns},
                     "spec": {"ingressClassName": "nginx", "rules": rules}})
    for n in range(namespaces):
        ns = f"ns-{n}"
        objs.append({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": {
            "kubernetes.io/metadata.name": ns, "team": f"team-{n % 10}"}}})
        base = {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy"}
        objs.append(base | {"metadata": {"name": "default-deny", "namespace": ns},
                            "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}})
        objs.append(base | {"metadata": {"name": "from-frontends", "namespace": ns},
                            "spec": {"podSelector": {"matchLabels": {"tier": "backend"}}, "policyTypes": ["Ingress"],
                                     "ingress": [{"from": [{"podSelector": {"matchLabels": {"tier": "frontend"}}}],
                                                  "ports": [{"port": "http"}]}]}})
        objs.append(base | {"metadata": {"name": "from-ingress", "namespace": ns},
                            "spec": {"podSelector": {"matchLabels": {"tier": "frontend"}}, "policyTypes": ["Ingress"],
                                     "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {
                                         "kubernetes.io/metadata.name": "ingress-nginx"}}}]}]}})
        objs.append(base | {"metadata": {"name": "from-team", "namespace": ns},
                            "spec": {"podSelector": {"matchLabels": {"app": f"app-{n}"}}, "policyTypes": ["Ingress", "Egress"],
                                     "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"team": f"team-{n % 10}"}},
                                                            "podSelector": {"matchLabels": {"tier": "frontend"}}},
                                                           {"ipBlock": {"cidr": "10.64.0.0/12", "except": ["10.64.0.0/16"]}}],
                                                  "ports": [{"port": 8000, "endPort": 9000}]}],
                                     "egress": [{"to": [{"namespaceSelector": {}}]}]}})
    cluster = Cluster()
    cluster.add_many(objs, validate=False)
    return cluster


def timed(fn, repeat: int = 1):
    times = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def routes_for(cluster: Cluster, rng: random.Random, count: int) -> list:
    pods = [p for p in cluster.pods() if p.namespace.startswith("ns-")]
    out = []
    for i in range(count):
        if i % 2 == 0:
            ing = rng.randrange(100)
            out.append(("internet", f"http://h{ing}-{rng.randrange(10)}.example.com/api/items/{i}"))
        else:
            src = rng.choice(pods)
            ns_index = int(src.namespace.split("-")[1])
            dep = rng.randrange(20) * 50 + ns_index          # a Service of the source's namespace
            out.append((f"{src.namespace}/{src.name}", f"http://app-{dep}/"))
    return out


def line(name: str, value: str, target: str, ratio_txt: str) -> None:
    print(f"{name:<34} {value:>16}   target {target:<14} {ratio_txt}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.traffic", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="15,000 pods instead of 150,000 (well under a minute)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    pods = 15_000 if args.quick else 150_000
    print(f"traffic benchmark: {pods:,} pods, Python {platform.python_version()}, {platform.machine()}, "
          f"{platform.processor() or platform.system()}")
    gen_s, cluster = timed(lambda: synthetic(pods, args.seed))
    gc.collect()
    gc.freeze()   # the cluster lives for the whole run: keep the cyclic GC from rescanning it (as the app may)
    print(f"  (synthetic cluster generated in {gen_s:.1f} s: {len(cluster.nodes()):,} nodes, "
          f"{len(cluster.pods()):,} pods, {len(cluster.objects('Service')):,} services, "
          f"{len(cluster.objects('Ingress')):,} ingresses, {len(cluster.objects('NetworkPolicy')):,} policies)")
    rng = random.Random(args.seed)

    # 1. single trace
    build_s, router = timed(lambda: Router(cluster, seed=args.seed))
    routes = routes_for(cluster, rng, 400)
    per = []
    statuses: dict = {}
    for src, url in routes:
        t = time.perf_counter()
        trace = router.route(src, url)
        per.append(time.perf_counter() - t)
        statuses[trace.result["status"]] = statuses.get(trace.result["status"], 0) + 1
    trace_s = statistics.median(per)
    line("single trace (median)", f"{trace_s * 1e3:.3f} ms", "<= 1 ms",
         f"x{build_s / trace_s:,.0f} faster than building a router per trace ({build_s:.2f} s); "
         f"{'MET' if trace_s <= 1e-3 else 'NOT MET'}; statuses {statuses}")

    # 2. aggregate load
    gen = LoadGenerator(cluster, seed=args.seed)
    for src, url in routes[:20]:
        gen.add(src, url)
    gen.view = router.view
    first_s, _ = timed(lambda: gen.run(1_000_000, aggregate=True))
    agg_s, report = timed(lambda: gen.run(1_000_000, aggregate=True), repeat=3)
    per_n = 2000
    per_s, _ = timed(lambda: gen.run(per_n))
    per_rate = per_n / per_s
    agg_rate = 1_000_000 / agg_s
    line("aggregate load, 1M requests", f"{agg_rate:,.0f} req/s", ">= 1,000,000/s",
         f"x{agg_rate / per_rate:,.0f} vs per-request mode ({per_rate:,.0f} req/s); first run incl. "
         f"enumeration {1_000_000 / first_s:,.0f} req/s; {'MET' if agg_rate >= 1e6 else 'NOT MET'}")

    # 3. reachability summary
    reach_s, summary = timed(lambda: reachability_summary(cluster, 8080))
    engine = PolicyEngine(cluster.objects("NetworkPolicy"))
    ns_labels = {n.name: {"kubernetes.io/metadata.name": n.name, **n.labels} for n in cluster.objects("Namespace")}
    running = [p for p in cluster.pods() if p.pod_ip]
    sample = 3000
    t = time.perf_counter()
    for _ in range(sample):
        a, b = rng.choice(running), rng.choice(running)
        engine.connection(Peer(a.pod_ip, a, ns_labels.get(a.namespace, {})),
                          Peer(b.pod_ip, b, ns_labels.get(b.namespace, {})), 8080)
    naive_s = (time.perf_counter() - t) / sample * len(running) ** 2
    verdict = ("target applies at 150,000 pods: run without --quick" if args.quick
               else "MET" if reach_s <= 10.0 else "NOT MET")
    line("reachability summary", f"{reach_s:.2f} s", "<= 10 s @150k",
         f"x{naive_s / reach_s:,.0f} vs naive pod x pod ({naive_s / 3600:,.1f} h extrapolated); "
         f"{len(summary.groups):,} groups; {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
