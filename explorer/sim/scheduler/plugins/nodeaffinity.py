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


ERR_REASON_CONFLICT = "pod affinity terms conflict"
ERR_REASON_PRE_FILTER = "node(s) didn't satisfy plugin(s) [NodeAffinity]"


def pre_filter_node_names(pod):
    """NodeAffinity's PreFilterResult: None when every node is eligible, else the set of node names the
    required terms' ``matchFields metadata.name In`` allow (an empty set means the terms conflict)."""
    terms = pod.required_node_terms
    if not terms:
        return None
    names = None
    for t in terms:
        term_names = None
        for r in t.get("matchFields") or ():
            if r.get("key") == "metadata.name" and r.get("operator") == "In":
                values = set(r.get("values") or ())
                term_names = values if term_names is None else term_names & values
        if term_names is None:
            return None
        names = term_names if names is None else names | term_names
    return names
