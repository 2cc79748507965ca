"""Read-only commands: get, describe, explain, logs, top, version."""

from __future__ import annotations

from explorer.kubectl import printers
from explorer.kubectl.core import CommandError
from explorer.kubectl.describe import describe as describe_object
from explorer.kubectl.explain import explain
from explorer.kubectl.humanize import memory_mi, naming_timestamp
from explorer.kubectl.resources import ALL, lookup
from explorer.kubectl.tabwriter import format_text
from explorer.model.objects import pod_spec_requests
from explorer.sim.api import ApiError, parse_selector


def split_targets(kc, args: list, verb: str = "get") -> list:
    """[(ResourceType, [names])] from ``pods a b`` / ``pods,svc`` / ``pod/a svc/b`` / ``all``.

    An empty name list means "every object of that type"."""
    if not args:
        raise CommandError(f"You must specify the type of resource to {verb}. Use \"kubectl api-resources\" for "
                           f"a complete list of supported resources.")
    if "/" in args[0]:
        out = []
        for word in args:
            type_name, sep, name = word.partition("/")
            if not sep or not name:
                raise CommandError("there is no need to specify a resource type as a separate argument when "
                                   "passing arguments in resource/name form (e.g. 'kubectl get resource/<"
                                   "resource_name>' instead of 'kubectl get resource resource/<resource_name>'")
            rtype = kc.resource_type(type_name)
            if out and out[-1][0] is rtype:
                out[-1][1].append(name)
            else:
                out.append((rtype, [name]))
        return out
    types = []
    for name in args[0].split(","):
        if name == "all":
            types += [lookup(k) for k in ALL]
        else:
            types.append(kc.resource_type(name))
    return [(t, list(args[1:])) for t in types]


def _list(kc, rtype, flags) -> list:
    namespace = None if flags.get("all-namespaces") or not rtype.namespaced else kc.namespace(flags)
    try:
        selector = parse_selector(flags["selector"]) if flags.get("selector") else None
    except ApiError as exc:
        raise CommandError(exc.message) from None
    return kc.sim.api.list(rtype.kind, namespace, selector)


def _fetch(kc, rtype, names, flags, out) -> list:
    """Objects named (errors for missing ones go to stderr) or all objects of the type."""
    if not names:
        return _list(kc, rtype, flags)
    found = []
    ns = kc.namespace(flags)
    for name in names:
        try:
            found.append(kc.sim.api.get(rtype.kind, ns if rtype.namespaced else "", name))
        except ApiError as exc:
            out.error(kc.error_text(exc))
            out.code = 1
    return found


# events ------------------------------------------------------------------------------------------------

def event_namespace(event) -> str:
    kind, ns, _ = event.object
    return ns or "default"


def event_objects(events: list, now_ts) -> list:
    """Events as ``v1`` Event dicts (for ``-o yaml/json/name``)."""
    out = []
    for i, e in enumerate(events):
        kind, ns, name = e.object
        ts = now_ts(e.time)
        out.append({"apiVersion": "v1", "kind": "Event",
                    "metadata": {"name": f"{name}.{i:016x}", "namespace": ns or "default",
                                 "creationTimestamp": ts},
                    "involvedObject": {"kind": kind, "name": name, **({"namespace": ns} if ns else {})},
                    "reason": e.reason, "message": e.message, "type": e.type, "count": 1,
                    "source": {"component": e.component}, "firstTimestamp": ts, "lastTimestamp": ts,
                    "reportingComponent": e.component})
    return out


def _get_events(kc, names, flags, out) -> None:
    sim = kc.sim
    all_ns = bool(flags.get("all-namespaces"))
    ns = kc.namespace(flags)
    events = [(e, event_namespace(e)) for e in sim.events]
    if not all_ns:
        events = [(e, n) for e, n in events if n == ns]
    events.sort(key=lambda pair: pair[0].time)
    output = flags.get("output")
    if output in ("yaml", "json", "name"):
        objs = event_objects([e for e, _ in events], naming_timestamp)
        if output == "name":
            out.write("".join(f"event/{o['metadata']['name']}\n" for o in objs))
        else:
            data = objs[0] if names and len(objs) == 1 else {"apiVersion": "v1", "items": objs, "kind": "List",
                                                              "metadata": {"resourceVersion": ""}}
            out.write(printers.to_yaml(data) if output == "yaml" else printers.to_json(data))
        return
    if not events:
        out.error("No resources found" + ("" if all_ns else f" in {ns} namespace."))
        return
    out.write(printers.events_table(events, printers.Context(sim.now), with_namespace=all_ns))


# get ---------------------------------------------------------------------------------------------------

def get(kc, args, flags, out) -> None:
    """``kubectl get``. Flags: -n, -A, -o wide|yaml|json|name, -l, --show-labels, --no-headers."""
    output = flags.get("output", "")
    if output not in ("", "wide", "yaml", "json", "name"):
        raise CommandError(f'unable to match a printer suitable for the output format "{output}", allowed '
                           f'formats are: json,name,wide,yaml')
    if flags.get("watch"):
        raise CommandError("--watch is not supported in the simulation; step the simulation and run get again")
    targets = split_targets(kc, args)
    is_all = args and "all" in args[0].split(",")
    if len(targets) == 1 and targets[0][0].kind == "Event":
        _get_events(kc, targets[0][1], flags, out)
        return
    ctx = printers.Context(kc.sim.now)
    all_ns = bool(flags.get("all-namespaces"))
    collected = []
    for rtype, names in targets:
        if rtype.kind == "Event":
            continue
        collected.append((rtype, names, _fetch(kc, rtype, names, flags, out)))
    objects = [o for _, _, objs in collected for o in objs]
    if output in ("yaml", "json"):
        single = len(targets) == 1 and len(targets[0][1]) == 1 and len(objects) == 1
        data = objects[0].raw if single else printers.as_list(objects)
        if objects or not any(names for _, names, _ in collected):
            out.write(printers.to_yaml(data) if output == "yaml" else printers.to_json(data))
        return
    if output == "name":
        out.write(printers.names(objects))
        return
    if not objects:
        if not any(names for _, names, _ in collected):
            scoped = any(t.namespaced for t, _, _ in collected)
            where = f" in {kc.namespace(flags)} namespace." if scoped and not all_ns else ""
            out.error("No resources found" + where)
        return
    several = len(collected) > 1 or is_all
    tables = []
    for rtype, names, objs in collected:
        if not objs:
            continue
        tables.append(printers.table(objs, rtype.kind, ctx, wide=output == "wide",
                                     show_labels=bool(flags.get("show-labels")),
                                     with_namespace=all_ns and rtype.namespaced, with_kind=several,
                                     headers=not flags.get("no-headers")))
    out.write("\n".join(tables))


# describe ----------------------------------------------------------------------------------------------

def describe(kc, args, flags, out) -> None:
    """``kubectl describe TYPE [NAME_PREFIX]`` or ``TYPE/NAME``; a name that matches nothing exactly
    describes every object whose name starts with it (as kubectl does)."""
    targets = split_targets(kc, args, "describe")
    texts = []
    sim = kc.sim
    ns = kc.namespace(flags)
    for rtype, names in targets:
        if not names:
            objs = _list(kc, rtype, flags)
            if not objs and not texts:
                out.error(f"No resources found in {ns} namespace." if rtype.namespaced else "No resources found")
            texts += [describe_object(o, sim) for o in objs]
            continue
        for name in names:
            try:
                texts.append(describe_object(sim.api.get(rtype.kind, ns if rtype.namespaced else "", name), sim))
            except ApiError as exc:
                if exc.reason != "NotFound":
                    raise
                matches = [o for o in _list(kc, rtype, flags) if o.name.startswith(name)]
                if not matches:
                    raise
                texts += [describe_object(o, sim) for o in matches]
    out.write("\n\n".join(texts))


# explain -----------------------------------------------------------------------------------------------

def explain_cmd(kc, args, flags, out) -> None:
    if not args:
        raise CommandError("You must specify the type of resource to explain. Use \"kubectl api-resources\" "
                           "for a complete list of supported resources.")
    resource, *path = args[0].split(".")
    rtype = kc.resource_type(resource)
    try:
        out.write(explain(rtype, [p for p in path if p]))
    except LookupError as exc:
        raise CommandError(str(exc.args[0])) from None


# logs --------------------------------------------------------------------------------------------------

def logs(kc, args, flags, out) -> None:
    if not args:
        raise CommandError("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a "
                           "required argument for the logs command")
    target = args[0]
    ns = kc.namespace(flags)
    if "/" in target:
        type_name, _, name = target.partition("/")
        rtype = kc.resource_type(type_name)
        obj = kc.sim.api.get(rtype.kind, ns, name)
        if rtype.kind != "Pod":
            pods = [p for p in kc.sim.api.list("Pod", ns) if obj.kind in ("Deployment", "ReplicaSet", "Service")
                    and _selects(obj, p)]
            if not pods:
                raise CommandError(f"no pods found for {rtype.qualified}/{name}")
            obj = pods[0]
    else:
        obj = kc.sim.api.get("Pod", ns, target)
    out.print(f"No logs: pod {obj.namespace}/{obj.name} runs in the Kubernetes Architecture Explorer's "
              f"simulation, where no real containers run, so there is no output to show. "
              f"`kubectl describe pod {obj.name}` shows what the kubelet did.")


def _selects(obj, pod) -> bool:
    from explorer.model.selectors import matches_label_selector, matches_labels
    if obj.kind == "Service":
        return bool(obj.selector) and matches_labels(obj.selector, pod.labels)
    return matches_label_selector(obj.selector, pod.labels)


# top ---------------------------------------------------------------------------------------------------

TOP_NOTE = ("note: these figures are the summed resource requests of the pods, not measured usage "
            "(no real containers run in the simulation)\n")


def top(kc, args, flags, out) -> None:
    if not args or args[0] not in ("node", "nodes", "no", "pod", "pods", "po"):
        raise CommandError("Required resource not specified: use \"kubectl top node\" or \"kubectl top pod\"")
    sim = kc.sim
    pods = [p for p in sim.api.list("Pod") if p.node_name and p.phase not in ("Succeeded", "Failed")]
    if args[0].startswith("no"):
        nodes = sim.api.list("Node")
        if len(args) > 1:
            nodes = [sim.api.get("Node", "", n) for n in args[1:]]
        rows = [["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]]
        for node in nodes:
            mine = [p for p in pods if p.node_name == node.name]
            cpu = sum(pod_spec_requests(p.spec).cpu for p in mine)
            mem = sum(pod_spec_requests(p.spec).memory for p in mine)
            alloc = node.allocatable
            rows.append([node.name, f"{cpu}m", f"{cpu * 100 // alloc['cpu'] if alloc['cpu'] else 0}%",
                         memory_mi(mem), f"{mem * 100 // alloc['memory'] if alloc['memory'] else 0}%"])
    else:
        all_ns = bool(flags.get("all-namespaces"))
        ns = kc.namespace(flags)
        chosen = [p for p in pods if all_ns or p.namespace == ns]
        if len(args) > 1:
            chosen = [sim.api.get("Pod", ns, n) for n in args[1:]]
        if not chosen:
            out.error(TOP_NOTE + (f"No resources found in {ns} namespace." if not all_ns else "No resources found"))
            return
        rows = [(["NAMESPACE"] if all_ns else []) + ["NAME", "CPU(cores)", "MEMORY(bytes)"]]
        for p in chosen:
            req = pod_spec_requests(p.spec)
            rows.append(([p.namespace] if all_ns else []) + [p.name, f"{req.cpu}m", memory_mi(req.memory)])
    # kubectl top terminates every cell with a tab, so even the last column is padded
    out.write(format_text("".join("\t".join(r) + "\t\n" for r in rows), 6, 3))
    out.error(TOP_NOTE)


def version(kc, args, flags, out) -> None:
    nodes = kc.sim.api.list("Node")
    server = ((nodes[0].status.get("nodeInfo") or {}).get("kubeletVersion") if nodes else "") or "v1.34.0"
    out.print(f"Client Version: v1.34.0 (Kubernetes Architecture Explorer)\nServer Version: {server} "
              f"(simulated)")


def api_resources(kc, args, flags, out) -> None:
    """``kubectl api-resources``: the types this kubectl knows."""
    from explorer.kubectl.resources import TYPES
    rows = [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]]
    for t in sorted(TYPES, key=lambda t: (t.group, t.plural)):
        rows.append([t.plural, ",".join(t.short), t.api_version, "true" if t.namespaced else "false", t.kind])
    out.write(format_text("".join("\t".join(r) + "\n" for r in rows), 6, 3))


def cluster_info(kc, args, flags, out) -> None:
    out.print(f"Kubernetes control plane is running at https://{kc.server_address()}\n"
              f"CoreDNS is running at https://{kc.server_address()}/api/v1/namespaces/kube-system/services/"
              f"kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info "
              f"dump'.")


CONTEXT = "explorer"


def config(kc, args, flags, out) -> None:
    """``kubectl config set-context --current --namespace=NS``, ``current-context``, ``get-contexts``."""
    sub = args[0] if args else ""
    if sub == "set-context":
        if not flags.get("current") and args[1:] != [CONTEXT]:
            raise CommandError(f"the explorer has one context, \"{CONTEXT}\": use set-context --current")
        if flags.get("namespace"):
            kc.default_namespace = flags["namespace"]
        out.print(f'Context "{CONTEXT}" modified.')
    elif sub == "current-context":
        out.print(CONTEXT)
    elif sub == "get-contexts":
        rows = [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"],
                ["*", CONTEXT, "simulated", "admin", kc.default_namespace]]
        out.write(format_text("".join("\t".join(r) + "\n" for r in rows), 6, 3))
    else:
        raise CommandError("the explorer's kubectl config supports set-context --current --namespace=NS, "
                           "current-context and get-contexts")


__all__ = ["get", "describe", "explain_cmd", "logs", "top", "version", "split_targets", "api_resources",
           "cluster_info", "config"]
