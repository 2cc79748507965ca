"""Import -> export -> import is lossless, every export passes kubernetes-validate, and every accepted
input format (multi-document YAML, kind: List, JSON object/List/array) loads the same objects."""

from __future__ import annotations

import json

import kubernetes_validate
import pytest
import yaml

from conftest import corpus_files
from explorer.io import dump_manifests, dump_topology, load_text, load_topology
from explorer.model import Cluster, NetworkConfig, example_cluster

CORPUS = corpus_files()
NOT_MANIFESTS = {"examples__probe.json"}  # cyclonus' probe description: JSON, but not a Kubernetes object


def _validate_all(text: str) -> list:
    """kubernetes-validate --strict -k 1.34.0 on every document: [(kind/name, error)] for failures."""
    failures = []
    for doc in yaml.safe_load_all(text):
        if doc is None:
            continue
        try:
            kubernetes_validate.validate(doc, "1.34.0", strict=True)
        except Exception as exc:  # ValidationError, SchemaNotFoundError...
            failures.append((f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}", str(exc)[:200]))
    return failures


def _objects(cluster: Cluster) -> list:
    return [o.raw for o in cluster]


def _state(cluster: Cluster) -> tuple:
    return _objects(cluster), cluster.network, cluster.layout


@pytest.mark.parametrize("path", [p for p in CORPUS if p.name not in NOT_MANIFESTS],
                         ids=[p.name for p in CORPUS if p.name not in NOT_MANIFESTS])
def test_corpus_round_trip_is_lossless_and_exports_validate(path, corpus_dir):
    first = load_topology(path)
    assert first.errors == []
    topology = dump_topology(first.cluster)
    second = load_text(topology, "export.yaml")
    assert (_state(second.cluster), second.errors) == (_state(first.cluster), [])
    # objects as in the file itself, order included
    originals = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
    assert _objects(second.cluster) == originals
    assert (_validate_all(topology), _validate_all(dump_manifests(first.cluster))) == ([], [])


def test_corpus_probe_json_is_refused_cleanly(corpus_dir):
    result = load_topology(corpus_dir / "cyclonus-netpol" / "examples__probe.json")
    assert ([str(d) for d in result.diagnostics], len(result.cluster)) == (
        [f"{corpus_dir / 'cyclonus-netpol' / 'examples__probe.json'}:1: document 0: not a Kubernetes object: "
         f"apiVersion and kind are missing"], 0)


def _designed() -> Cluster:
    cluster = example_cluster()
    cluster.set_network(NetworkConfig(pod_cidr="10.32.0.0/12", service_cidr="10.100.0.0/16", node_cidr_mask_size=26,
                                      node_port_range=(31000, 31999), load_balancer_pool="198.51.100.0/24",
                                      dns_domain="corp.local", cluster_name="lab", kubernetes_version="v1.34.1"))
    for i, obj in enumerate(cluster):
        cluster.set_position(obj.key, (i * 10.5, -i))
    return cluster


DESIGNS = {"example": example_cluster, "example-with-network-and-layout": _designed, "empty": Cluster}


@pytest.mark.parametrize("make", DESIGNS.values(), ids=DESIGNS.keys())
def test_design_round_trip_and_kubernetes_validate(make):
    cluster = make()
    text = dump_topology(cluster)
    loaded = load_text(text)
    assert (loaded.diagnostics, loaded.cluster.same_design(cluster), _state(loaded.cluster)) == (
        [], True, _state(cluster))
    assert dump_topology(loaded.cluster) == text
    assert (_validate_all(text), _validate_all(dump_manifests(cluster))) == ([], [])


POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "namespace": "x"},
       "spec": {"containers": [{"name": "a", "image": "nginx"}]}}
SVC = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "x"},
       "spec": {"selector": {"p": "a"}, "ports": [{"port": 80}]}}
POD_L = dict(POD, metadata={"name": "a", "namespace": "x", "labels": {"p": "a"}})
FORMATS = {
    "multi-document-yaml": yaml.safe_dump_all([POD_L, SVC]),
    "yaml-with-empty-documents": "---\n---\n" + yaml.safe_dump_all([POD_L, SVC]) + "---\n",
    "kubectl-list-yaml": yaml.safe_dump({"apiVersion": "v1", "kind": "List", "items": [POD_L, SVC],
                                         "metadata": {"resourceVersion": ""}}),
    "json-list": json.dumps({"apiVersion": "v1", "kind": "List", "items": [POD_L, SVC]}, indent=2),
    "json-array": json.dumps([POD_L, SVC]),
    "json-objects-one-per-document": json.dumps(POD_L) + "\n---\n" + json.dumps(SVC),
}


@pytest.mark.parametrize("text", FORMATS.values(), ids=FORMATS.keys())
def test_accepted_formats_load_the_same_objects(text):
    result = load_text(text, "in")
    assert (result.diagnostics, _objects(result.cluster)) == ([], [POD_L, SVC])


UNKNOWN = {
    "configmap-secret-serviceaccount-crd": [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": "v"}},
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "type": "Opaque",
         "stringData": {"password": "x"}},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "sa", "namespace": "shop"}},
        {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"},
         "spec": {"size": 3, "nested": {"list": [1, "two", None, True, 1.5]}}},
    ],
    "unknown-fields-of-known-kinds": [
        dict(POD, spec=dict(POD["spec"], futureField={"a": [1, 2]}), extra="kept"),
    ],
    "timestamps-stay-strings": [
        dict(POD, metadata=dict(POD["metadata"], creationTimestamp="2024-01-01T00:00:00Z",
                                annotations={"when": "2024-01-01"})),
    ],
}


@pytest.mark.parametrize("objs", UNKNOWN.values(), ids=UNKNOWN.keys())
def test_unknown_kinds_and_fields_are_kept_verbatim(objs):
    text = yaml.safe_dump_all(objs, sort_keys=False).replace("'2024-01-01T00:00:00Z'", "2024-01-01T00:00:00Z")
    first = load_text(text)
    second = load_text(dump_topology(first.cluster))
    assert (first.errors, _objects(first.cluster), _objects(second.cluster)) == ([], objs, objs)


KUBEADM = """apiVersion: v1
kind: ConfigMap
metadata:
  name: kubeadm-config
  namespace: kube-system
  annotations:
    explorer.k8s.io/load-balancer-pool: 192.0.2.0/25
data:
  ClusterConfiguration: |
    apiServer:
      extraArgs:
      - name: service-node-port-range
        value: 30100-30200
      - name: authorization-mode
        value: Node,RBAC
    apiVersion: kubeadm.k8s.io/v1beta4
    certificatesDir: /etc/kubernetes/pki
    clusterName: prod
    controllerManager:
      extraArgs:
      - name: node-cidr-mask-size
        value: "25"
    kind: ClusterConfiguration
    kubernetesVersion: v1.34.2
    networking:
      dnsDomain: prod.local
      podSubnet: 10.200.0.0/16
      serviceSubnet: 10.96.0.0/16
"""
KUBEADM_V1BETA3 = """apiVersion: v1
kind: ConfigMap
metadata: {name: kubeadm-config, namespace: kube-system}
data:
  ClusterConfiguration: |
    apiVersion: kubeadm.k8s.io/v1beta3
    kind: ClusterConfiguration
    apiServer:
      extraArgs:
        service-node-port-range: 30100-30200
    controllerManager:
      extraArgs:
        node-cidr-mask-size: "25"
    networking:
      podSubnet: 10.200.0.0/16
"""
NETWORKS = {
    "kubeadm-v1beta4-with-pool": (KUBEADM, NetworkConfig(
        pod_cidr="10.200.0.0/16", service_cidr="10.96.0.0/16", node_cidr_mask_size=25,
        node_port_range=(30100, 30200), load_balancer_pool="192.0.2.0/25", dns_domain="prod.local",
        cluster_name="prod", kubernetes_version="v1.34.2")),
    "kubeadm-v1beta3-map-extra-args": (KUBEADM_V1BETA3, NetworkConfig(
        pod_cidr="10.200.0.0/16", node_cidr_mask_size=25, node_port_range=(30100, 30200))),
    "no-configmap-means-kubeadm-defaults": ("", NetworkConfig()),
}


@pytest.mark.parametrize("text,network", NETWORKS.values(), ids=NETWORKS.keys())
def test_network_settings_travel_in_kubeadm_config(text, network):
    loaded = load_text(text)
    again = load_text(dump_topology(loaded.cluster))
    assert (loaded.diagnostics, loaded.cluster.network, len(loaded.cluster), again.cluster.network) == (
        [], network, 0, network)


def test_unchanged_kubeadm_config_is_written_back_verbatim():
    exported = list(yaml.safe_load_all(dump_topology(load_text(KUBEADM).cluster)))
    assert exported == [yaml.safe_load(KUBEADM)]


def test_changed_network_keeps_other_kubeadm_fields():
    cluster = load_text(KUBEADM).cluster
    cluster.set_network(cluster.network.with_changes(pod_cidr="10.201.0.0/16"))
    config = yaml.safe_load(yaml.safe_load(dump_topology(cluster).split("---\n")[1])["data"]["ClusterConfiguration"])
    expected = yaml.safe_load(yaml.safe_load(KUBEADM)["data"]["ClusterConfiguration"])
    expected["networking"]["podSubnet"] = "10.201.0.0/16"
    assert config == expected


LAYOUTS = {
    "position-moves-to-layout-and-annotations-map-dropped": (
        {"explorer.k8s.io/position": "10,-20.5"}, (10.0, -20.5), None),
    "other-annotations-stay": (
        {"a": "b", "explorer.k8s.io/position": "1.25,2"}, (1.25, 2.0), {"a": "b"}),
}


@pytest.mark.parametrize("annotations,position,left", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_position_annotation_becomes_layout(annotations, position, left):
    pod = dict(POD, metadata=dict(POD["metadata"], annotations=annotations))
    loaded = load_text(yaml.safe_dump(pod))
    obj = loaded.cluster.objects("Pod")[0]
    expected_meta = dict(POD["metadata"], **({"annotations": left} if left else {}))
    assert (loaded.diagnostics, loaded.cluster.layout, obj.raw["metadata"]) == (
        [], {("Pod", "x", "a"): position}, expected_meta)
    assert load_text(dump_topology(loaded.cluster)).cluster.same_design(loaded.cluster)


def test_simulated_state_exports_validate_and_round_trip():
    from explorer.sim import Simulator

    sim = Simulator(example_cluster())
    sim.settle()
    state = sim.cluster()
    topology = dump_topology(state)
    loaded = load_text(topology)
    assert (loaded.diagnostics, loaded.cluster.same_design(state)) == ([], True)
    assert (_validate_all(topology), _validate_all(dump_manifests(state))) == ([], [])


MARKDOWN = {  # documentation pages in the corpus: not manifests, refused with a located error
    "contour-envoy-examples/docs__main__config__ingress.md": [
        "{f}:5: document 0: could not find expected ':' (while scanning a simple key)"],
    "haproxy-ingress-examples/documentation__ingressclass.md": [
        "{f}:3: document 0: must be a Kubernetes object (a mapping with apiVersion and kind), got a string",
        "{f}:7: document 1: did not find expected <document start>"],
}


@pytest.mark.parametrize("name,expected", MARKDOWN.items(), ids=MARKDOWN.keys())
def test_corpus_markdown_is_refused_cleanly(corpus_dir, name, expected):
    path = corpus_dir / name
    result = load_topology(path)
    assert ([str(d) for d in result.diagnostics], len(result.cluster)) == ([e.format(f=path) for e in expected], 0)
