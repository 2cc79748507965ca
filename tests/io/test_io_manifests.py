"""Apply-ready manifests: only what `kubectl apply -f` needs, nothing the server or the simulator sets."""

from __future__ import annotations

import kubernetes_validate
import yaml

from explorer.io import dump_manifests, load_text, manifest_objects
from explorer.model import Cluster, example_cluster
from explorer.model import builders as b

SERVER_META = {"uid": "0b4c5a3e-1111-2222-3333-444455556666", "resourceVersion": "12345", "generation": 2,
               "creationTimestamp": "2026-01-01T00:00:00Z",
               "managedFields": [{"manager": "kubectl", "operation": "Update", "apiVersion": "v1"}]}


def _observed_cluster() -> Cluster:
    """A cluster as `kubectl get -o yaml` (or the simulator) would show it, status and all."""
    objs = list(b.control_plane_node("cp")) + [b.worker_node("w1")]
    objs.append({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "kube-system"}})
    objs.append({"apiVersion": "v1", "kind": "Namespace",
                 "metadata": {"name": "shop", **SERVER_META}, "spec": {"finalizers": ["kubernetes"]},
                 "status": {"phase": "Active"}})
    objs.append({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "kubernetes", "namespace": "default"},
                 "spec": {"clusterIP": "10.96.0.1", "ports": [{"name": "https", "port": 443, "targetPort": 6443}]}})
    dep = b.deployment("web", "shop", "nginx:1.27", 2).raw
    dep["metadata"].update(SERVER_META, annotations={"deployment.kubernetes.io/revision": "1",
                                                     "kubectl.kubernetes.io/last-applied-configuration": "{}",
                                                     "team": "web"})
    dep["spec"]["template"]["metadata"]["creationTimestamp"] = None
    dep["status"] = {"replicas": 2, "readyReplicas": 2}
    objs.append(dep)
    owner = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": SERVER_META["uid"],
             "controller": True}
    rs = b.deployment("web-5d8f", "shop", "nginx:1.27", 2).raw
    rs["kind"] = "ReplicaSet"
    rs["metadata"]["ownerReferences"] = [owner]
    objs.append(rs)
    pod = b.pod("web-5d8f-abcde", "shop", labels={"app": "web"}).raw
    pod["metadata"]["ownerReferences"] = [dict(owner, kind="ReplicaSet", name="web-5d8f")]
    pod["spec"]["nodeName"] = "w1"
    pod["status"] = {"phase": "Running", "podIP": "10.244.1.5"}
    objs.append(pod)
    scheduled = b.pod("debug", "shop", labels={"app": "debug"}).raw
    scheduled["spec"]["nodeName"] = "w1"
    scheduled["status"] = {"phase": "Running"}
    objs.append(scheduled)
    objs.append(b.pod("pinned", "shop", labels={"app": "pinned"}, node_name="w1"))
    svc = b.service("web", "shop", {"app": "web"}, 80, 80, type="NodePort", node_port=30080).raw
    svc["spec"].update(clusterIP="10.96.12.34", clusterIPs=["10.96.12.34"], healthCheckNodePort=31000)
    svc["status"] = {"loadBalancer": {}}
    objs.append(svc)
    headless = b.service("db", "shop", {"app": "web"}, 5432, headless=True).raw
    headless["spec"]["clusterIPs"] = ["None"]
    objs.append(headless)
    objs.append({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                 "metadata": {"name": "web-abc", "namespace": "shop", "labels": {"kubernetes.io/service-name": "web"}},
                 "addressType": "IPv4", "endpoints": [{"addresses": ["10.244.1.5"]}]})
    objs.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "kube-root-ca.crt", "namespace": "shop"},
                 "data": {"ca.crt": "x"}})
    objs.append({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": "shop"}})
    objs.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "shop"},
                 "data": {"mode": "fast"}})
    cluster = Cluster()
    cluster.add_many(objs)
    cluster.set_position(("Deployment", "shop", "web"), (1, 2))
    return cluster


EXPECTED = [
    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}, "spec": {"finalizers": ["kubernetes"]}},
    {"apiVersion": "apps/v1", "kind": "Deployment",
     "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"}, "annotations": {"team": "web"}},
     "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
              "template": {"metadata": {"labels": {"app": "web"}},
                           "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                                                    "ports": [{"containerPort": 80}],
                                                    "resources": {"requests": {"cpu": "100m",
                                                                               "memory": "128Mi"}}}]}}}},
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "debug", "namespace": "shop", "labels": {"app": "debug"}},
     "spec": {"containers": [{"name": "debug", "image": "nginx:1.27", "ports": [{"containerPort": 80}],
                              "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}},
    {"apiVersion": "v1", "kind": "Pod",
     "metadata": {"name": "pinned", "namespace": "shop", "labels": {"app": "pinned"}},
     "spec": {"containers": [{"name": "pinned", "image": "nginx:1.27", "ports": [{"containerPort": 80}],
                              "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}],
              "nodeName": "w1"}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"},
     "spec": {"type": "NodePort", "selector": {"app": "web"},
              "ports": [{"port": 80, "targetPort": 80, "protocol": "TCP", "nodePort": 30080}]}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "db", "namespace": "shop"},
     "spec": {"type": "ClusterIP", "selector": {"app": "web"},
              "ports": [{"port": 5432, "targetPort": 5432, "protocol": "TCP"}], "clusterIP": "None",
              "clusterIPs": ["None"]}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "shop"},
     "data": {"mode": "fast"}},
]


def test_manifests_keep_only_what_kubectl_apply_needs():
    cluster = _observed_cluster()
    text = dump_manifests(cluster)
    assert [d for d in yaml.safe_load_all(text) if d is not None] == EXPECTED
    assert manifest_objects(cluster) == EXPECTED


def test_manifests_do_not_change_the_cluster():
    cluster = _observed_cluster()
    before = [yaml.safe_dump(o.raw) for o in cluster]
    dump_manifests(cluster)
    assert [yaml.safe_dump(o.raw) for o in cluster] == before


def test_example_manifests_are_the_apply_set_and_validate():
    docs = [d for d in yaml.safe_load_all(dump_manifests(example_cluster())) if d is not None]
    assert [(d["kind"], d["metadata"]["name"]) for d in docs] == [
        ("Namespace", "ingress-nginx"), ("Namespace", "shop"), ("IngressClass", "nginx"),
        ("Deployment", "ingress-nginx-controller"), ("Service", "ingress-nginx-controller"),
        ("Deployment", "api"), ("Service", "api"), ("Deployment", "mysql"), ("Service", "mysql"),
        ("Ingress", "shop")]
    for doc in docs:
        kubernetes_validate.validate(doc, "1.34.0", strict=True)


def test_manifests_of_observed_cluster_validate_and_load_cleanly():
    text = dump_manifests(_observed_cluster())
    for doc in yaml.safe_load_all(text):
        if doc is not None:
            kubernetes_validate.validate(doc, "1.34.0", strict=True)
    assert load_text(text).errors == []


JOB_FROM_CLUSTER = {
    "apiVersion": "batch/v1", "kind": "Job",
    "metadata": {"name": "migrate", "namespace": "shop", "labels": {"app": "migrate"}, **SERVER_META},
    "spec": {"backoffLimit": 2,
             "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "0b4c5a3e"}},
             "template": {"metadata": {"creationTimestamp": None,
                                       "labels": {"app": "migrate", "batch.kubernetes.io/controller-uid": "0b4c5a3e",
                                                  "batch.kubernetes.io/job-name": "migrate",
                                                  "controller-uid": "0b4c5a3e", "job-name": "migrate"}},
                          "spec": {"restartPolicy": "Never",
                                   "containers": [{"name": "m", "image": "migrate:1"}]}}},
    "status": {"succeeded": 1},
}


def test_job_read_from_a_cluster_loses_generated_selector():
    cluster = Cluster()
    cluster.add(JOB_FROM_CLUSTER)
    docs = manifest_objects(cluster)
    assert docs == [{
        "apiVersion": "batch/v1", "kind": "Job",
        "metadata": {"name": "migrate", "namespace": "shop", "labels": {"app": "migrate"}},
        "spec": {"backoffLimit": 2,
                 "template": {"metadata": {"labels": {"app": "migrate"}},
                              "spec": {"restartPolicy": "Never", "containers": [{"name": "m", "image": "migrate:1"}]}}},
    }]
    kubernetes_validate.validate(docs[0], "1.34.0", strict=True)
