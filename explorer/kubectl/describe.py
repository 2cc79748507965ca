"""``kubectl describe`` for Pods, Nodes, Services, Deployments (and ReplicaSets, Namespaces, other kinds in
a short generic form), laid out with kubectl's own format strings and tabwriter settings, Events included.

Each ``describe_<kind>(obj, sim)`` returns the whole text. Events come from ``sim.events`` (the simulator's
event log), matched on the involved object.
"""

from __future__ import annotations

from explorer.kubectl.humanize import age, cpu_string, human_duration, memory_string, rfc1123z
from explorer.kubectl.printers import labels_string, node_roles
from explorer.kubectl.tabwriter import FLUSH, format_text
from explorer.model.objects import Node, pod_spec_requests
from explorer.model.quantity import cpu_millis, memory_bytes
from explorer.model.selectors import selector_to_string

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


class _Writer:
    """kubectl's PrefixWriter: ``write(level, text)`` indents by two spaces per level."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        self.parts.append("  " * level + text)

    def flush(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")
        self.parts.append(FLUSH + "\n")

    def text(self) -> str:
        return format_text("".join(self.parts), 0, 2)


def _multiline(w: _Writer, title: str, items: list, initial: str = "") -> None:
    w.write(0, f"{initial}{title}:\t")
    if not items:
        w.write(0, "<none>\n")
        return
    for i, item in enumerate(items):
        if i:
            w.write(0, f"{initial}\t")
        w.write(0, f"{item}\n")


def _labels(w, title, labels: dict, initial=""):
    _multiline(w, title, [f"{k}={labels[k]}" for k in sorted(labels or {})], initial)


def _annotations(w, title, annotations: dict, initial=""):
    keys = sorted(k for k in annotations or {} if k != LAST_APPLIED)
    _multiline(w, title, [f"{k}: {annotations[k]}" for k in keys], initial)


def _taints_text(taints: list) -> list:
    def text(t):
        key, value, effect = t.get("key", ""), t.get("value") or "", t.get("effect", "")
        return f"{key}={value}:{effect}" if value else f"{key}:{effect}"
    return [text(t) for t in sorted(taints or (), key=lambda t: f"{t.get('effect', '')},{t.get('key', '')}")]


def _tolerations_text(tolerations: list) -> list:
    out = []
    for t in tolerations or ():
        s = t.get("key", "") or ""
        if t.get("value"):
            s += f"={t['value']}"
        if t.get("effect"):
            s += f":{t['effect']}"
        if t.get("operator") == "Exists" and not t.get("value"):
            s += " op=Exists" if (t.get("key") or t.get("effect")) else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            s += f" for {t['tolerationSeconds']}s"
        out.append(s)
    return out


def _events(w: _Writer, sim, key: tuple) -> None:
    events = [e for e in sim.events if tuple(e.object) == tuple(key)]
    if not events:
        w.write(0, "Events:\t<none>\n")
        return
    w.flush()
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    # identical events are aggregated by the event recorder into one with a count
    merged: dict = {}
    for e in events:
        k = (e.type, e.reason, e.component, e.message)
        first, last, count = merged.get(k, (e.time, e.time, 0))
        merged[k] = (first, e.time, count + 1)
    for (type_, reason, component, message), (first, last, count) in sorted(
            merged.items(), key=lambda item: item[1][1]):
        interval = human_duration(sim.now - first)
        if count > 1:
            interval = f"{human_duration(sim.now - last)} (x{count} over {interval})"
        w.write(1, f"{type_}\t{reason}\t{interval}\t{component}\t{message.strip()}\n")


def _controller(obj) -> str:
    ref = obj.controller_owner
    return f"{ref.get('kind')}/{ref.get('name')}" if ref else ""


# containers ----------------------------------------------------------------------------------------------

def _ports(ports, field: str) -> str:
    out = []
    for p in ports or ():
        text = f"{p.get(field, 0)}/{p.get('protocol', 'TCP')}"
        if p.get("name"):
            text += f" ({p['name']})"
        out.append(text)
    return ", ".join(out)


def _resources(w, resources: dict, level: int) -> None:
    for title in ("limits", "requests"):
        values = (resources or {}).get(title) or {}
        if values:
            w.write(level, f"{title.capitalize()}:\n")
        for name in sorted(values):
            w.write(level + 1, f"{name}:\t{values[name]}\n")


def _state(w, name: str, state: dict) -> None:
    if "running" in state:
        w.write(2, f"{name}:\tRunning\n")
        w.write(3, f"Started:\t{rfc1123z((state['running'] or {}).get('startedAt'))}\n")
    elif "terminated" in state:
        t = state["terminated"] or {}
        w.write(2, f"{name}:\tTerminated\n")
        if t.get("reason"):
            w.write(3, f"Reason:\t{t['reason']}\n")
        w.write(3, f"Exit Code:\t{t.get('exitCode', 0)}\n")
        w.write(3, f"Started:\t{rfc1123z(t.get('startedAt'))}\n")
        w.write(3, f"Finished:\t{rfc1123z(t.get('finishedAt'))}\n")
    else:
        w.write(2, f"{name}:\tWaiting\n")
        reason = (state.get("waiting") or {}).get("reason")
        if reason:
            w.write(3, f"Reason:\t{reason}\n")


def _probe(p: dict) -> str:
    attrs = (f"delay={p.get('initialDelaySeconds', 0)}s timeout={p.get('timeoutSeconds', 1)}s "
             f"period={p.get('periodSeconds', 10)}s #success={p.get('successThreshold', 1)} "
             f"#failure={p.get('failureThreshold', 3)}")
    if "httpGet" in p:
        g = p["httpGet"]
        return f"http-get {str(g.get('scheme', 'HTTP')).lower()}://{g.get('host', '')}:{g.get('port', '')}" \
               f"{g.get('path', '')} {attrs}"
    if "tcpSocket" in p:
        return f"tcp-socket {p['tcpSocket'].get('host', '')}:{p['tcpSocket'].get('port', '')} {attrs}"
    if "exec" in p:
        return f"exec [{' '.join(p['exec'].get('command') or [])}] {attrs}"
    return f"unknown {attrs}"


def _containers(w, label: str, containers: list, statuses: list | None, space: str = "") -> None:
    w.write(0, f"{space}{label}:{'' if containers else ' <none>'}\n")
    by_name = {s.get("name"): s for s in statuses or ()}
    for c in containers or ():
        status = by_name.get(c.get("name"))
        w.write(1, f"{' ' if space else ''}{c.get('name', '')}:\n")
        if status is not None:
            w.write(2, f"Container ID:\t{status.get('containerID', '')}\n")
        w.write(2, f"Image:\t{c.get('image', '')}\n")
        if status is not None:
            w.write(2, f"Image ID:\t{status.get('imageID', '')}\n")
        ports = _ports(c.get("ports"), "containerPort")
        w.write(2, f"Ports:\t{ports}\n" if "," in ports else f"Port:\t{ports or '<none>'}\n")
        hports = _ports(c.get("ports"), "hostPort")
        w.write(2, f"Host Ports:\t{hports}\n" if "," in hports else f"Host Port:\t{hports or '<none>'}\n")
        if c.get("command"):
            w.write(2, "Command:\n")
            for part in c["command"]:
                w.write(3, f"{part}\n")
        if c.get("args"):
            w.write(2, "Args:\n")
            for part in c["args"]:
                w.write(3, f"{part}\n")
        if status is not None:
            _state(w, "State", status.get("state") or {})
            w.write(2, f"Ready:\t{'True' if status.get('ready') else 'False'}\n")
            w.write(2, f"Restart Count:\t{status.get('restartCount', 0)}\n")
        _resources(w, c.get("resources"), 2)
        for title, field in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"),
                             ("Startup", "startupProbe")):
            if c.get(field):
                w.write(2, f"{title}:\t{_probe(c[field])}\n")
        env = c.get("env") or []
        w.write(2, "Environment:" + ("" if env else "\t<none>") + "\n")
        for e in env:
            if "value" in e or "valueFrom" not in e:
                w.write(3, f"{e.get('name', '')}:\t{e.get('value', '')}\n")
            else:
                w.write(3, f"{e.get('name', '')}:\t<set from {next(iter(e['valueFrom']), '')}>\n")
        mounts = c.get("volumeMounts") or []
        w.write(2, "Mounts:" + ("" if mounts else "\t<none>") + "\n")
        for m in sorted(mounts, key=lambda m: m.get("mountPath", "")):
            flags = "ro" if m.get("readOnly") else "rw"
            w.write(3, f"{m.get('mountPath', '')} from {m.get('name', '')} ({flags})\n")


def _volumes(w, volumes: list, space: str = "") -> None:
    if not volumes:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for v in volumes:
        w.write(1, f"{' ' if space else ''}{v.get('name', '')}:\n")
        if "emptyDir" in v:
            w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n")
            w.write(2, f"Medium:\t{(v['emptyDir'] or {}).get('medium', '')}\n")
            w.write(2, f"SizeLimit:\t{(v['emptyDir'] or {}).get('sizeLimit', '<unset>')}\n")
        elif "configMap" in v:
            w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n")
            w.write(2, f"Name:\t{v['configMap'].get('name', '')}\n")
            w.write(2, f"Optional:\t{str(bool(v['configMap'].get('optional'))).lower()}\n")
        elif "secret" in v:
            w.write(2, "Type:\tSecret (a volume populated by a Secret)\n")
            w.write(2, f"SecretName:\t{v['secret'].get('secretName', '')}\n")
            w.write(2, f"Optional:\t{str(bool(v['secret'].get('optional'))).lower()}\n")
        elif "persistentVolumeClaim" in v:
            w.write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
                       "namespace)\n")
            w.write(2, f"ClaimName:\t{v['persistentVolumeClaim'].get('claimName', '')}\n")
            w.write(2, f"ReadOnly:\t{str(bool(v['persistentVolumeClaim'].get('readOnly'))).lower()}\n")
        elif "hostPath" in v:
            w.write(2, "Type:\tHostPath (bare host directory volume)\n")
            w.write(2, f"Path:\t{v['hostPath'].get('path', '')}\n")
            w.write(2, f"HostPathType:\t{v['hostPath'].get('type', '') or '<none>'}\n")
        else:
            w.write(1, "<unknown>\n")


def _pod_template(w, template: dict) -> None:
    w.write(0, "Pod Template:\n")
    meta = template.get("metadata") or {}
    spec = template.get("spec") or {}
    _labels(w, "Labels", meta.get("labels") or {}, "  ")
    if meta.get("annotations"):
        _annotations(w, "Annotations", meta["annotations"], "  ")
    if spec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        _containers(w, "Init Containers", spec["initContainers"], None, "  ")
    _containers(w, "Containers", spec.get("containers") or [], None, "  ")
    _volumes(w, spec.get("volumes") or [], "  ")
    if spec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    _labels(w, "Node-Selectors", spec.get("nodeSelector") or {}, "  ")
    _multiline(w, "Tolerations", _tolerations_text(spec.get("tolerations")), "  ")


# kinds ---------------------------------------------------------------------------------------------------

def describe_pod(pod, sim) -> str:
    w = _Writer()
    spec, status, meta = pod.spec, pod.status, pod.metadata
    w.write(0, f"Name:\t{pod.name}\n")
    w.write(0, f"Namespace:\t{pod.namespace}\n")
    w.write(0, f"Priority:\t{spec.get('priority', 0)}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    w.write(0, f"Service Account:\t{spec.get('serviceAccountName') or 'default'}\n")
    w.write(0, f"Node:\t{pod.node_name + '/' + status.get('hostIP', '') if pod.node_name else '<none>'}\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{rfc1123z(status['startTime'])}\n")
    _labels(w, "Labels", pod.labels)
    _annotations(w, "Annotations", pod.annotations)
    if meta.get("deletionTimestamp") and pod.phase not in ("Failed", "Succeeded"):
        from explorer.kubectl.humanize import seconds_of
        lasts = human_duration(sim.now - (seconds_of(meta["deletionTimestamp"]) or sim.now))
        w.write(0, f"Status:\tTerminating (lasts {lasts})\n")
        w.write(0, f"Termination Grace Period:\t{meta.get('deletionGracePeriodSeconds', 30)}s\n")
    else:
        w.write(0, f"Status:\t{pod.phase}\n")
    if status.get("reason"):
        w.write(0, f"Reason:\t{status['reason']}\n")
    if status.get("message"):
        w.write(0, f"Message:\t{status['message']}\n")
    w.write(0, f"IP:\t{status.get('podIP', '')}\n")
    ips = status.get("podIPs") or []
    if ips:
        w.write(0, "IPs:\n")
        for ip in ips:
            w.write(1, f"IP:\t{ip.get('ip', '')}\n")
    else:
        w.write(0, "IPs:\t<none>\n")
    if _controller(pod):
        w.write(0, f"Controlled By:\t{_controller(pod)}\n")
    if status.get("nominatedNodeName"):
        w.write(0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")
    if spec.get("initContainers"):
        _containers(w, "Init Containers", spec["initContainers"], status.get("initContainerStatuses"))
    _containers(w, "Containers", spec.get("containers") or [], status.get("containerStatuses"))
    conditions = status.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')} \n")
    _volumes(w, spec.get("volumes") or [])
    w.write(0, f"QoS Class:\t{status.get('qosClass', 'BestEffort')}\n")
    _labels(w, "Node-Selectors", spec.get("nodeSelector") or {})
    _multiline(w, "Tolerations", _tolerations_text(spec.get("tolerations")))
    _events(w, sim, pod.key)
    return w.text()


def describe_node(node, sim) -> str:
    w = _Writer()
    status = node.status
    w.write(0, f"Name:\t{node.name}\n")
    w.write(0, f"Roles:\t{','.join(node_roles(node)) or '<none>'}\n")
    _labels(w, "Labels", node.labels)
    _annotations(w, "Annotations", node.annotations)
    w.write(0, f"CreationTimestamp:\t{rfc1123z(node.metadata.get('creationTimestamp'))}\n")
    _multiline(w, "Taints", _taints_text(node.spec.get("taints")))
    w.write(0, f"Unschedulable:\t{'true' if node.unschedulable else 'false'}\n")
    ready = next((c for c in status.get("conditions") or () if c.get("type") == "Ready"), {})
    w.write(0, "Lease:\n")
    w.write(1, f"HolderIdentity:\t{node.name}\n")
    w.write(1, "AcquireTime:\t<unset>\n")
    w.write(1, f"RenewTime:\t{rfc1123z(ready.get('lastHeartbeatTime'))}\n")
    conditions = status.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')} \t{rfc1123z(c.get('lastHeartbeatTime'))} \t"
                       f"{rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t{c.get('message', '')}\n")
    w.write(0, "Addresses:\n")
    for a in status.get("addresses") or ():
        w.write(1, f"{a.get('type')}:\t{a.get('address')}\n")
    for title, field in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
        values = status.get(field) or {}
        if values:
            w.write(0, f"{title}:\n")
            for name in sorted(values, key=_resource_order):
                w.write(0, f"  {name}:\t{values[name]}\n")
    info = status.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for title, field in (("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
                         ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"),
                         ("Operating System", "operatingSystem"), ("Architecture", "architecture"),
                         ("Container Runtime Version", "containerRuntimeVersion"),
                         ("Kubelet Version", "kubeletVersion")):
        w.write(0, f"  {title}:\t{info.get(field, '')}\n")
    if node.pod_cidr:
        w.write(0, f"PodCIDR:\t{node.pod_cidr}\n")
    if node.spec.get("podCIDRs"):
        w.write(0, f"PodCIDRs:\t{','.join(node.spec['podCIDRs'])}\n")
    if node.spec.get("providerID"):
        w.write(0, f"ProviderID:\t{node.spec['providerID']}\n")
    pods = [p for p in sim.api.list("Pod") if p.node_name == node.name and p.phase not in ("Succeeded", "Failed")]
    _node_resources(w, node, pods, sim.now)
    _events(w, sim, node.key)
    return w.text()


def _resource_order(name: str):
    # SortableResourceNames: plain string order
    return name


def _limits(pod) -> tuple[int, int]:
    cpu = mem = 0
    for c in pod.containers:
        lim = (c.get("resources") or {}).get("limits") or {}
        cpu += cpu_millis(lim["cpu"]) if "cpu" in lim else 0
        mem += memory_bytes(lim["memory"]) if "memory" in lim else 0
    return cpu, mem


def _node_resources(w, node: Node, pods: list, now: int) -> None:
    alloc = node.allocatable
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")

    def pct(value, total):
        return int(value * 100 / total) if total else 0
    total = [0, 0, 0, 0]
    for pod in pods:
        req = pod_spec_requests(pod.spec)
        lim_cpu, lim_mem = _limits(pod)
        values = (req.cpu, lim_cpu, req.memory, lim_mem)
        total = [a + b for a, b in zip(total, values)]
        w.write(1, f"{pod.namespace}\t{pod.name}\t\t{cpu_string(req.cpu)} ({pct(req.cpu, alloc['cpu'])}%)\t"
                   f"{cpu_string(lim_cpu)} ({pct(lim_cpu, alloc['cpu'])}%)\t"
                   f"{memory_string(req.memory)} ({pct(req.memory, alloc['memory'])}%)\t"
                   f"{memory_string(lim_mem)} ({pct(lim_mem, alloc['memory'])}%)\t"
                   f"{age(pod.metadata.get('creationTimestamp'), now)}\n")
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    w.write(1, f"cpu\t{cpu_string(total[0])} ({pct(total[0], alloc['cpu'])}%)\t"
               f"{cpu_string(total[1])} ({pct(total[1], alloc['cpu'])}%)\n")
    w.write(1, f"memory\t{memory_string(total[2])} ({pct(total[2], alloc['memory'])}%)\t"
               f"{memory_string(total[3])} ({pct(total[3], alloc['memory'])}%)\n")
    w.write(1, "ephemeral-storage\t0 (0%)\t0 (0%)\n")


def describe_service(svc, sim) -> str:
    w = _Writer()
    spec = svc.spec
    w.write(0, f"Name:\t{svc.name}\n")
    w.write(0, f"Namespace:\t{svc.namespace}\n")
    _labels(w, "Labels", svc.labels)
    _annotations(w, "Annotations", svc.annotations)
    w.write(0, f"Selector:\t{','.join(f'{k}={v}' for k, v in sorted(svc.selector.items()))}\n")
    w.write(0, f"Type:\t{svc.type}\n")
    if spec.get("ipFamilyPolicy"):
        w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    w.write(0, f"IP Families:\t{','.join(spec.get('ipFamilies') or []) or '<none>'}\n")
    w.write(0, f"IP:\t{spec.get('clusterIP', '')}\n")
    w.write(0, f"IPs:\t{','.join(spec.get('clusterIPs') or []) or '<none>'}\n")
    if spec.get("externalIPs"):
        w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    lb = (svc.status.get("loadBalancer") or {}).get("ingress") or []
    if lb:
        text = ", ".join((i.get("ip") or i.get("hostname", "")) + (f" ({i['ipMode']})" if i.get("ipMode") else "")
                         for i in lb)
        w.write(0, f"LoadBalancer Ingress:\t{text}\n")
    slices = [s for s in sim.api.list("EndpointSlice", svc.namespace)
              if s.labels.get("kubernetes.io/service-name") == svc.name]
    for p in spec.get("ports") or ():
        name = p.get("name") or "<unset>"
        proto = p.get("protocol", "TCP")
        w.write(0, f"Port:\t{name}\t{p.get('port')}/{proto}\n")
        target = p.get("targetPort", p.get("port"))
        w.write(0, f"TargetPort:\t{target}/{proto}\n")
        if p.get("nodePort"):
            w.write(0, f"NodePort:\t{name}\t{p['nodePort']}/{proto}\n")
        w.write(0, f"Endpoints:\t{_endpoints(slices, p.get('name') or '')}\n")
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity', 'None')}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy"):
        w.write(0, f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n")
    _events(w, sim, svc.key)
    return w.text()


def _endpoints(slices: list, port_name: str) -> str:
    """kubectl's ``formatEndpointSlices``: ready ``ip:port`` list, at most 3 then ``+ N more...``."""
    out = []
    for s in slices:
        ports = [p for p in s.raw.get("ports") or () if (p.get("name") or "") == port_name]
        for e in s.raw.get("endpoints") or ():
            if (e.get("conditions") or {}).get("ready") is False:
                continue
            for addr in e.get("addresses") or ():
                for p in ports:
                    out.append(f"{addr}:{p.get('port')}")
    if not out:
        return "<none>"
    if len(out) > 3:
        return ",".join(out[:3]) + f" + {len(out) - 3} more..."
    return ",".join(out)


def _rs_created(rs) -> str:
    return f"{rs.name} ({(rs.status or {}).get('replicas', 0)}/{rs.replicas} replicas created)"


def owned_replicasets(sim, dep) -> tuple[list, object]:
    """(old ReplicaSets, new ReplicaSet or None) of a Deployment; the new one matches its pod template."""
    from explorer.sim.controllers.deployment import _template_without_hash
    rss = [r for r in sim.api.list("ReplicaSet", dep.namespace)
           if (r.controller_owner or {}).get("uid") == dep.uid]
    wanted = _template_without_hash(dep.template)
    new = next((r for r in rss if _template_without_hash(r.template) == wanted), None)
    olds = [r for r in rss if r is not new]
    return olds, new


def describe_deployment(dep, sim) -> str:
    w = _Writer()
    st = dep.status
    w.write(0, f"Name:\t{dep.name}\n")
    w.write(0, f"Namespace:\t{dep.namespace}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(dep.metadata.get('creationTimestamp'))}\n")
    _labels(w, "Labels", dep.labels)
    _annotations(w, "Annotations", dep.annotations)
    w.write(0, f"Selector:\t{selector_to_string(dep.selector)}\n")
    w.write(0, f"Replicas:\t{dep.replicas} desired | {st.get('updatedReplicas', 0)} updated | "
               f"{st.get('replicas', 0)} total | {st.get('availableReplicas', 0)} available | "
               f"{st.get('unavailableReplicas', 0)} unavailable\n")
    w.write(0, f"StrategyType:\t{dep.strategy_type}\n")
    w.write(0, f"MinReadySeconds:\t{dep.spec.get('minReadySeconds', 0)}\n")
    if dep.strategy_type == "RollingUpdate":
        w.write(0, f"RollingUpdateStrategy:\t{dep.max_unavailable} max unavailable, {dep.max_surge} max surge\n")
    _pod_template(w, dep.template)
    conditions = st.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason', '')}\n")
    olds, new = owned_replicasets(sim, dep)
    if olds or new is not None:
        w.write(0, f"OldReplicaSets:\t{', '.join(_rs_created(r) for r in olds) or '<none>'}\n")
        w.write(0, f"NewReplicaSet:\t{_rs_created(new) if new is not None else '<none>'}\n")
    _events(w, sim, dep.key)
    return w.text()


def _pod_counts(sim, obj) -> str:
    pods = [p for p in sim.api.list("Pod", obj.namespace) if (p.controller_owner or {}).get("uid") == obj.uid]
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    for p in pods:
        counts[p.phase if p.phase in counts else "Pending"] += 1
    return (f"{counts['Running']} Running / {counts['Pending']} Waiting / {counts['Succeeded']} Succeeded / "
            f"{counts['Failed']} Failed")


def describe_replicaset(rs, sim) -> str:
    w = _Writer()
    w.write(0, f"Name:\t{rs.name}\n")
    w.write(0, f"Namespace:\t{rs.namespace}\n")
    w.write(0, f"Selector:\t{selector_to_string(rs.selector)}\n")
    _labels(w, "Labels", rs.labels)
    _annotations(w, "Annotations", rs.annotations)
    if _controller(rs):
        w.write(0, f"Controlled By:\t{_controller(rs)}\n")
    w.write(0, f"Replicas:\t{rs.status.get('replicas', 0)} current / {rs.replicas} desired\n")
    w.write(0, f"Pods Status:\t{_pod_counts(sim, rs)}\n")
    _pod_template(w, rs.template)
    _events(w, sim, rs.key)
    return w.text()


def describe_generic(obj, sim) -> str:
    """Name, namespace, labels, annotations and events, for kinds without a dedicated describer."""
    w = _Writer()
    w.write(0, f"Name:\t{obj.name}\n")
    if obj.namespace:
        w.write(0, f"Namespace:\t{obj.namespace}\n")
    _labels(w, "Labels", obj.labels)
    _annotations(w, "Annotations", obj.annotations)
    if obj.kind == "Namespace":
        w.write(0, "Status:\tActive\n")
        w.write(0, "\nNo resource quota.\n\nNo LimitRange resource.\n")
        return w.text()
    if obj.kind == "Ingress":
        w.write(0, f"Ingress Class:\t{obj.spec.get('ingressClassName') or '<none>'}\n")
        w.write(0, "Rules:\n  Host\tPath\tBackends\n  ----\t----\t--------\n")
        for p in obj.paths:
            w.write(1, f"{p.host or '*'}\t\n")
            w.write(2, f"\t{p.path}\t{p.service}:{p.port}\n")
    elif obj.kind == "NetworkPolicy":
        w.write(0, f"Created on:\t{rfc1123z(obj.metadata.get('creationTimestamp'))}\n")
        w.write(0, "Spec:\n")
        sel = obj.spec.get("podSelector") or {}
        everyone = "<none> (Allowing the specific traffic to all pods in this namespace)"
        w.write(1, f"PodSelector:\t{selector_to_string(sel) if sel else everyone}\n")
        w.write(1, f"Policy Types:\t{', '.join(obj.policy_types)}\n")
    _events(w, sim, obj.key)
    return w.text()


DESCRIBERS = {"Pod": describe_pod, "Node": describe_node, "Service": describe_service,
              "Deployment": describe_deployment, "ReplicaSet": describe_replicaset}


def describe(obj, sim) -> str:
    return DESCRIBERS.get(obj.kind, describe_generic)(obj, sim)


__all__ = ["describe", "labels_string"]
