"""Tab completion for a kubectl command line: commands, resource types, object names, flags.

:func:`complete` is plain Python so the console (and tests) can share it.
"""

from __future__ import annotations

import shlex

from explorer.kubectl.core import COMMANDS
from explorer.kubectl.resources import COMPLETION_NAMES, lookup

_TYPED = {"get", "describe", "delete", "label", "annotate", "scale", "expose", "explain"}
_NODE_COMMANDS = {"cordon", "uncordon", "drain"}
_SUB = {"rollout": ("history", "restart", "status", "undo"), "top": ("nodes", "pods"),
        "create": ("deployment", "namespace"), "taint": ("nodes",),
        "config": ("current-context", "get-contexts", "set-context")}
_FLAGS = ("--all-namespaces", "--current", "--delete-emptydir-data", "--filename", "--ignore-daemonsets", "--image",
          "--namespace", "--output", "--overwrite", "--port", "--replicas", "--selector", "--show-labels",
          "--target-port", "--to-revision", "--type")


def _names(sim, rtype, namespace: str | None) -> list:
    try:
        if rtype.kind == "Event":
            return []
        return sorted({o.name for o in sim.api.list(rtype.kind, namespace if rtype.namespaced else None)})
    except Exception:  # the API may be unavailable (no quorum): offer nothing rather than fail
        return []


def complete(line: str, sim, namespace: str = "default") -> tuple[str, list]:
    """(the word being completed, sorted candidates for it) for the text before the cursor."""
    try:
        words = shlex.split(line)
    except ValueError:
        words = line.split()
    if line and not line[-1].isspace() and words:
        current, before = words[-1], words[:-1]
    else:
        current, before = "", words
    if before and before[0] == "kubectl":
        before = before[1:]
    ns = namespace
    for i, w in enumerate(before):
        if w in ("-n", "--namespace") and i + 1 < len(before):
            ns = before[i + 1]
        elif w.startswith("--namespace="):
            ns = w.split("=", 1)[1]
    positional = [w for i, w in enumerate(before) if not w.startswith("-")
                  and not (i and before[i - 1] in ("-n", "--namespace", "-o", "-l", "-f"))]
    if current.startswith("-"):
        return current, [f for f in _FLAGS if f.startswith(current)]
    if before and before[-1] in ("-n", "--namespace"):
        return current, [n for n in _names(sim, lookup("namespaces"), None) if n.startswith(current)]
    if before and before[-1] in ("-o", "--output"):
        return current, [o for o in ("json", "name", "wide", "yaml") if o.startswith(current)]
    if not positional:
        return current, [c for c in COMMANDS if c.startswith(current)]
    command = positional[0]
    args = positional[1:]
    if "/" in current:
        type_name, _, prefix = current.partition("/")
        rtype = lookup(type_name)
        if rtype is None:
            return current, []
        return current, [f"{type_name}/{n}" for n in _names(sim, rtype, ns) if n.startswith(prefix)]
    if command in _SUB and not args:
        return current, [s for s in _SUB[command] if s.startswith(current)]
    if command in _NODE_COMMANDS or (command == "taint" and args[:1] in (["nodes"], ["node"])) or \
            (command == "top" and args[:1] in (["nodes"], ["node"])):
        return current, [n for n in _names(sim, lookup("nodes"), None) if n.startswith(current)]
    if command == "logs" or (command == "top" and args[:1] in (["pods"], ["pod"])):
        return current, [n for n in _names(sim, lookup("pods"), ns) if n.startswith(current)]
    if command == "rollout" and len(args) == 1:
        return current, [t for t in ("deployment", "deployment/") if t.startswith(current)][:1]
    if command == "rollout" and len(args) == 2:
        return current, [n for n in _names(sim, lookup("deployments"), ns) if n.startswith(current)]
    if command in _TYPED:
        if not args:
            extra = ("all",) if command == "get" else ()
            return current, sorted(n for n in COMPLETION_NAMES + extra if n.startswith(current))
        rtype = lookup(args[0].split(",")[0])
        if rtype is None:
            return current, []
        if command == "explain":
            return current, []
        return current, [n for n in _names(sim, rtype, ns) if n.startswith(current)]
    return current, []
