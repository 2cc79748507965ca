"""Label selectors, node-selector terms, taints and tolerations, with Kubernetes matching rules."""

from __future__ import annotations

from dataclasses import dataclass


def matches_labels(selector: dict | None, labels: dict) -> bool:
    """Equality-based selector (Service ``spec.selector``, ``nodeSelector``): every pair must be present.

    An empty or missing selector matches everything.
    """
    if not selector:
        return True
    for k, v in selector.items():
        if labels.get(k) != v:
            return False
    return True


def matches_label_selector(selector: dict | None, labels: dict) -> bool:
    """A ``metav1.LabelSelector`` (matchLabels AND matchExpressions). ``{}`` matches all; ``None`` none."""
    if selector is None:
        return False
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for expr in selector.get("matchExpressions") or ():
        if not _match_expression(expr, labels):
            return False
    return True


def _match_expression(expr: dict, labels: dict) -> bool:
    key, op, values = expr.get("key"), expr.get("operator"), expr.get("values") or ()
    present = key in labels
    if op == "In":
        return present and labels[key] in values
    if op == "NotIn":
        return not present or labels[key] not in values
    if op == "Exists":
        return present
    if op == "DoesNotExist":
        return not present
    if op in ("Gt", "Lt"):
        if not present or len(values) != 1:
            return False
        try:
            have, want = int(labels[key]), int(values[0])
        except (TypeError, ValueError):
            return False
        return have > want if op == "Gt" else have < want
    return False


def matches_node_selector_term(term: dict, labels: dict, fields: dict | None = None) -> bool:
    """One ``NodeSelectorTerm``: its matchExpressions (labels) and matchFields (``metadata.name``) ANDed.

    An empty term matches nothing, as in Kubernetes.
    """
    exprs = term.get("matchExpressions") or ()
    field_exprs = term.get("matchFields") or ()
    if not exprs and not field_exprs:
        return False
    fields = fields or {}
    return all(_match_expression(e, labels) for e in exprs) and \
        all(_match_expression(e, fields) for e in field_exprs)


def selector_to_string(selector: dict | None) -> str:
    """kubectl's rendering of a selector: ``app=web,tier in (a,b)``; ``<none>`` when empty."""
    if not selector:
        return "<none>"
    if "matchLabels" not in selector and "matchExpressions" not in selector:
        return ",".join(f"{k}={v}" for k, v in selector.items())
    parts = [f"{k}={v}" for k, v in (selector.get("matchLabels") or {}).items()]
    for e in selector.get("matchExpressions") or ():
        op, key, values = e.get("operator"), e.get("key"), ",".join(e.get("values") or ())
        parts.append({"In": f"{key} in ({values})", "NotIn": f"{key} notin ({values})",
                      "Exists": key, "DoesNotExist": f"!{key}"}.get(op, f"{key} {op} ({values})"))
    return ",".join(parts) or "<none>"


@dataclass(frozen=True)
class Taint:
    """A node taint ``key=value:effect``."""

    key: str
    value: str = ""
    effect: str = "NoSchedule"

    @classmethod
    def from_dict(cls, raw: dict) -> "Taint":
        return cls(raw.get("key", ""), raw.get("value") or "", raw.get("effect", "NoSchedule"))

    @classmethod
    def parse(cls, text: str) -> "Taint":
        """Parse kubectl's form ``key[=value]:Effect``. Raises ValueError when the effect is missing."""
        body, sep, effect = text.rpartition(":")
        if not sep or effect not in ("NoSchedule", "PreferNoSchedule", "NoExecute"):
            raise ValueError(f'invalid taint spec: {text}, unknown taint effect or missing effect')
        key, _, value = body.partition("=")
        return cls(key, value, effect)

    def to_dict(self) -> dict:
        out = {"key": self.key}
        if self.value:
            out["value"] = self.value
        out["effect"] = self.effect
        return out

    def __str__(self) -> str:
        return f"{self.key}={self.value}:{self.effect}" if self.value else f"{self.key}:{self.effect}"


@dataclass(frozen=True)
class Toleration:
    """A pod toleration. ``operator`` is ``Equal`` (default) or ``Exists``; empty ``effect`` matches all."""

    key: str = ""
    operator: str = "Equal"
    value: str = ""
    effect: str = ""
    toleration_seconds: int | None = None

    @classmethod
    def from_dict(cls, raw: dict) -> "Toleration":
        return cls(raw.get("key") or "", raw.get("operator") or "Equal", raw.get("value") or "",
                   raw.get("effect") or "", raw.get("tolerationSeconds"))

    def to_dict(self) -> dict:
        out = {}
        if self.key:
            out["key"] = self.key
        out["operator"] = self.operator
        if self.value:
            out["value"] = self.value
        if self.effect:
            out["effect"] = self.effect
        if self.toleration_seconds is not None:
            out["tolerationSeconds"] = self.toleration_seconds
        return out

    def tolerates(self, taint: Taint) -> bool:
        """Kubernetes' ``Toleration.ToleratesTaint``."""
        if self.effect and self.effect != taint.effect:
            return False
        if self.key and self.key != taint.key:
            return False
        if not self.key and self.operator != "Exists":
            return False
        if self.operator == "Exists":
            return True
        return self.value == taint.value


def tolerates_all(tolerations, taint: Taint) -> bool:
    """True when any toleration in ``tolerations`` tolerates ``taint``."""
    return any(t.tolerates(taint) for t in tolerations)
