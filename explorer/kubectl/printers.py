"""``kubectl get`` output: the table columns of each kind (as kubectl's server-side printers define them),
``-o wide``, ``--show-labels``, ``-o name``, ``-o yaml`` and ``-o json``.

Every table function takes an object and a :class:`Context` (the simulated time, the store) and returns the
row's cells; :data:`COLUMNS` holds the headers. :func:`table` aligns the result as kubectl does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from explorer.kubectl.humanize import age, human_duration
from explorer.kubectl.resources import for_kind
from explorer.kubectl.tabwriter import format_text, release
from explorer.model.selectors import selector_to_string


@dataclass
class Context:
    now: int


def _none(value) -> str:
    return str(value) if value not in (None, "", []) else "<none>"


def labels_string(labels: dict) -> str:
    """``a=b,c=d`` with keys sorted; ``<none>`` when empty (``labels.FormatLabels``)."""
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels)) if labels else "<none>"


# pods ----------------------------------------------------------------------------------------------------

def pod_status(pod) -> str:
    """The STATUS column of a pod (kubectl's ``printPod``, simplified to what the simulation produces)."""
    status = pod.status
    reason = status.get("reason") or status.get("phase") or "Pending"
    for c in reversed(status.get("containerStatuses") or ()):
        state = c.get("state") or {}
        if (state.get("waiting") or {}).get("reason"):
            reason = state["waiting"]["reason"]
        elif (state.get("terminated") or {}).get("reason"):
            reason = state["terminated"]["reason"]
    meta = pod.metadata
    if meta.get("deletionTimestamp"):
        reason = "Unknown" if status.get("reason") == "NodeLost" else "Terminating"
    return reason


def pod_ready(pod) -> str:
    statuses = pod.status.get("containerStatuses") or ()
    ready = sum(1 for c in statuses if c.get("ready"))
    return f"{ready}/{len(pod.containers)}"


def pod_restarts(pod) -> str:
    return str(sum(c.get("restartCount", 0) or 0 for c in pod.status.get("containerStatuses") or ()))


def _pod_row(pod, ctx):
    return [pod.name, pod_ready(pod), pod_status(pod), pod_restarts(pod), age(pod.metadata.get("creationTimestamp"),
                                                                             ctx.now)]


def _pod_wide(pod, ctx):
    gates = ",".join(g.get("conditionType", "") for g in pod.spec.get("readinessGates") or ())
    return [_none(pod.pod_ip), _none(pod.node_name), _none(pod.status.get("nominatedNodeName")), _none(gates)]


# nodes ---------------------------------------------------------------------------------------------------

def node_roles(node) -> list:
    roles = set()
    for key, value in node.labels.items():
        if key.startswith("node-role.kubernetes.io/"):
            roles.add(key[len("node-role.kubernetes.io/"):])
        elif key == "kubernetes.io/role" and value:
            roles.add(value)
    return sorted(r for r in roles if r)


def node_status(node) -> str:
    ready = node.conditions.get("Ready")
    text = {"True": "Ready", "False": "NotReady"}.get(ready, "Unknown" if ready else "Unknown")
    if node.unschedulable:
        text += ",SchedulingDisabled"
    return text


def _node_row(node, ctx):
    info = node.status.get("nodeInfo") or {}
    return [node.name, node_status(node), ",".join(node_roles(node)) or "<none>",
            age(node.metadata.get("creationTimestamp"), ctx.now), info.get("kubeletVersion", "")]


def _node_wide(node, ctx):
    info = node.status.get("nodeInfo") or {}
    external = [a.get("address") for a in node.status.get("addresses") or () if a.get("type") == "ExternalIP"]
    return [_none(node.internal_ip), _none(",".join(external)), _none(info.get("osImage")),
            _none(info.get("kernelVersion")), _none(info.get("containerRuntimeVersion"))]


# workloads -----------------------------------------------------------------------------------------------

def _containers_images(template_spec: dict):
    containers = template_spec.get("containers") or ()
    return ",".join(c.get("name", "") for c in containers), ",".join(c.get("image", "") for c in containers)


def _deploy_row(dep, ctx):
    st = dep.status
    return [dep.name, f"{st.get('readyReplicas', 0)}/{dep.replicas}", str(st.get("updatedReplicas", 0)),
            str(st.get("availableReplicas", 0)), age(dep.metadata.get("creationTimestamp"), ctx.now)]


def _workload_wide(obj, ctx):
    names, images = _containers_images(obj.pod_spec)
    return [names, images, selector_to_string(obj.selector)]


def _rs_row(rs, ctx):
    st = rs.status
    return [rs.name, str(rs.replicas), str(st.get("replicas", 0)), str(st.get("readyReplicas", 0)),
            age(rs.metadata.get("creationTimestamp"), ctx.now)]


# services and networking ---------------------------------------------------------------------------------

def service_ports(svc) -> str:
    out = []
    for p in svc.ports:
        text = f"{p.port}:{p.node_port}/{p.protocol}" if p.node_port else f"{p.port}/{p.protocol}"
        out.append(text)
    return ",".join(out) or "<none>"


def service_external_ip(svc) -> str:
    ips = list(svc.spec.get("externalIPs") or [])
    if svc.type == "LoadBalancer":
        lb = [i.get("ip") or i.get("hostname") for i in (svc.status.get("loadBalancer") or {}).get("ingress") or ()]
        ips = lb + ips
        return ",".join(ips) if ips else "<pending>"
    if svc.type == "ExternalName":
        return svc.spec.get("externalName", "<none>")
    return ",".join(ips) if ips else "<none>"


def _svc_row(svc, ctx):
    cluster_ip = svc.spec.get("clusterIP") or "<none>"
    return [svc.name, svc.type, cluster_ip, service_external_ip(svc), service_ports(svc),
            age(svc.metadata.get("creationTimestamp"), ctx.now)]


def _svc_wide(svc, ctx):
    return [labels_string(svc.selector) if svc.selector else "<none>"]


def _slice_row(es, ctx):
    ports = ",".join(str(p.get("port")) for p in es.raw.get("ports") or () if p.get("port") is not None)
    addresses = [a for e in es.raw.get("endpoints") or () for a in e.get("addresses") or ()]
    if not addresses:
        endpoints = "<unset>"
    elif len(addresses) > 3:
        endpoints = ",".join(addresses[:3]) + f" + {len(addresses) - 3} more..."
    else:
        endpoints = ",".join(addresses)
    return [es.name, es.raw.get("addressType", "IPv4"), ports or "<unset>", endpoints,
            age(es.metadata.get("creationTimestamp"), ctx.now)]


def _ing_row(ing, ctx):
    hosts = [r.get("host") for r in ing.spec.get("rules") or () if r.get("host")]
    address = [i.get("ip") or i.get("hostname") for i in (ing.status.get("loadBalancer") or {}).get("ingress") or ()]
    ports = "80, 443" if ing.spec.get("tls") else "80"
    return [ing.name, ing.spec.get("ingressClassName") or "<none>", ",".join(hosts) or "*", ",".join(address),
            ports, age(ing.metadata.get("creationTimestamp"), ctx.now)]


def _ingclass_row(ic, ctx):
    params = ic.spec.get("parameters")
    param_text = "<none>"
    if params:
        param_text = f"{params.get('kind', '')}/{params.get('name', '')}"
    return [ic.name, ic.spec.get("controller", ""), param_text, age(ic.metadata.get("creationTimestamp"), ctx.now)]


def _netpol_row(np, ctx):
    selector = np.spec.get("podSelector") or {}
    text = selector_to_string(selector) if selector else "<none>"
    return [np.name, text, age(np.metadata.get("creationTimestamp"), ctx.now)]


def _ns_row(ns, ctx):
    phase = (ns.status or {}).get("phase") or ("Terminating" if ns.metadata.get("deletionTimestamp") else "Active")
    return [ns.name, phase, age(ns.metadata.get("creationTimestamp"), ctx.now)]


def _generic_row(obj, ctx):
    return [obj.name, age(obj.metadata.get("creationTimestamp"), ctx.now)]


COLUMNS = {
    "Pod": (["NAME", "READY", "STATUS", "RESTARTS", "AGE"], _pod_row,
            ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"], _pod_wide),
    "Node": (["NAME", "STATUS", "ROLES", "AGE", "VERSION"], _node_row,
             ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"], _node_wide),
    "Deployment": (["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], _deploy_row,
                   ["CONTAINERS", "IMAGES", "SELECTOR"], _workload_wide),
    "ReplicaSet": (["NAME", "DESIRED", "CURRENT", "READY", "AGE"], _rs_row,
                   ["CONTAINERS", "IMAGES", "SELECTOR"], _workload_wide),
    "Service": (["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], _svc_row, ["SELECTOR"], _svc_wide),
    "EndpointSlice": (["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], _slice_row, [], None),
    "Ingress": (["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], _ing_row, [], None),
    "IngressClass": (["NAME", "CONTROLLER", "PARAMETERS", "AGE"], _ingclass_row, [], None),
    "NetworkPolicy": (["NAME", "POD-SELECTOR", "AGE"], _netpol_row, [], None),
    "Namespace": (["NAME", "STATUS", "AGE"], _ns_row, [], None),
}


def table(objects: list, kind: str, ctx: Context, *, wide=False, show_labels=False, with_namespace=False,
          with_kind=False, headers=True) -> str:
    """A ``kubectl get`` table of ``objects`` (all of ``kind``). ``with_kind`` prefixes names with
    ``pod/`` (several types in one command); ``with_namespace`` adds kubectl's NAMESPACE column (``-A``)."""
    head, row_fn, wide_head, wide_fn = COLUMNS.get(kind, (["NAME", "AGE"], _generic_row, [], None))
    head = list(head) + (list(wide_head) if wide and wide_fn else [])
    if show_labels:
        head.append("LABELS")
    if with_namespace:
        head.insert(0, "NAMESPACE")
    rows = [head] if headers else []
    prefix = for_kind(kind).qualified + "/" if with_kind else ""
    for obj in objects:
        row = row_fn(obj, ctx)
        row[0] = prefix + row[0]
        if wide and wide_fn:
            row += wide_fn(obj, ctx)
        if show_labels:
            row.append(labels_string(obj.labels))
        if with_namespace:
            row.insert(0, obj.namespace)
        rows.append(row)
    text = "".join("\t".join(r) + "\n" for r in rows)
    release(rows)
    return format_text(text, 6, 3)


def events_table(events: list, ctx: Context, with_namespace=False) -> str:
    """``kubectl get events``: LAST SEEN TYPE REASON OBJECT MESSAGE (NAMESPACE first with ``-A``)."""
    head = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    if with_namespace:
        head.insert(0, "NAMESPACE")
    rows = [head]
    for ev, ns in events:
        kind, _, name = ev.object
        row = [human_duration(ctx.now - ev.time), ev.type, ev.reason, f"{kind.lower()}/{name}", ev.message]
        if with_namespace:
            row.insert(0, ns)
        rows.append(row)
    return format_text("".join("\t".join(r) + "\n" for r in rows), 6, 3)


def names(objects: list) -> str:
    """``-o name``: ``deployment.apps/api`` per line."""
    return "".join(f"{for_kind(o.kind).qualified}/{o.name}\n" for o in objects)


def _sorted(value):
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def as_list(objects: list) -> dict:
    return {"apiVersion": "v1", "items": [o.raw for o in objects], "kind": "List",
            "metadata": {"resourceVersion": ""}}


def to_json(value) -> str:
    """``-o json``: four-space indent, as kubectl prints."""
    return json.dumps(value, indent=4, ensure_ascii=False) + "\n"


def to_yaml(value) -> str:
    """``-o yaml``: keys sorted, as kubectl (which goes through JSON) prints them."""
    from explorer.io.safe_yaml import dump
    return dump(_sorted(value))
