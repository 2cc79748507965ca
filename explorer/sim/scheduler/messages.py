"""The FailedScheduling message, exactly as kube-scheduler's ``FitError.Error()`` writes it."""

from __future__ import annotations

NO_NODE_AVAILABLE = "0/{n} nodes are available"
PREEMPTION_NOT_HELPFUL = "Preemption is not helpful for scheduling"
NO_VICTIMS = "No preemption victims found for incoming pod"
NOT_ELIGIBLE_NEVER = "not eligible due to preemptionPolicy=Never."


def histogram(reason_lists) -> str:
    """"<count> <reason>" entries sorted as plain strings, joined with ", "."""
    counts: dict = {}
    for reasons in reason_lists:
        for r in reasons:
            counts[r] = counts.get(r, 0) + 1
    return ", ".join(sorted(f"{c} {r}" for r, c in counts.items()))


def _sentence(text: str) -> str:
    return f" {text}" if text.endswith(".") else f" {text}."


def fit_error(all_nodes: int, reason_lists, post_filter: str = "", pre_filter: str = "") -> str:
    """``0/<all nodes> nodes are available: <histogram>.`` plus `` preemption: ...`` when PostFilter spoke.
    When PreFilter rejected the pod, its message stands in for the histogram."""
    msg = NO_NODE_AVAILABLE.format(n=all_nodes) + ":"
    hist = pre_filter or histogram(reason_lists)
    if hist:
        msg += _sentence(hist)
    if post_filter:
        msg += _sentence(post_filter)
    return msg
