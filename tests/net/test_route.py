"""route(): whole results for each Ingress, Service and NetworkPolicy rule, on small hand-built clusters."""

import pytest

from explorer.net import Router, build_graph, route
from tests.net.fixtures import small, with_coredns

LB = "203.0.113.10"   # NGINX controller's LoadBalancer IP in small()
W1, W2, W3 = "192.168.56.11", "192.168.56.12", "192.168.56.13"


def res(status, ingress=None, rule=None, service=None, pod=None, reason=""):
    return {"status": status, "ingress": ingress, "rule": rule, "service": service, "pod": pod, "reason": reason}


def rule(host, path, path_type="Prefix"):
    return {"host": host, "path": path, "pathType": path_type}


SHOP_RULES = [("shop.example.com", "/api", "Prefix", "api", 80), ("shop.example.com", "/", "Prefix", "web", 80)]


def shop_ingress(net, **kw):
    return net.ingress("shop", "shop", SHOP_RULES, **kw)


def nodeport_controller(net):
    """small() with the NGINX controller Service as a NodePort (no load-balancer IP)."""
    svc = net._svc("ingress-nginx", "ingress-nginx-controller")
    svc["spec"]["type"] = "NodePort"
    del svc["status"]
    return net


def nothing(net):
    return net


def not_ready_api(net):
    for p in net.pods:
        if p["metadata"]["name"] == "api-0":
            p["status"]["conditions"][0]["status"] = "False"
    return shop_ingress(net)


def two_controllers(net):
    net.controller("traefik", nodes=("worker-3",), lb_ip="203.0.113.20", default=False)
    return net.ingress("shop", "tr", [("t.example.com", "/", "Prefix", "web", 80)], class_name="traefik")


def lb_service(etp):
    def build(net):
        return net.service("shop", "front", {"app": "web"}, 80, 80, "LoadBalancer", lb_ip="203.0.113.30", etp=etp)
    return build


def nodeport(etp):
    def build(net):
        return net.service("shop", "np", {"app": "web"}, 80, 80, "NodePort", etp=etp)
    return build


def itp_local(net):
    return net.service("shop", "local", {"app": "web"}, 80, 80, itp="Local")


def policy(*args, **kw):
    def build(net):
        shop_ingress(net)
        return net.policy(*args, **kw)
    return build


def np_with_ipblock(etp, cidr):
    def build(net):
        nodeport(etp)(net)
        return net.policy("shop", "ext", {"app": "web"}, ingress=[{"from": [{"ipBlock": {"cidr": cidr}}]}])
    return build


ROUTES = {
    # --- Ingress -----------------------------------------------------------------------------------------
    "ingress-prefix-longest-wins": (shop_ingress, "internet", "http://shop.example.com/api/x", {},
        res(200, "shop/shop", rule("shop.example.com", "/api"), "shop/api", "shop/api-0", "served by pod shop/api-0")),
    "ingress-prefix-element-wise": (shop_ingress, "internet", "http://shop.example.com/apix", {},
        res(200, "shop/shop", rule("shop.example.com", "/"), "shop/web", "shop/web-0", "served by pod shop/web-0")),
    "ingress-exact-beats-prefix": (lambda n: n.ingress("shop", "s", [("s.io", "/api", "Prefix", "api", 80),
                                                                     ("s.io", "/api", "Exact", "web", 80)]),
        "internet", "http://s.io/api", {},
        res(200, "shop/s", rule("s.io", "/api", "Exact"), "shop/web", "shop/web-0", "served by pod shop/web-0")),
    "ingress-exact-no-subpath": (lambda n: n.ingress("shop", "s", [("s.io", "/api", "Exact", "api", 80)]),
        "internet", "http://s.io/api/x", {},
        res(404, reason="no Ingress rule matches s.io/api/x (controller's default backend)")),
    "ingress-wildcard-one-label": (lambda n: n.ingress("shop", "w", [("*.example.com", "/", "Prefix", "web", 80)]),
        "internet", "http://a.example.com/", {},
        res(200, "shop/w", rule("*.example.com", "/"), "shop/web", "shop/web-0", "served by pod shop/web-0")),
    "ingress-wildcard-not-two-labels": (lambda n: n.ingress("shop", "w", [("*.example.com", "/", "Prefix", "web", 80)]),
        "internet", f"http://{LB}/", {"host": "b.a.example.com"},
        res(404, reason="no Ingress rule matches b.a.example.com/ (controller's default backend)")),
    "ingress-wildcard-not-apex": (lambda n: n.ingress("shop", "w", [("*.example.com", "/", "Prefix", "web", 80)]),
        "internet", f"http://{LB}/", {"host": "example.com"},
        res(404, reason="no Ingress rule matches example.com/ (controller's default backend)")),
    "ingress-default-backend": (lambda n: n.ingress("shop", "d", [("s.io", "/api", "Prefix", "api", 80)],
                                                    default_backend=("web", 80)),
        "internet", "http://s.io/other", {},
        res(200, "shop/d", None, "shop/web", "shop/web-0", "served by pod shop/web-0")),
    "ingress-no-endpoints-503": (not_ready_api, "internet", "http://shop.example.com/api", {},
        res(503, "shop/shop", rule("shop.example.com", "/api"), "shop/api",
            reason="backend Service shop/api has no ready endpoints")),
    "ingress-missing-service-503": (lambda n: n.ingress("shop", "m", [("s.io", "/", "Prefix", "gone", 80)]),
        "internet", "http://s.io/", {},
        res(503, "shop/m", rule("s.io", "/"), "shop/gone", reason="backend Service shop/gone does not exist")),
    "ingress-default-class-annotation": (lambda n: shop_ingress(n, class_name=None),
        "internet", "http://shop.example.com/", {},
        res(200, "shop/shop", rule("shop.example.com", "/"), "shop/web", "shop/web-0", "served by pod shop/web-0")),
    "ingress-class-picks-controller": (two_controllers, "internet", "http://t.example.com/", {},
        res(200, "shop/tr", rule("t.example.com", "/"), "shop/web", "shop/web-0", "served by pod shop/web-0")),
    "ingress-other-class-not-served": (two_controllers, "internet", f"http://{LB}/", {"host": "t.example.com"},
        res(404, reason="no Ingress rule matches t.example.com/ (controller's default backend)")),
    "ingress-nginx-regex": (lambda n: n.ingress("shop", "r", [("s.io", "/api/v[0-9]+", "ImplementationSpecific",
                                                               "api", 80)]),
        "internet", "http://s.io/api/v2/users", {},
        res(200, "shop/r", rule("s.io", "/api/v[0-9]+", "ImplementationSpecific"), "shop/api", "shop/api-0",
            "served by pod shop/api-0")),
    "ingress-unknown-host-nxdomain": (shop_ingress, "internet", "http://nope.example.com/", {},
        res("refused", reason="could not resolve host nope.example.com")),
    "ingress-controller-behind-nodeport": (lambda n: shop_ingress(nodeport_controller(n)), "internet",
        "http://shop.example.com/api", {},
        res(200, "shop/shop", rule("shop.example.com", "/api"), "shop/api", "shop/api-0", "served by pod shop/api-0")),
    "headless-without-endpoints-nxdomain": (lambda n: n.service("shop", "none", {"app": "x"}, headless=True),
        "default/client", "http://none.shop/", {},
        res("refused", service=None, reason="could not resolve none.shop: headless Service shop/none has no ready "
                                            "endpoints")),
    "ingress-from-pod-hairpin": (shop_ingress, "default/client", "http://shop.example.com/api", {},
        res(200, "shop/shop", rule("shop.example.com", "/api"), "shop/api", "shop/api-0", "served by pod shop/api-0")),
    # --- Services: addressing from a pod -----------------------------------------------------------------
    "dns-short-name-in-namespace": (nothing, "shop/shell", "http://api/", {},
        res(200, service="shop/api", pod="shop/api-0", reason="served by pod shop/api-0")),
    "dns-short-name-other-namespace": (nothing, "default/client", "http://api/", {},
        res("refused", reason="could not resolve host api")),
    "dns-svc-dot-ns": (nothing, "default/client", "http://api.shop/", {},
        res(200, service="shop/api", pod="shop/api-0", reason="served by pod shop/api-0")),
    "dns-fqdn": (nothing, "default/client", "http://api.shop.svc.cluster.local/", {},
        res(200, service="shop/api", pod="shop/api-0", reason="served by pod shop/api-0")),
    "cluster-ip": (nothing, "default/client", "http://10.96.0.21:80/", {},
        res(200, service="shop/api", pod="shop/api-0", reason="served by pod shop/api-0")),
    "cluster-ip-wrong-port": (nothing, "default/client", "http://10.96.0.21:81/", {},
        res("refused", service="shop/api", reason="Service shop/api has no port 81; nothing answers on 10.96.0.21:81")),
    "pod-ip": (nothing, "default/client", "http://10.244.2.3/", {},
        res(200, pod="shop/web-0", reason="served by pod shop/web-0")),
    "pod-ip-not-listening": (nothing, "default/client", "http://10.244.2.3:9000/", {},
        res("refused", reason="connection refused: pod shop/web-0 does not listen on 9000")),
    "service-no-endpoints": (lambda n: n.service("shop", "empty", {"app": "none"}), "default/client",
        "http://empty.shop/", {},
        res("refused", service="shop/empty", reason="connection refused: Service shop/empty has no ready endpoints")),
    "headless-resolves-to-pod": (lambda n: n.service("shop", "db", {"app": "web"}, headless=True), "default/client",
        "http://db.shop/", {}, res(200, service="shop/db", pod="shop/web-0", reason="served by pod shop/web-0")),
    "target-port-by-name": (nothing, "default/client", "http://api.shop/", {},
        res(200, service="shop/api", pod="shop/api-0", reason="served by pod shop/api-0")),
    # --- Services: from the internet ---------------------------------------------------------------------
    "internet-cluster-ip-unroutable": (nothing, "internet", "http://10.96.0.21/", {},
        res("dropped", reason="10.96.0.21 is a ClusterIP, reachable only from inside the cluster")),
    "internet-pod-ip-unroutable": (nothing, "internet", "http://10.244.2.3/", {},
        res("dropped", reason="10.244.2.3 is a pod IP, reachable only from inside the cluster")),
    "lb-cluster-policy": (lb_service(None), "internet", "http://203.0.113.30/", {},
        res(200, service="shop/front", pod="shop/web-0", reason="served by pod shop/web-0")),
    "lb-local-policy-health-checked": (lb_service("Local"), "internet", "http://203.0.113.30/", {},
        res(200, service="shop/front", pod="shop/web-0", reason="served by pod shop/web-0")),
    "nodeport-cluster-any-node": (nodeport(None), "internet", f"http://{W3}:30082/", {},
        res(200, service="shop/np", pod="shop/web-0", reason="served by pod shop/web-0")),
    "nodeport-local-node-without-endpoint": (nodeport("Local"), "internet", f"http://{W3}:30082/", {},
        res("dropped", service="shop/np",
            reason="externalTrafficPolicy Local and no ready endpoint of shop/np on node worker-3")),
    "nodeport-local-node-with-endpoint": (nodeport("Local"), "internet", f"http://{W2}:30082/", {},
        res(200, service="shop/np", pod="shop/web-0", reason="served by pod shop/web-0")),
    "nodeport-unknown-port": (nothing, "internet", f"http://{W2}:31999/", {},
        res("refused", reason="connection refused: no NodePort 31999 on node worker-2")),
    "internal-traffic-policy-local-without": (itp_local, "default/client", "http://local.shop/", {},
        res("dropped", service="shop/local",
            reason="internalTrafficPolicy Local and no ready endpoint of shop/local on node worker-1")),
    "unknown-ip": (nothing, "default/client", "http://172.16.9.9/", {},
        res("dropped", reason="no route to 172.16.9.9: not a node, pod, ClusterIP or LoadBalancer IP of this cluster")),
    # --- NetworkPolicy -----------------------------------------------------------------------------------
    "policy-denies-ingress": (policy("shop", "deny", {"app": "api"}), "default/client", "http://api.shop/", {},
        res("dropped", service="shop/api",
            reason="NetworkPolicy denies ingress to shop/api-0 from default/client TCP/8080")),
    "policy-allows-controller-namespace": (policy("shop", "from-ingress", {"app": "api"}, ingress=[{"from": [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}]}]),
        "internet", "http://shop.example.com/api", {},
        res(200, "shop/shop", rule("shop.example.com", "/api"), "shop/api", "shop/api-0", "served by pod shop/api-0")),
    "policy-blocks-controller": (policy("shop", "deny", {"app": "api"}), "internet", "http://shop.example.com/api", {},
        res("dropped", "shop/shop", rule("shop.example.com", "/api"), "shop/api",
            reason="NetworkPolicy denies ingress to shop/api-0 from ingress-nginx/ingress-nginx-controller-0 "
                   "TCP/8080")),
    "policy-denies-egress": (policy("default", "no-out", {"app": "client"}, types=("Egress",)),
        "default/client", "http://api.shop/", {},
        res("dropped", service="shop/api",
            reason="NetworkPolicy denies egress from default/client to shop/api-0 TCP/8080")),
    "egress-applies-through-nodeport-snat": (lambda n: nodeport(None)(n).policy("default", "no-out", {"app": "client"},
                                                                              types=("Egress",)),
        "default/client", f"http://{W3}:30082/", {},
        res("dropped", service="shop/np",
            reason="NetworkPolicy denies egress from default/client to shop/web-0 TCP/80")),
    "egress-isolation-blocks-dns": (lambda n: with_coredns(n).policy("default", "web-only", {"app": "client"},
                                                                     types=("Egress",), egress=[{"ports": [{"port": 80}]}]),
        "default/client", "http://web.shop/", {},
        res("dropped", reason="DNS lookup of web.shop blocked: NetworkPolicy denies egress from default/client to "
                              "CoreDNS on UDP/53")),
    "egress-isolation-ip-needs-no-dns": (lambda n: with_coredns(n).policy("default", "web-only", {"app": "client"},
                                                                          types=("Egress",),
                                                                          egress=[{"ports": [{"port": 80}]}]),
        "default/client", "http://10.96.0.22/", {},
        res(200, service="shop/web", pod="shop/web-0", reason="served by pod shop/web-0")),
    "egress-allows-dns-and-web": (lambda n: with_coredns(n).policy("default", "web-dns", {"app": "client"},
        types=("Egress",), egress=[{"ports": [{"port": 80}]}, {"to": [{"namespaceSelector": {"matchLabels": {
            "kubernetes.io/metadata.name": "kube-system"}}}], "ports": [{"port": 53, "protocol": "UDP"}]}]),
        "default/client", "http://web.shop/", {},
        res(200, service="shop/web", pod="shop/web-0", reason="served by pod shop/web-0")),
    "policy-named-port": (policy("shop", "http-only", {"app": "api"}, ingress=[{"ports": [{"port": "http"}]}]),
        "default/client", "http://api.shop/", {},
        res(200, service="shop/api", pod="shop/api-0", reason="served by pod shop/api-0")),
    "ipblock-sees-node-ip-with-cluster-policy": (np_with_ipblock(None, "198.51.100.0/24"), "internet",
        f"http://{W2}:30082/", {},
        res("dropped", service="shop/np", reason="NetworkPolicy denies ingress to shop/web-0 from 192.168.56.12 TCP/80")),
    "ipblock-sees-client-ip-with-local-policy": (np_with_ipblock("Local", "198.51.100.0/24"), "internet",
        f"http://{W2}:30082/", {},
        res(200, service="shop/np", pod="shop/web-0", reason="served by pod shop/web-0")),
    "pod-to-itself-always-allowed": (policy("shop", "deny", {"app": "web"}, types=("Ingress", "Egress")),
        "shop/web-0", "http://10.244.2.3/", {}, res(200, pod="shop/web-0", reason="served by pod shop/web-0")),
}


@pytest.mark.parametrize("build, source, url, kw, expected", list(ROUTES.values()), ids=list(ROUTES))
def test_route(build, source, url, kw, expected):
    cluster = build(small()).build()
    assert route(cluster, source, url, **kw).result == expected


@pytest.mark.parametrize("build, source, url, kw, expected", list(ROUTES.values()), ids=list(ROUTES))
def test_trace_is_a_walk_over_the_graph(build, source, url, kw, expected):
    cluster = build(small()).build()
    g = build_graph(cluster)
    path = route(cluster, source, url, **kw).path
    assert [(a, b) for a, b in zip(path, path[1:]) if not g.has_edge(a, b)] == []


def test_endpoints_derived_from_selectors_without_slices():
    cluster = shop_ingress(small()).build(slices=False)
    assert route(cluster, "internet", "http://shop.example.com/api").result == \
        res(200, "shop/shop", rule("shop.example.com", "/api"), "shop/api", "shop/api-0", "served by pod shop/api-0")


def test_trace_text_reads_hop_by_hop():
    cluster = shop_ingress(small()).build()
    assert route(cluster, "internet", "http://shop.example.com/api/x").to_text() == TEXT


TEXT = """\
internet -> http://shop.example.com/api/x: 200 (served by pod shop/api-0)
  via ingress shop/shop rule shop.example.com/api (Prefix) -> service shop/api -> pod shop/api-0
   1. client              internet 198.51.100.7: GET http://shop.example.com/api/x
   2. dns                 public DNS: shop.example.com -> 203.0.113.10
                          rule: Ingress shop/shop names host shop.example.com; its address is the NGINX controller's LoadBalancer IP (Service ingress-nginx/ingress-nginx-controller)
   3. load-balancer       203.0.113.10:80: forward to node worker-2 (192.168.56.12:30080), one of 3 healthy nodes
                          rule: Service ingress-nginx/ingress-nginx-controller type LoadBalancer; externalTrafficPolicy Cluster: every Ready worker node is a healthy target
   4. node                worker-2 (192.168.56.12): packet arrives for 203.0.113.10:80
   5. kube-proxy          worker-2: DNAT 203.0.113.10:80 -> 10.244.1.2:80 (pod ingress-nginx/ingress-nginx-controller-0 on worker-1)
                          rule: Service ingress-nginx/ingress-nginx-controller port 80 -> targetPort http (= 80 on this pod); externalTrafficPolicy Cluster; the only ready endpoint
   6. kube-proxy          worker-2: SNAT source 198.51.100.7 -> 192.168.56.12 (node worker-2)
                          rule: externalTrafficPolicy Cluster masquerades external traffic
   7. node                worker-2: route 10.244.1.2 via the overlay to worker-1
                          rule: 10.244.1.2 is in worker-1's pod CIDR 10.244.1.0/24
   8. overlay             192.168.56.12 -> 192.168.56.11: encapsulate 192.168.56.12 -> 10.244.1.2 from worker-2 to worker-1
                          rule: CNI overlay network (VXLAN)
   9. node                worker-1: deliver to pod ingress-nginx/ingress-nginx-controller-0 (10.244.1.2)
  10. network-policy      ingress of ingress-nginx/ingress-nginx-controller-0: allow
                          rule: no NetworkPolicy selects ingress-nginx/ingress-nginx-controller-0 for Ingress: not isolated
  11. ingress-controller  NGINX controller ingress-nginx/ingress-nginx-controller-0: host shop.example.com, path prefix /api matched /api/x -> Service shop/api:80
                          rule: Ingress shop/shop (ingressClassName nginx, controller k8s.io/ingress-nginx)
  12. ingress-controller  NGINX controller ingress-nginx/ingress-nginx-controller-0: proxy to endpoint 10.244.2.2:8080 (pod shop/api-0)
                          rule: controllers send to the Service's endpoints directly (not via the ClusterIP); the only ready endpoint
  13. network-policy      egress of ingress-nginx/ingress-nginx-controller-0: allow
                          rule: no NetworkPolicy selects ingress-nginx/ingress-nginx-controller-0 for Egress: not isolated
  14. node                worker-1: route 10.244.2.2 via the overlay to worker-2
                          rule: 10.244.2.2 is in worker-2's pod CIDR 10.244.2.0/24
  15. overlay             192.168.56.11 -> 192.168.56.12: encapsulate 10.244.1.2 -> 10.244.2.2 from worker-1 to worker-2
                          rule: CNI overlay network (VXLAN)
  16. node                worker-2: deliver to pod shop/api-0 (10.244.2.2)
  17. network-policy      ingress of shop/api-0: allow
                          rule: no NetworkPolicy selects shop/api-0 for Ingress: not isolated
  18. pod                 shop/api-0: HTTP /api/x answered on 10.244.2.2:8080"""


@pytest.mark.parametrize("tls_hosts, url, expected", [
    (("shop.example.com",), "https://shop.example.com/api",
     (200, "Ingress shop/shop (ingressClassName nginx, controller k8s.io/ingress-nginx); TLS terminated with the "
           "certificate of spec.tls for shop.example.com")),
    ((), "https://shop.example.com/api",
     (200, "Ingress shop/shop (ingressClassName nginx, controller k8s.io/ingress-nginx); shop.example.com is not in "
           "spec.tls: the controller presents its default self-signed certificate (a verifying client would abort)")),
    (("shop.example.com",), "http://shop.example.com/api",
     (200, "Ingress shop/shop (ingressClassName nginx, controller k8s.io/ingress-nginx); host has TLS: "
           "ingress-nginx would answer 308 redirect to https (followed)")),
], ids=["https-host-in-tls", "https-host-not-in-tls", "http-host-with-tls-redirects"])
def test_tls_handling(tls_hosts, url, expected):
    cluster = shop_ingress(small(), tls_hosts=tls_hosts).build()
    trace = route(cluster, "internet", url)
    rule_hop = next(h for h in trace.hops if h.step == "ingress-controller")
    assert (trace.result["status"], rule_hop.rule) == expected
