"""Writes: apply, create, expose, delete, scale, label, annotate (all through :mod:`explorer.kubectl.ops`)."""

from __future__ import annotations

import re

from explorer.kubectl import ops
from explorer.kubectl.commands import _list, split_targets
from explorer.kubectl.core import CommandError
from explorer.kubectl.resources import for_kind
from explorer.kubectl.waiting import advance_until, timeout_seconds
from explorer.sim.api import ApiError


def _load(path: str) -> list:
    """Objects of a manifest file (explorer.io), in file order; CommandError on any error."""
    import os

    from explorer.io import load_topology
    if not os.path.exists(path):
        raise CommandError(f'the path "{path}" does not exist')
    result = load_topology(path)
    if not result.ok:
        raise CommandError("\nerror: ".join(str(d) for d in result.errors))
    return list(result.cluster)


def _with_namespace(kc, raw: dict, flags) -> dict:
    obj_ns = (raw.get("metadata") or {}).get("namespace")
    flag_ns = flags.get("namespace")
    if obj_ns and flag_ns and obj_ns != flag_ns:
        raise CommandError(f'the namespace from the provided object "{obj_ns}" does not match the namespace '
                           f'"{flag_ns}". You must pass \'--namespace={obj_ns}\' to perform this operation.')
    if for_kind(raw.get("kind", "")).namespaced and not obj_ns:
        raw = dict(raw, metadata=dict(raw.get("metadata") or {}, namespace=kc.namespace(flags)))
    return raw


def apply(kc, args, flags, out) -> None:
    """``kubectl apply -f FILE``: create what is missing, merge what exists (``configured``/``unchanged``)."""
    path = flags.get("filename")
    if not path:
        raise CommandError("must specify one of -f and -k")
    sim = kc.sim
    for obj in _load(path):
        raw = _with_namespace(kc, obj.raw, flags)
        label = f"{for_kind(obj.kind).qualified}/{obj.name}"
        try:
            stored = ops.existing(sim, raw)
            if stored is None:
                ops.create(sim, raw)
                out.print(f"{label} created")
                continue
            merged = ops.applied(stored, raw)
            if ops.same(merged, stored.raw):
                out.print(f"{label} unchanged")
                continue
            ops.update(sim, merged)
            out.print(f"{label} configured")
        except ApiError as exc:
            verb = "creating" if ops.existing(sim, raw) is None else "applying patch"
            out.error(f'Error from server ({exc.reason}): error when {verb} "{path}": {exc.message}')
            out.code = 1


def _container_name(image: str) -> str:
    base = image.split("@", 1)[0].rsplit("/", 1)[-1].split(":", 1)[0]
    return re.sub(r"[^a-z0-9-]", "-", base.lower()).strip("-") or "container"


def _int_flag(flags, name: str, default=None):
    value = flags.get(name, default)
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise CommandError(f'invalid argument "{value}" for "--{name}" flag: strconv.ParseInt: parsing '
                           f'"{value}": invalid syntax') from None


def create(kc, args, flags, out) -> None:
    """``kubectl create deployment NAME --image=IMAGE [--replicas=N] [--port=P]`` and ``create namespace``."""
    if not args:
        raise CommandError("must specify one of -f and -k")
    what, rest = args[0], args[1:]
    sim = kc.sim
    if what in ("namespace", "ns"):
        if len(rest) != 1:
            raise CommandError("exactly one NAME is required, got " + str(len(rest)))
        raw = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": rest[0]}}
        try:
            ops.create(sim, raw)
        except ApiError as exc:
            raise CommandError(f"failed to create namespace: {exc.message}") from None
        out.print(f"namespace/{rest[0]} created")
        return
    if what not in ("deployment", "deploy"):
        raise CommandError(f'unknown command "{what}" for "kubectl create" (the explorer creates deployments '
                           f'and namespaces; use apply -f for anything else)')
    if len(rest) != 1:
        raise CommandError("exactly one NAME is required, got " + str(len(rest)))
    name = rest[0]
    image = flags.get("image")
    if not image:
        raise CommandError('required flag(s) "image" not set')
    replicas = _int_flag(flags, "replicas", 1)
    port = _int_flag(flags, "port")
    container = {"name": _container_name(image), "image": image, "resources": {}}
    if port is not None:
        container["ports"] = [{"containerPort": port}]
    labels = {"app": name}
    raw = {"apiVersion": "apps/v1", "kind": "Deployment",
           "metadata": {"name": name, "namespace": kc.namespace(flags), "labels": dict(labels)},
           "spec": {"replicas": replicas, "selector": {"matchLabels": dict(labels)}, "strategy": {},
                    "template": {"metadata": {"labels": dict(labels)}, "spec": {"containers": [container]}}}}
    try:
        ops.create(sim, raw)
    except ApiError as exc:
        raise CommandError(f"failed to create deployment: {exc.message}") from None
    out.print(f"deployment.apps/{name} created")


def expose(kc, args, flags, out) -> None:
    """``kubectl expose deployment NAME --port=P [--target-port=T] [--type=T] [--name=N] [--protocol=P]``."""
    targets = split_targets(kc, args, "expose")
    if len(targets) != 1 or len(targets[0][1]) != 1:
        raise CommandError("exactly one resource must be exposed, e.g. `expose deployment NAME --port=80`")
    rtype, (name,) = targets[0]
    if rtype.kind not in ("Deployment", "ReplicaSet", "Service", "Pod"):
        raise CommandError(f"cannot expose a {rtype.kind}")
    sim = kc.sim
    ns = kc.namespace(flags)
    obj = sim.api.get(rtype.kind, ns, name)
    if rtype.kind == "Pod":
        selector = dict(obj.labels)
    elif rtype.kind == "Service":
        selector = dict(obj.selector)
    else:
        sel = obj.selector
        if sel.get("matchExpressions"):
            raise CommandError(f"couldn't retrieve selectors via --selector flag or introspection: "
                               f"{rtype.qualified}/{name} uses matchExpressions, which a Service cannot express")
        selector = dict(sel.get("matchLabels") or {})
    port = _int_flag(flags, "port")
    if port is None:
        spec = obj.spec if rtype.kind == "Pod" else obj.pod_spec if rtype.kind != "Service" else {}
        ports = [p.get("containerPort") for c in spec.get("containers") or () for p in c.get("ports") or ()]
        if rtype.kind == "Service":
            ports = [p.port for p in obj.ports]
        if not ports:
            raise CommandError("couldn't find port via --port flag or introspection")
        port = ports[0]
    target = flags.get("target-port")
    target_port = int(target) if target and target.isdigit() else (target or port)
    svc_type = flags.get("type", "ClusterIP")
    if svc_type not in ("ClusterIP", "NodePort", "LoadBalancer"):
        raise CommandError(f'Service "{flags.get("name", name)}" is invalid: spec.type: Unsupported value: '
                           f'"{svc_type}": supported values: "ClusterIP", "ExternalName", "LoadBalancer", '
                           f'"NodePort"')
    svc_name = flags.get("name", name)
    raw = {"apiVersion": "v1", "kind": "Service",
           "metadata": {"name": svc_name, "namespace": ns, **({"labels": dict(obj.labels)} if obj.labels else {})},
           "spec": {"ports": [{"port": port, "protocol": flags.get("protocol", "TCP"), "targetPort": target_port}],
                    "selector": selector, "type": svc_type}}
    ops.create(sim, raw)
    out.print(f"service/{svc_name} exposed")


def delete(kc, args, flags, out) -> None:
    """``kubectl delete TYPE NAME...``, ``TYPE/NAME``, ``-f FILE``, ``TYPE -l SELECTOR``, ``TYPE --all``."""
    sim = kc.sim
    victims = []
    if flags.get("filename"):
        for obj in _load(flags["filename"]):
            raw = _with_namespace(kc, obj.raw, flags)
            ns = (raw.get("metadata") or {}).get("namespace", "")
            victims.append((for_kind(obj.kind), ns, obj.name))
    else:
        if not args:
            raise CommandError("You must provide one or more resources by argument or filename.\nExample "
                               "resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                               "   '<resource> <name>'\n   '<resource>'")
        for rtype, names in split_targets(kc, args):
            if names:
                victims += [(rtype, kc.namespace(flags), n) for n in names]
            elif flags.get("selector") or flags.get("all"):
                victims += [(rtype, o.namespace, o.name) for o in _list(kc, rtype, flags)]
            else:
                raise CommandError("resource(s) were provided, but no name was specified")
        if not victims:
            out.print("No resources found")
            return
    deleted = []
    for rtype, ns, name in victims:
        try:
            if rtype.kind == "Namespace":
                deleted += ops.delete_namespace(sim, name)
            else:
                deleted.append(ops.delete(sim, rtype.kind, ns, name))
            out.print(f'{rtype.qualified} "{name}" deleted')
        except ApiError as exc:
            out.error(kc.error_text(exc))
            out.code = 1
    if deleted and flags.get("wait", True):
        # kubectl waits until the objects are really gone (running pods first stop their containers)
        def gone():
            return all((sim.store.objects.get(o.key) is None or sim.store.objects[o.key].uid != o.uid)
                       for o in deleted)
        if not advance_until(sim, gone, timeout_seconds(flags, kc.max_wait)):
            raise CommandError("timed out waiting for the condition")


def scale(kc, args, flags, out) -> None:
    """``kubectl scale deployment NAME --replicas=N`` (also ``deployment/NAME``, ReplicaSets)."""
    if "replicas" not in flags:
        raise CommandError('required flag(s) "replicas" not set')
    replicas = _int_flag(flags, "replicas")
    if replicas < 0:
        raise CommandError("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
    sim = kc.sim
    for rtype, names in split_targets(kc, args):
        if rtype.kind not in ("Deployment", "ReplicaSet"):
            raise CommandError(f"cannot scale {rtype.plural}: the explorer scales deployments and replicasets")
        if not names:
            raise CommandError("resource(s) were provided, but no name was specified")
        for name in names:
            obj = sim.api.get(rtype.kind, kc.namespace(flags), name)
            sim.api.check_available()
            if rtype.kind == "Deployment":
                sim.scale(obj.namespace, name, replicas)
            else:
                ops.edit(sim, obj, lambda raw: raw["spec"].__setitem__("replicas", replicas))
            out.print(f"{rtype.qualified}/{name} scaled")


def _key_values(words: list, what: str):
    """(set {k: v}, remove [k]) from ``k=v`` and ``k-`` arguments."""
    sets, removes = {}, []
    for w in words:
        if w.endswith("-") and "=" not in w:
            removes.append(w[:-1])
        elif "=" in w:
            k, _, v = w.partition("=")
            if not k:
                raise CommandError(f"invalid {what} spec: {w}")
            sets[k] = v
        else:
            raise CommandError(f"at least one {what} update is required" if not sets and not removes
                               else f"invalid {what} spec: {w}")
    if not sets and not removes:
        raise CommandError(f"at least one {what} update is required")
    return sets, removes


def _meta_update(kc, args, flags, out, field: str, what: str, verb: str) -> None:
    if not args:
        raise CommandError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if "/" in args[0]:
        split = next((i for i, a in enumerate(args) if "/" not in a), len(args))
        targets = split_targets(kc, args[:split])
        words = args[split:]
    else:
        rtype = kc.resource_type(args[0])
        rest = args[1:]
        names = [a for a in rest if "=" not in a and not a.endswith("-")]
        words = [a for a in rest if a not in names]
        targets = [(rtype, names)]
    sets, removes = _key_values(words, what)
    sim = kc.sim
    objects = []
    for rtype, names in targets:
        if names:
            objects += [sim.api.get(rtype.kind, kc.namespace(flags) if rtype.namespaced else "", n) for n in names]
        elif flags.get("selector") or flags.get("all"):
            objects += _list(kc, rtype, flags)
        else:
            raise CommandError("resource(s) were provided, but no name was specified")
    for obj in objects:
        current = dict(obj.metadata.get(field) or {})
        if not flags.get("overwrite"):
            for k, v in sets.items():
                if k in current and current[k] != v:
                    raise CommandError(f"'{k}' already has a value ({current[k]}), and --overwrite is false")
        new = dict(current)
        new.update(sets)
        for k in removes:
            new.pop(k, None)
        label = f"{for_kind(obj.kind).qualified}/{obj.name}"
        if new == current:
            out.print(f"{label} not {verb}")
            continue

        def change(raw, new=new):
            raw.setdefault("metadata", {})[field] = new
        ops.edit(sim, obj, change)
        out.print(f"{label} {'un' if removes and not sets else ''}{verb}")


def label(kc, args, flags, out) -> None:
    """``kubectl label TYPE NAME k=v k2-`` [--overwrite] [-l SELECTOR | --all]."""
    _meta_update(kc, args, flags, out, "labels", "label", "labeled")


def annotate(kc, args, flags, out) -> None:
    """``kubectl annotate TYPE NAME k=v k2-`` [--overwrite]."""
    _meta_update(kc, args, flags, out, "annotations", "annotation", "annotated")
