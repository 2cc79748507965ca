"""Node maintenance: cordon, uncordon, drain (with kubectl's filters and messages) and taint."""

from __future__ import annotations

from explorer.kubectl import ops
from explorer.kubectl.core import CommandError
from explorer.kubectl.waiting import advance_until, timeout_seconds
from explorer.model.selectors import Taint


def _node_names(kc, args, flags, verb: str) -> list:
    if args and args[0] in ("node", "nodes", "no"):
        args = args[1:]
    args = [a.split("/", 1)[1] if a.startswith(("node/", "nodes/")) else a for a in args]
    if flags.get("selector"):
        return [n.name for n in kc.sim.api.list("Node", None, flags["selector"])]
    if not args:
        raise CommandError(f"USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples")
    return args


def _cordon(kc, name: str, out, want: bool) -> None:
    sim = kc.sim
    node = sim.api.get("Node", "", name)
    word = "cordoned" if want else "uncordoned"
    if node.unschedulable == want:
        out.print(f"node/{name} already {word}")
        return
    sim.api.check_available()
    (sim.cordon if want else sim.uncordon)(name)
    out.print(f"node/{name} {word}")


def cordon(kc, args, flags, out) -> None:
    for name in _node_names(kc, args, flags, "cordon"):
        _cordon(kc, name, out, True)


def uncordon(kc, args, flags, out) -> None:
    for name in _node_names(kc, args, flags, "uncordon"):
        _cordon(kc, name, out, False)


def _drain_filters(pod, flags) -> tuple[str | None, str | None]:
    """(blocking error kind, warning kind) for one pod, as ``kubectl drain``'s pod filters decide."""
    owner = pod.controller_owner or {}
    if owner.get("kind") == "DaemonSet":
        return (None, "daemonset") if flags.get("ignore-daemonsets") else ("daemonset", None)
    if any("emptyDir" in v for v in pod.spec.get("volumes") or ()) and not flags.get("delete-emptydir-data"):
        return "localstorage", None
    if not owner:
        return (None, "unreplicated") if flags.get("force") else ("unreplicated", None)
    return None, None


_ERRORS = {
    "daemonset": "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)",
    "localstorage": "cannot delete Pods with local storage (use --delete-emptydir-data to override)",
    "unreplicated": "cannot delete Pods that declare no controller (use --force to override)",
}
_WARNINGS = {"daemonset": "ignoring DaemonSet-managed Pods", "unreplicated": "deleting Pods that declare no controller"}


def drain(kc, args, flags, out) -> None:
    """Cordon, then evict every pod on the node (except mirror pods, and DaemonSet pods with
    ``--ignore-daemonsets``); waits, in simulated time, until the evicted pods are gone."""
    sim = kc.sim
    for name in _node_names(kc, args, flags, "drain"):
        _cordon(kc, name, out, True)
        pods = [p for p in sim.api.list("Pod") if p.node_name == name
                and p.phase not in ("Succeeded", "Failed") and not p.is_static
                and "kubernetes.io/config.mirror" not in p.annotations]
        errors: dict = {}
        warnings: dict = {}
        evict = []
        for pod in pods:
            error, warning = _drain_filters(pod, flags)
            ref = f"{pod.namespace}/{pod.name}"
            if error:
                errors.setdefault(error, []).append(ref)
            elif warning:
                warnings.setdefault(warning, []).append(ref)
                if warning != "daemonset":
                    evict.append(pod)
            else:
                evict.append(pod)
        if errors:
            parts = [f"{_ERRORS[k]}: {', '.join(v)}" for k, v in errors.items()]
            joined = parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]"
            out.error(f'error: unable to drain node "{name}" due to error: {joined}, continuing command...\n'
                      f"There are pending nodes to be drained:\n {name}\n" + "\n".join(parts))
            out.code = 1
            continue
        for kind, refs in warnings.items():
            out.error(f"Warning: {_WARNINGS[kind]}: {', '.join(refs)}")
        for pod in evict:
            out.print(f"evicting pod {pod.namespace}/{pod.name}")
            ops.delete(sim, "Pod", pod.namespace, pod.name)
        remaining = {(p.namespace, p.name): p for p in evict}

        def gone():
            for key in list(remaining):
                current = sim.store.objects.get(("Pod",) + key)
                if current is None or current.uid != remaining[key].uid:
                    out.print(f"pod/{key[1]} evicted")
                    del remaining[key]
            return not remaining
        if not advance_until(sim, gone, timeout_seconds(flags, kc.max_wait)):
            out.error(f'error: unable to drain node "{name}" due to error: global timeout reached, '
                      f"continuing command...\nThere are pending nodes to be drained:\n {name}")
            out.code = 1
            continue
        out.print(f"node/{name} drained")


def taint(kc, args, flags, out) -> None:
    """``kubectl taint nodes NAME key[=value]:Effect`` (add), ``key[:Effect]-`` (remove), ``--overwrite``."""
    if not args or args[0] not in ("node", "nodes", "no") and not args[0].startswith(("node/", "nodes/")):
        raise CommandError("at least one taint update is required (usage: taint nodes NAME KEY=VALUE:EFFECT)")
    if args[0].startswith(("node/", "nodes/")):
        names, specs = [args[0].split("/", 1)[1]], args[1:]
    else:
        rest = args[1:]
        names = [a for a in rest if ":" not in a and not a.endswith("-") and "=" not in a]
        specs = [a for a in rest if a not in names]
    if flags.get("selector") or flags.get("all"):
        names = [n.name for n in kc.sim.api.list("Node", None, flags.get("selector"))]
    if not names:
        raise CommandError("at least one node must be specified")
    if not specs:
        raise CommandError("at least one taint update is required")
    adds, removes = [], []
    for spec in specs:
        if spec.endswith("-"):
            body = spec[:-1]
            key, _, effect = body.partition(":")
            removes.append((key.partition("=")[0], effect))
        else:
            try:
                adds.append(Taint.parse(spec))
            except ValueError as exc:
                raise CommandError(str(exc)) from None
    sim = kc.sim
    for name in names:
        node = sim.api.get("Node", "", name)
        taints = [dict(t) for t in node.spec.get("taints") or ()]
        for key, effect in removes:
            kept = [t for t in taints if not (t.get("key") == key and (not effect or t.get("effect") == effect))]
            if len(kept) == len(taints):
                raise CommandError(f'taint "{key}{":" + effect if effect else ""}" not found')
            taints = kept
        for t in adds:
            same = [x for x in taints if x.get("key") == t.key and x.get("effect") == t.effect]
            if same and not flags.get("overwrite"):
                raise CommandError(f"node {name} already has {t.key} taint(s) with same effect(s) and "
                                   f"--overwrite is false")
            taints = [x for x in taints if x not in same] + [t.to_dict()]

        def change(raw, taints=taints):
            spec = raw.setdefault("spec", {})
            if taints:
                spec["taints"] = taints
            else:
                spec.pop("taints", None)
        ops.edit(sim, node, change)
        verb = "modified" if adds and removes else ("tainted" if adds else "untainted")
        out.print(f"node/{name} {verb}")
