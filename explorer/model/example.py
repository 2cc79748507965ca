"""The built-in example cluster the app opens with."""

from __future__ import annotations

from explorer.model import builders as b
from explorer.model.cluster import Cluster


def example_cluster() -> Cluster:
    """1 control-plane node and 3 workers; an API Deployment (3 replicas) behind a ClusterIP Service; MySQL
    behind an internal ClusterIP Service; an NGINX Ingress that exposes only the API."""
    cluster = Cluster()
    objs = list(b.control_plane_node("control-plane", internal_ip="192.168.56.10", zone="zone-a"))
    for i, zone in enumerate(("zone-a", "zone-b", "zone-c"), start=1):
        objs.append(b.worker_node(f"worker-{i}", cpu="4", memory="16Gi", zone=zone,
                                  internal_ip=f"192.168.56.{10 + i}"))
    objs += b.ingress_controller_stack("nginx")
    objs.append(b.namespace("shop"))
    objs.append(b.deployment("api", "shop", "ghcr.io/example/shop-api:1.4.2", 3, {"app": "api"}, 8080,
                             "250m", "256Mi", "http"))
    objs.append(b.service("api", "shop", {"app": "api"}, 80, "http", port_name="http"))
    objs.append(b.deployment("mysql", "shop", "mysql:8.4", 1, {"app": "mysql"}, 3306, "500m", "1Gi", "mysql"))
    objs.append(b.service("mysql", "shop", {"app": "mysql"}, 3306, "mysql", port_name="mysql"))
    objs.append(b.ingress("shop", "shop", "nginx", [("shop.example.com", "/api", "Prefix", "api", 80)]))
    cluster.add_many(objs)
    return cluster
