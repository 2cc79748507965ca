"""Small builders for scheduler tests: nodes and pods as plain manifests."""

from __future__ import annotations

from explorer.model.objects import Node, Pod, ReplicaSet, Service
from explorer.sim.scheduler.framework import NodeInfo, PodInfo


def node(name, cpu="4", memory="16Gi", pods=110, labels=None, taints=None, unschedulable=False, zone=None):
    lab = {"kubernetes.io/hostname": name}
    if zone:
        lab["topology.kubernetes.io/zone"] = zone
    lab.update(labels or {})
    spec = {}
    if taints:
        spec["taints"] = taints
    if unschedulable:
        spec["unschedulable"] = True
    res = {"cpu": cpu, "memory": memory, "pods": str(pods)}
    return Node({"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": lab}, "spec": spec,
                 "status": {"capacity": dict(res), "allocatable": dict(res)}})


def pod(name, namespace="default", cpu=None, memory=None, node_name=None, labels=None, tolerations=None,
        node_selector=None, affinity=None, host_port=None, priority=None, owner=None, spread=None,
        preemption_policy=None):
    container = {"name": "c", "image": "nginx"}
    req = {}
    if cpu is not None:
        req["cpu"] = cpu
    if memory is not None:
        req["memory"] = memory
    if req:
        container["resources"] = {"requests": req}
    if host_port:
        container["ports"] = [{"containerPort": 80, "hostPort": host_port}]
    spec = {"containers": [container]}
    for key, value in (("nodeName", node_name), ("tolerations", tolerations), ("nodeSelector", node_selector),
                       ("affinity", affinity), ("priority", priority), ("topologySpreadConstraints", spread),
                       ("preemptionPolicy", preemption_policy)):
        if value is not None:
            spec[key] = value
    meta = {"name": name, "namespace": namespace, "labels": labels or {}}
    if owner:
        meta["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": owner, "uid": "u",
                                    "controller": True}]
    return Pod({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec})


def service(name, selector, namespace="default"):
    return Service({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": namespace},
                    "spec": {"selector": selector, "ports": [{"port": 80}]}})


def replica_set(name, match_labels, namespace="default"):
    return ReplicaSet({"apiVersion": "apps/v1", "kind": "ReplicaSet",
                       "metadata": {"name": name, "namespace": namespace},
                       "spec": {"selector": {"matchLabels": match_labels}}})


def node_info(n, *bound_pods):
    info = NodeInfo(n)
    for p in bound_pods:
        info.add_pod(PodInfo(p))
    return info
