"""``kubectl explain``: a compact built-in table of the common fields, described in our own words.

:func:`explain` returns the text or raises ``LookupError`` with kubectl's message (``field "x" does not
exist``). Only the fields people meet first are listed; the table says so for everything else.
"""

from __future__ import annotations


def F(type_: str, desc: str, fields: dict | None = None) -> dict:
    return {"type": type_, "desc": desc, "fields": fields or {}}


OBJECT_META = F("ObjectMeta", "Identity of the object: its name, namespace, labels, annotations and the "
                "bookkeeping the API server adds (uid, resourceVersion, creationTimestamp).", {
    "name": F("string", "Unique name of the object within its namespace (or the cluster, for cluster-scoped "
              "kinds). Cannot be changed after creation."),
    "namespace": F("string", "Namespace the object lives in. Empty means \"default\" for namespaced kinds."),
    "labels": F("map[string]string", "Key/value pairs used to select and group objects, e.g. by Service "
                "selectors and ReplicaSets."),
    "annotations": F("map[string]string", "Key/value pairs for tools and people; never used for selection."),
    "generateName": F("string", "Prefix the API server uses to make a unique name when name is empty."),
    "ownerReferences": F("[]OwnerReference", "Objects this one depends on; when the controlling owner is "
                         "deleted, the garbage collector deletes this object too."),
    "uid": F("string", "Unique id set by the API server; it never repeats, even for a re-created name."),
    "resourceVersion": F("string", "Version of the object in etcd, used for optimistic concurrency."),
    "creationTimestamp": F("string", "When the API server stored the object (RFC 3339)."),
})

LABEL_SELECTOR = F("LabelSelector", "Picks objects by label: matchLabels pairs and matchExpressions, all of "
                   "which must hold.", {
    "matchLabels": F("map[string]string", "Labels an object must carry, each with exactly this value."),
    "matchExpressions": F("[]LabelSelectorRequirement", "Conditions on labels with the operators In, "
                          "NotIn, Exists and DoesNotExist."),
})

CONTAINER = F("[]Container", "The containers of the pod; they share its network namespace and IP address.", {
    "name": F("string", "Name of the container, unique within the pod.", ),
    "image": F("string", "Container image to run, e.g. nginx:1.27 or registry.example.com/team/app:2.1."),
    "command": F("[]string", "Replaces the image's ENTRYPOINT."),
    "args": F("[]string", "Replaces the image's CMD (arguments to the entrypoint)."),
    "env": F("[]EnvVar", "Environment variables set in the container."),
    "ports": F("[]ContainerPort", "Ports the container listens on. Informational, but named ports can be "
               "referenced by Services (targetPort) and probes.", {
        "containerPort": F("integer", "Port number inside the pod's network namespace.", ),
        "name": F("string", "Name other objects can use instead of the number."),
        "protocol": F("string", "TCP (default), UDP or SCTP."),
        "hostPort": F("integer", "Also expose the port on the node's own IP; limits the pod to nodes where "
                      "that port is free."),
    }),
    "resources": F("ResourceRequirements", "Compute resources of the container.", {
        "requests": F("map[string]Quantity", "Amount the scheduler reserves on a node for the container; a "
                      "pod only fits where the sum of requests fits the node's allocatable resources."),
        "limits": F("map[string]Quantity", "Maximum the container may use; memory above it gets the "
                    "container killed, cpu above it is throttled."),
    }),
    "readinessProbe": F("Probe", "Check that must pass before the pod counts as Ready and receives traffic "
                        "from Services."),
    "livenessProbe": F("Probe", "Check whose repeated failure makes the kubelet restart the container."),
    "volumeMounts": F("[]VolumeMount", "Where the pod's volumes appear inside the container."),
})

TOLERATION = F("[]Toleration", "Lets the pod be scheduled onto (or stay on) nodes with matching taints.", {
    "key": F("string", "Taint key to match; empty with operator Exists matches every taint."),
    "operator": F("string", "Equal (default: key and value must match) or Exists (any value)."),
    "value": F("string", "Taint value to match when the operator is Equal."),
    "effect": F("string", "Taint effect to match (NoSchedule, PreferNoSchedule, NoExecute); empty matches "
                "all."),
    "tolerationSeconds": F("integer", "For NoExecute taints: how long the pod may stay after the taint "
                           "appears before it is evicted."),
})

POD_SPEC = F("PodSpec", "What the pod runs and where it may run.", {
    "containers": CONTAINER,
    "initContainers": F("[]Container", "Containers that run one after the other, to completion, before the "
                        "app containers start."),
    "nodeName": F("string", "Node the pod is bound to. The scheduler sets it; setting it yourself bypasses "
                  "the scheduler."),
    "nodeSelector": F("map[string]string", "Node labels a node must have for the pod to be scheduled there."),
    "affinity": F("Affinity", "Node affinity and pod (anti-)affinity rules, required or preferred."),
    "tolerations": TOLERATION,
    "topologySpreadConstraints": F("[]TopologySpreadConstraint", "How evenly pods must be spread across "
                                   "zones, nodes or other topology domains."),
    "priorityClassName": F("string", "Name of a PriorityClass; higher-priority pods can preempt lower ones."),
    "restartPolicy": F("string", "Always (default), OnFailure or Never: when the kubelet restarts "
                       "containers."),
    "volumes": F("[]Volume", "Storage the containers can mount (emptyDir, configMap, secret, "
                 "persistentVolumeClaim, ...)."),
    "hostNetwork": F("boolean", "Use the node's network namespace: the pod gets the node's IP."),
    "serviceAccountName": F("string", "Identity the pod's processes use to talk to the API server."),
    "terminationGracePeriodSeconds": F("integer", "Seconds between the stop signal and a forced kill "
                                       "(default 30)."),
})

POD_TEMPLATE = F("PodTemplateSpec", "The pods this controller creates: their metadata (labels must match the "
                 "selector) and spec.", {"metadata": OBJECT_META, "spec": POD_SPEC})

COMMON = {"apiVersion": F("string", "Versioned schema of this representation, e.g. v1 or apps/v1."),
          "kind": F("string", "The object's type, e.g. Pod or Deployment."),
          "metadata": OBJECT_META}

SCHEMAS = {
    "Pod": F("Pod", "The smallest deployable unit: one or more containers that share an IP address and "
             "run together on one node.", dict(COMMON, spec=POD_SPEC, status=F(
                 "PodStatus", "What the kubelet reports: phase, conditions, IPs, container states.", {
                     "phase": F("string", "Pending, Running, Succeeded, Failed or Unknown."),
                     "podIP": F("string", "IP address given to the pod from its node's pod CIDR."),
                     "hostIP": F("string", "IP address of the node the pod runs on."),
                     "conditions": F("[]PodCondition", "PodScheduled, Initialized, ContainersReady, Ready."),
                 }))),
    "Deployment": F("Deployment", "Declares how many replicas of a pod template should run and rolls out "
                    "changes to the template through ReplicaSets.", dict(COMMON, spec=F(
                        "DeploymentSpec", "Desired state of the Deployment.", {
                            "replicas": F("integer", "Number of pods that should run (default 1)."),
                            "selector": LABEL_SELECTOR,
                            "template": POD_TEMPLATE,
                            "strategy": F("DeploymentStrategy", "How pods are replaced on a change.", {
                                "type": F("string", "RollingUpdate (default: replace pods gradually) or "
                                          "Recreate (stop all old pods first)."),
                                "rollingUpdate": F("RollingUpdateDeployment", "Pace of a rolling update.", {
                                    "maxSurge": F("IntOrString", "Pods allowed above the desired count "
                                                  "during an update (default 25%, rounded up)."),
                                    "maxUnavailable": F("IntOrString", "Pods allowed to be unavailable "
                                                        "during an update (default 25%, rounded down)."),
                                }),
                            }),
                            "revisionHistoryLimit": F("integer", "Old ReplicaSets kept for rollback "
                                                      "(default 10)."),
                            "minReadySeconds": F("integer", "Seconds a new pod must be ready before it "
                                                 "counts as available."),
                            "paused": F("boolean", "Stop rolling out template changes while true."),
                        }), status=F("DeploymentStatus", "Replica counts and conditions reported by the "
                                                         "deployment controller."))),
    "ReplicaSet": F("ReplicaSet", "Keeps a number of identical pods running; normally managed by a "
                    "Deployment.", dict(COMMON, spec=F("ReplicaSetSpec", "Desired state of the ReplicaSet.", {
                        "replicas": F("integer", "Number of pods that should run."),
                        "selector": LABEL_SELECTOR, "template": POD_TEMPLATE}))),
    "Service": F("Service", "A stable virtual IP and DNS name in front of the ready pods its selector picks.",
                 dict(COMMON, spec=F("ServiceSpec", "How the Service is exposed and which pods it targets.", {
                     "type": F("string", "ClusterIP (default, inside the cluster), NodePort (also a port on "
                               "every node), LoadBalancer (also an external address) or ExternalName."),
                     "selector": F("map[string]string", "Labels of the pods that receive the traffic; their "
                                   "ready addresses become the Service's endpoints."),
                     "ports": F("[]ServicePort", "Ports the Service listens on.", {
                         "port": F("integer", "Port of the Service's cluster IP."),
                         "targetPort": F("IntOrString", "Port (number or container port name) on the pods; "
                                         "defaults to port."),
                         "nodePort": F("integer", "Port opened on every node for NodePort and LoadBalancer "
                                       "Services (30000-32767 by default)."),
                         "protocol": F("string", "TCP (default), UDP or SCTP."),
                         "name": F("string", "Name of the port; required when there are several."),
                     }),
                     "clusterIP": F("string", "Virtual IP from the service CIDR; \"None\" makes a headless "
                                    "Service whose DNS name returns the pod IPs."),
                     "sessionAffinity": F("string", "None (default) or ClientIP: keep sending one client "
                                          "to the same pod."),
                     "externalTrafficPolicy": F("string", "Cluster (default) or Local: only nodes with a "
                                                "local endpoint take external traffic, keeping the client "
                                                "IP."),
                 }))),
    "Node": F("Node", "A machine (virtual or physical) whose kubelet runs pods.", dict(COMMON, spec=F(
        "NodeSpec", "Scheduling settings of the node.", {
            "taints": F("[]Taint", "Repel pods that do not tolerate them.", {
                "key": F("string", "Taint key."), "value": F("string", "Taint value."),
                "effect": F("string", "NoSchedule, PreferNoSchedule or NoExecute (also evicts running "
                            "pods)."),
            }),
            "unschedulable": F("boolean", "Set by kubectl cordon: no new pods are scheduled here."),
            "podCIDR": F("string", "Range the node's pods get their IP addresses from."),
        }), status=F("NodeStatus", "Capacity, allocatable resources, addresses and conditions reported by "
                                   "the kubelet.", {
            "capacity": F("map[string]Quantity", "Total resources of the node."),
            "allocatable": F("map[string]Quantity", "Resources available to pods: what the scheduler fits "
                             "requests into."),
            "conditions": F("[]NodeCondition", "Ready, MemoryPressure, DiskPressure, PIDPressure."),
            "addresses": F("[]NodeAddress", "InternalIP, ExternalIP, Hostname."),
        }))),
    "Ingress": F("Ingress", "HTTP routing rules (host and path) from outside the cluster to Services, "
                 "carried out by an ingress controller.", dict(COMMON, spec=F("IngressSpec", "The rules.", {
                     "ingressClassName": F("string", "IngressClass (and so the controller) that serves "
                                           "this Ingress."),
                     "rules": F("[]IngressRule", "Host and path rules; the longest matching path wins.", {
                         "host": F("string", "Host name to match; \"*.example.com\" matches one label."),
                         "http": F("HTTPIngressRuleValue", "Paths and their backends."),
                     }),
                     "defaultBackend": F("IngressBackend", "Where requests that match no rule go."),
                     "tls": F("[]IngressTLS", "Hosts served over HTTPS and their certificate Secret."),
                 }))),
    "NetworkPolicy": F("NetworkPolicy", "Which traffic may reach (ingress) or leave (egress) the pods it "
                       "selects; other traffic to isolated pods is dropped.", dict(COMMON, spec=F(
                           "NetworkPolicySpec", "The policy.", {
                               "podSelector": F("LabelSelector", "Pods the policy applies to; empty "
                                                "selects every pod in the namespace."),
                               "policyTypes": F("[]string", "Ingress, Egress or both."),
                               "ingress": F("[]NetworkPolicyIngressRule", "Allowed incoming traffic: from "
                                            "which peers, to which ports."),
                               "egress": F("[]NetworkPolicyEgressRule", "Allowed outgoing traffic."),
                           }))),
    "Namespace": F("Namespace", "A scope for names, and a unit for policies and quotas.", dict(COMMON)),
    "EndpointSlice": F("EndpointSlice", "A set of network endpoints (pod addresses and ports) behind a "
                       "Service, maintained by the EndpointSlice controller.", dict(COMMON)),
    "IngressClass": F("IngressClass", "Names the controller that implements Ingresses of this class.",
                      dict(COMMON)),
}


def explain(rtype, path: list[str]) -> str:
    """Text for ``kubectl explain <resource>[.<field>...]``. Raises LookupError (kubectl's message)."""
    node = SCHEMAS.get(rtype.kind)
    if node is None:
        raise LookupError(f"no built-in description for {rtype.plural} (the explorer's table covers the "
                          f"common kinds only)")
    for i, part in enumerate(path):
        child = node["fields"].get(part)
        if child is None:
            raise LookupError(f'field "{part}" does not exist')
        node = child
    lines = []
    if rtype.group:
        lines.append(f"GROUP:      {rtype.group}")
    lines += [f"KIND:       {rtype.kind}", f"VERSION:    {rtype.version}", ""]
    if path:
        lines += [f"FIELD: {path[-1]} <{node['type']}>", ""]
    lines += ["DESCRIPTION:"]
    lines += [f"    {line}" for line in _wrap(node["desc"], 76)]
    lines.append("    ")
    if node["fields"]:
        lines += ["FIELDS:"]
        for name, child in node["fields"].items():
            lines.append(f"  {name}\t<{child['type']}>")
            lines += [f"    {line}" for line in _wrap(child["desc"], 76)]
            lines.append("")
    else:
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n\n"


def _wrap(text: str, width: int) -> list:
    import textwrap
    return textwrap.wrap(text, width) or [""]


def field_paths(kind: str) -> list:
    """Every dotted field path of a kind in the table (for completion)."""
    out = []

    def walk(node, prefix):
        for name, child in node["fields"].items():
            out.append(prefix + name)
            walk(child, prefix + name + ".")
    if kind in SCHEMAS:
        walk(SCHEMAS[kind], "")
    return out
