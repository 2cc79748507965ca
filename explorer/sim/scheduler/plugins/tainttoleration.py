"""TaintToleration: Filter rejects a node with an untolerated NoSchedule/NoExecute taint; Score counts the
untolerated PreferNoSchedule taints, normalized in reverse (fewer is better)."""

from __future__ import annotations

from explorer.sim.scheduler.framework import MAX_NODE_SCORE, Plugin, tolerates, unresolvable

NAME = "TaintToleration"
ERR_REASON_FORMAT = "node(s) had untolerated taint {{{key}: {value}}}"


def untolerated_taint(taints, tolerations):
    """The first NoSchedule/NoExecute taint no toleration tolerates, or None."""
    for taint in taints:
        if taint.effect in ("NoSchedule", "NoExecute") and not tolerates(tolerations, taint):
            return taint
    return None


def prefer_no_schedule_tolerations(tolerations) -> tuple:
    return tuple(t for t in tolerations if not t.effect or t.effect == "PreferNoSchedule")


def count_intolerable_prefer_no_schedule(taints, tolerations) -> int:
    return sum(1 for t in taints if t.effect == "PreferNoSchedule" and not tolerates(tolerations, t))


def default_normalize(scores: list, reverse: bool) -> None:
    """``helper.DefaultNormalizeScore(100, reverse, scores)``: scale to 0..100 by the maximum."""
    top = max(scores, default=0)
    if top == 0:
        if reverse:
            scores[:] = [MAX_NODE_SCORE] * len(scores)
        return
    for i, s in enumerate(scores):
        s = MAX_NODE_SCORE * s // top
        scores[i] = MAX_NODE_SCORE - s if reverse else s


class TaintToleration(Plugin):
    NAME = NAME
    FILTER = True
    SCORE = True

    def filter(self, state, pod, node):
        taint = untolerated_taint(node.taints, pod.tolerations)
        if taint is None:
            return None
        return unresolvable(NAME, ERR_REASON_FORMAT.format(key=taint.key, value=taint.value))

    def pre_score(self, state, pod, nodes, snapshot):
        state[NAME] = prefer_no_schedule_tolerations(pod.tolerations)
        return True

    def score(self, state, pod, node):
        return count_intolerable_prefer_no_schedule(node.taints, state[NAME])

    def normalize(self, state, pod, nodes, scores):
        default_normalize(scores, True)
