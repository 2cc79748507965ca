"""``kubectl rollout status|restart|undo|history`` for Deployments."""

from __future__ import annotations

from explorer.kubectl import ops
from explorer.kubectl.core import CommandError
from explorer.kubectl.describe import owned_replicasets
from explorer.kubectl.waiting import advance_until, timeout_seconds
from explorer.sim.controllers.deployment import HASH_LABEL, REVISION
from explorer.sim.naming import timestamp

RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"


def _deployment(kc, args, flags):
    if not args:
        raise CommandError("required resource not specified")
    if "/" in args[0]:
        type_name, _, name = args[0].partition("/")
    elif len(args) >= 2:
        type_name, name = args[0], args[1]
    else:
        raise CommandError("required resource not specified")
    rtype = kc.resource_type(type_name)
    if rtype.kind != "Deployment":
        raise CommandError(f"no rollout support for {rtype.plural} in the explorer (Deployments only)")
    return kc.sim.api.get("Deployment", kc.namespace(flags), name)


def status_message(dep) -> tuple[str, bool]:
    """kubectl's DeploymentStatusViewer: (message, done)."""
    st = dep.status
    if dep.metadata.get("generation", 1) > st.get("observedGeneration", 0):
        return "Waiting for deployment spec update to be observed...", False
    replicas, updated = dep.replicas, st.get("updatedReplicas", 0)
    total, available = st.get("replicas", 0), st.get("availableReplicas", 0)
    name = dep.name
    if updated < replicas:
        return (f'Waiting for deployment "{name}" rollout to finish: {updated} out of {replicas} new replicas '
                f"have been updated..."), False
    if total > updated:
        return (f'Waiting for deployment "{name}" rollout to finish: {total - updated} old replicas are pending '
                f"termination..."), False
    if available < updated:
        return (f'Waiting for deployment "{name}" rollout to finish: {available} of {updated} updated replicas '
                f"are available..."), False
    return f'deployment "{name}" successfully rolled out', True


def _status(kc, args, flags, out) -> None:
    sim = kc.sim
    dep = _deployment(kc, args, flags)
    key = dep.key
    printed = []

    def current():
        return sim.store.objects.get(key)

    def report():
        obj = current()
        if obj is None:
            return
        message, _ = status_message(obj)
        if not printed or printed[-1] != message:
            printed.append(message)
            out.print(message)
    report()

    def done():
        obj = current()
        return obj is None or status_message(obj)[1]
    if not advance_until(sim, done, timeout_seconds(flags, kc.max_wait), report):
        raise CommandError("timed out waiting for the condition")
    if current() is None:
        raise CommandError(f'deployment "{dep.name}" was deleted')
    report()


def _restart(kc, args, flags, out) -> None:
    sim = kc.sim
    dep = _deployment(kc, args, flags)
    if dep.spec.get("paused"):
        raise CommandError(f"deployments.apps \"{dep.name}\" can't restart paused deployment (run rollout resume "
                           f"first)")

    def change(raw):
        meta = raw["spec"].setdefault("template", {}).setdefault("metadata", {})
        meta.setdefault("annotations", {})[RESTARTED_AT] = timestamp(sim.now)
    ops.edit(sim, dep, change)
    out.print(f"deployment.apps/{dep.name} restarted")


def _revisions(kc, dep) -> dict:
    olds, new = owned_replicasets(kc.sim, dep)
    out = {}
    for rs in olds + ([new] if new is not None else []):
        try:
            out[int(rs.annotations.get(REVISION, "0"))] = rs
        except ValueError:
            continue
    return out


def _undo(kc, args, flags, out) -> None:
    sim = kc.sim
    dep = _deployment(kc, args, flags)
    revisions = _revisions(kc, dep)
    _, new = owned_replicasets(sim, dep)
    current = int(new.annotations.get(REVISION, "0")) if new is not None else max(revisions, default=0)
    wanted = int(flags.get("to-revision") or 0)
    if wanted:
        target = revisions.get(wanted)
        if target is None:
            raise CommandError(f"unable to find specified revision {wanted} in history")
    else:
        older = [r for r in revisions if r < current]
        if not older:
            raise CommandError(f'no rollout history found for deployment "{dep.name}"')
        wanted = max(older)
        target = revisions[wanted]
    template = target.template
    labels = {k: v for k, v in ((template.get("metadata") or {}).get("labels") or {}).items() if k != HASH_LABEL}
    if new is not None and target.name == new.name:
        out.print(f"deployment.apps/{dep.name} skipped rollback (current template already matches revision "
                  f"{wanted})")
        return

    def change(raw):
        tpl = dict(template)
        tpl["metadata"] = dict(tpl.get("metadata") or {}, labels=labels)
        raw["spec"]["template"] = tpl
    ops.edit(sim, dep, change)
    out.print(f"deployment.apps/{dep.name} rolled back")


def _history(kc, args, flags, out) -> None:
    dep = _deployment(kc, args, flags)
    revisions = _revisions(kc, dep)
    lines = [f"deployment.apps/{dep.name} ", "REVISION  CHANGE-CAUSE"]
    for rev in sorted(revisions):
        cause = revisions[rev].annotations.get("kubernetes.io/change-cause", "<none>")
        lines.append(f"{rev:<10d}{cause}")
    out.print("\n".join(lines) + "\n")


SUBCOMMANDS = {"status": _status, "restart": _restart, "undo": _undo, "history": _history}


def rollout(kc, args, flags, out) -> None:
    if not args or args[0] not in SUBCOMMANDS:
        raise CommandError("unknown rollout subcommand; one of: history, restart, status, undo"
                           if args else "rollout needs a subcommand: history, restart, status, undo")
    SUBCOMMANDS[args[0]](kc, args[1:], flags, out)
