"""NodeAffinity: Filter applies ``nodeSelector`` and the required node affinity (terms ORed, expressions ANDed,
``matchFields`` on ``metadata.name``); Score sums the weights of matching preferred terms, normalized by the
maximum."""

from __future__ import annotations

from explorer.model.selectors import matches_labels, matches_node_selector_term
from explorer.sim.scheduler.framework import Plugin, unresolvable
from explorer.sim.scheduler.plugins.tainttoleration import default_normalize

NAME = "NodeAffinity"
ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector"


def required_match(pod, node) -> bool:
    """nodeSelector AND (any required term), as ``nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)``."""
    if pod.node_selector and not matches_labels(pod.node_selector, node.labels):
        return False
    terms = pod.required_node_terms
    if terms is None:
        return True
    fields = {"metadata.name": node.name}
    return any(matches_node_selector_term(t, node.labels, fields) for t in terms)


def preferred_sum(pod, node) -> int:
    fields = {"metadata.name": node.name}
    return sum(w for w, term in pod.preferred_node_terms if matches_node_selector_term(term, node.labels, fields))


class NodeAffinity(Plugin):
    NAME = NAME
    FILTER = True
    SCORE = True

    def filter(self, state, pod, node):
        return None if required_match(pod, node) else unresolvable(NAME, ERR_REASON_POD)

    def pre_score(self, state, pod, nodes, snapshot):
        return bool(pod.preferred_node_terms)

    def score(self, state, pod, node):
        return preferred_sum(pod, node)

    def normalize(self, state, pod, nodes, scores):
        default_normalize(scores, False)
