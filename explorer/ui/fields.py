"""Text forms of object fields for the Inspector: format a field from a manifest dict, parse it back.

Plain Python (no Qt). Each :class:`Field` has ``get(raw) -> str`` and ``set(raw, text)`` that changes a
manifest dict in place; ``set`` raises ValueError (with a user-facing message) when the text cannot be parsed.
Kubernetes rules are then checked by :func:`explorer.model.validate_object` on the whole edited object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from explorer.model.selectors import Taint


@dataclass(frozen=True)
class Field:
    key: str            # stable id (used by tests and the i18n catalogue's context)
    label: str          # English label (translated by the Inspector)
    get: Callable
    set: Callable
    path_prefix: tuple  # validation problems under this path belong to this field
    choices: tuple = ()  # non-empty: a combo box


def _meta(raw):
    return raw.setdefault("metadata", {})


def _spec(raw):
    return raw.setdefault("spec", {})


def parse_map(text: str, what: str = "label") -> dict:
    """``"a=b, c=d"`` -> {"a": "b", "c": "d"}; raises ValueError for an entry without ``=``."""
    out = {}
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            raise ValueError(f"{what} {part!r}: write key=value")
        k, v = part.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def format_map(d: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in (d or {}).items())


def parse_int(text: str, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"{what} {text.strip()!r}: must be a whole number") from None


def _containers(raw, template: bool):
    spec = _spec(raw)
    if template:
        spec = spec.setdefault("template", {}).setdefault("spec", {})
    containers = spec.setdefault("containers", [{}])
    if not containers:
        containers.append({})
    return containers


def _first_container_get(template: bool, getter):
    def get(raw):
        spec = raw.get("spec") or {}
        if template:
            spec = (spec.get("template") or {}).get("spec") or {}
        cs = spec.get("containers") or [{}]
        return getter(cs[0])
    return get


def _request_field(key, label, resource, template):
    def get_c(c):
        return str(((c.get("resources") or {}).get("requests") or {}).get(resource, ""))

    def set_(raw, text):
        c = _containers(raw, template)[0]
        req = c.setdefault("resources", {}).setdefault("requests", {})
        if text.strip():
            req[resource] = text.strip()
        else:
            req.pop(resource, None)
    prefix = ("spec", "template", "spec", "containers") if template else ("spec", "containers")
    return Field(key, label, _first_container_get(template, get_c), set_, prefix)


def _image_field(template):
    def set_(raw, text):
        _containers(raw, template)[0]["image"] = text.strip()
    prefix = ("spec", "template", "spec", "containers") if template else ("spec", "containers")
    return Field("image", "Image", _first_container_get(template, lambda c: c.get("image", "")), set_, prefix)


def _name_field():
    def set_(raw, text):
        _meta(raw)["name"] = text.strip()
    return Field("name", "Name", lambda raw: (raw.get("metadata") or {}).get("name", ""), set_,
                 ("metadata", "name"))


def _namespace_field(namespaces):
    def set_(raw, text):
        _meta(raw)["namespace"] = text.strip()
    return Field("namespace", "Namespace", lambda raw: (raw.get("metadata") or {}).get("namespace") or "default",
                 set_, ("metadata", "namespace"), tuple(namespaces) or ("default",))


def _labels_field():
    def set_(raw, text):
        labels = parse_map(text)
        if labels:
            _meta(raw)["labels"] = labels
        else:
            _meta(raw).pop("labels", None)
    return Field("labels", "Labels", lambda raw: format_map((raw.get("metadata") or {}).get("labels")), set_,
                 ("metadata", "labels"))


def _replicas_field():
    def set_(raw, text):
        _spec(raw)["replicas"] = parse_int(text, "replicas")
    return Field("replicas", "Replicas", lambda raw: str((raw.get("spec") or {}).get("replicas", 1)), set_,
                 ("spec", "replicas"))


def _template_labels_field():
    """Pod labels of a Deployment: sets the template labels AND the selector's matchLabels together."""
    def get(raw):
        return format_map(((raw.get("spec") or {}).get("template") or {}).get("metadata", {}).get("labels"))

    def set_(raw, text):
        labels = parse_map(text)
        spec = _spec(raw)
        spec.setdefault("template", {}).setdefault("metadata", {})["labels"] = dict(labels)
        spec["selector"] = {"matchLabels": dict(labels)}
    return Field("pod_labels", "Pod labels", get, set_, ("spec", "selector"))


def _node_name_field():
    def set_(raw, text):
        if text.strip():
            _spec(raw)["nodeName"] = text.strip()
        else:
            _spec(raw).pop("nodeName", None)
    return Field("node", "Node (pinned)", lambda raw: (raw.get("spec") or {}).get("nodeName", ""), set_,
                 ("spec", "nodeName"))


def _capacity_field(resource, label):
    def get(raw):
        return str(((raw.get("status") or {}).get("capacity") or {}).get(resource, ""))

    def set_(raw, text):
        status = raw.setdefault("status", {})
        for part in ("capacity", "allocatable"):
            status.setdefault(part, {})[resource] = text.strip()
    return Field(resource, label, get, set_, ("status",))


def _taints_field():
    def get(raw):
        return ", ".join(str(Taint.from_dict(t)) for t in (raw.get("spec") or {}).get("taints") or [])

    def set_(raw, text):
        taints = []
        for part in text.split(","):
            part = part.strip()
            if not part:
                continue
            try:
                taints.append(Taint.parse(part).to_dict())
            except Exception as exc:  # noqa: BLE001 - reported as a parse error of this field
                raise ValueError(f"taint {part!r}: {exc}") from None
        if taints:
            _spec(raw)["taints"] = taints
        else:
            _spec(raw).pop("taints", None)
    return Field("taints", "Taints", get, set_, ("spec", "taints"))


def _unschedulable_field():
    def set_(raw, text):
        if text.strip().lower() in ("true", "yes", "1"):
            _spec(raw)["unschedulable"] = True
        else:
            _spec(raw).pop("unschedulable", None)
    return Field("unschedulable", "Cordoned", lambda raw: "true" if (raw.get("spec") or {}).get("unschedulable")
                 else "false", set_, ("spec", "unschedulable"), ("false", "true"))


def _service_type_field():
    def set_(raw, text):
        _spec(raw)["type"] = text
        if text == "ClusterIP":
            for p in _spec(raw).get("ports") or []:
                p.pop("nodePort", None)
    return Field("type", "Type", lambda raw: (raw.get("spec") or {}).get("type", "ClusterIP"), set_,
                 ("spec", "type"), ("ClusterIP", "NodePort", "LoadBalancer"))


def format_ports(ports) -> str:
    out = []
    for p in ports or []:
        text = f"{p.get('port')}"
        if p.get("targetPort") is not None and p.get("targetPort") != p.get("port"):
            text += f":{p.get('targetPort')}"
        if p.get("protocol", "TCP") != "TCP":
            text += f"/{p['protocol']}"
        if p.get("name"):
            text = f"{p['name']}={text}"
        out.append(text)
    return ", ".join(out)


def parse_ports(text: str) -> list:
    """``"http=80:8080, 53/UDP"`` -> Service ports; raises ValueError."""
    ports = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        name = ""
        if "=" in part:
            name, part = (s.strip() for s in part.split("=", 1))
        protocol = "TCP"
        if "/" in part:
            part, protocol = (s.strip() for s in part.split("/", 1))
        port, _, target = part.partition(":")
        entry = {"port": parse_int(port, "port")}
        if name:
            entry = {"name": name, **entry}
        t = target.strip()
        entry["targetPort"] = (int(t) if t.isdigit() else t) if t else entry["port"]
        entry["protocol"] = protocol.upper()
        ports.append(entry)
    return ports


def _ports_field():
    def set_(raw, text):
        old = {p.get("port"): p for p in _spec(raw).get("ports") or []}
        ports = parse_ports(text)
        for p in ports:
            if old.get(p["port"], {}).get("nodePort"):
                p["nodePort"] = old[p["port"]]["nodePort"]
        _spec(raw)["ports"] = ports
    return Field("ports", "Ports", lambda raw: format_ports((raw.get("spec") or {}).get("ports")), set_,
                 ("spec", "ports"))


def _selector_field():
    def set_(raw, text):
        _spec(raw)["selector"] = parse_map(text, "selector")
    return Field("selector", "Selector", lambda raw: format_map((raw.get("spec") or {}).get("selector")), set_,
                 ("spec", "selector"))


def _ingress_class_field(classes):
    def set_(raw, text):
        if text.strip():
            _spec(raw)["ingressClassName"] = text.strip()
        else:
            _spec(raw).pop("ingressClassName", None)
    return Field("class", "Ingress class", lambda raw: (raw.get("spec") or {}).get("ingressClassName", ""), set_,
                 ("spec", "ingressClassName"), tuple(classes))


def format_rules(raw) -> str:
    out = []
    for rule in (raw.get("spec") or {}).get("rules") or []:
        for p in (rule.get("http") or {}).get("paths") or []:
            svc = (p.get("backend") or {}).get("service") or {}
            port = svc.get("port") or {}
            out.append(f"{rule.get('host', '')}{p.get('path', '/')} -> {svc.get('name', '')}:"
                       f"{port.get('number', port.get('name', ''))}")
    return "; ".join(out)


def parse_rules(text: str) -> list:
    """``"shop.example.com/api -> api:80; /web -> web:http"`` -> Ingress rules; raises ValueError."""
    by_host: dict = {}
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        if "->" not in part:
            raise ValueError(f"rule {part!r}: write host/path -> service:port")
        left, right = (s.strip() for s in part.split("->", 1))
        slash = left.find("/")
        host, path = (left, "/") if slash < 0 else (left[:slash], left[slash:])
        svc, _, port = right.partition(":")
        if not svc.strip() or not port.strip():
            raise ValueError(f"rule {part!r}: the backend must be service:port")
        port = port.strip()
        backend = {"service": {"name": svc.strip(),
                               "port": {"number": int(port)} if port.isdigit() else {"name": port}}}
        by_host.setdefault(host.strip(), []).append({"path": path, "pathType": "Prefix", "backend": backend})
    return [({"host": h} if h else {}) | {"http": {"paths": paths}} for h, paths in by_host.items()]


def _rules_field():
    def set_(raw, text):
        rules = parse_rules(text)
        if rules:
            _spec(raw)["rules"] = rules
        else:
            _spec(raw).pop("rules", None)
    return Field("rules", "Rules", format_rules, set_, ("spec", "rules"))


def _pod_selector_field():
    def get(raw):
        return format_map(((raw.get("spec") or {}).get("podSelector") or {}).get("matchLabels"))

    def set_(raw, text):
        labels = parse_map(text)
        _spec(raw)["podSelector"] = {"matchLabels": labels} if labels else {}
    return Field("pod_selector", "Pod selector", get, set_, ("spec", "podSelector"))


def _policy_types_field():
    def get(raw):
        return ", ".join((raw.get("spec") or {}).get("policyTypes") or ["Ingress"])

    def set_(raw, text):
        types = [t.strip() for t in text.split(",") if t.strip()]
        _spec(raw)["policyTypes"] = types
    return Field("policy_types", "Policy types", get, set_, ("spec", "policyTypes"))


def fields_for(obj, ingress_classes=("nginx", "traefik", "haproxy", "contour"), namespaces=("default",)) -> list:
    """The editable fields of ``obj`` in display order."""
    common = [_name_field()] + ([_namespace_field(namespaces)] if obj.namespaced else []) + [_labels_field()]
    kind = obj.kind
    if kind == "Deployment":
        return common + [_replicas_field(), _template_labels_field(), _image_field(True),
                         _request_field("cpu", "CPU request", "cpu", True),
                         _request_field("memory", "Memory request", "memory", True)]
    if kind == "Pod":
        return common + [_image_field(False), _request_field("cpu", "CPU request", "cpu", False),
                         _request_field("memory", "Memory request", "memory", False), _node_name_field()]
    if kind == "Node":
        return common + [_capacity_field("cpu", "CPU"), _capacity_field("memory", "Memory"),
                         _capacity_field("pods", "Max pods"), _taints_field(), _unschedulable_field()]
    if kind == "Service":
        return common + [_service_type_field(), _ports_field(), _selector_field()]
    if kind == "Ingress":
        return common + [_ingress_class_field(ingress_classes), _rules_field()]
    if kind == "NetworkPolicy":
        return common + [_pod_selector_field(), _policy_types_field()]
    return common
