"""Validation of names, labels, ports, quantities, CIDRs and whole objects.

Single values are checked by functions that return ``None`` when valid or raise
:class:`~explorer.model.errors.InvalidValueError` with the message Kubernetes would give.

Whole objects are checked by :func:`validate_object`, which returns a list of :class:`Problem` (never
raises): each names the field path and says what is wrong. ``severity`` is ``"error"`` for what the API
server would reject and ``"warning"`` for what it accepts but is probably a mistake.
"""

from __future__ import annotations

import ipaddress
import marshal
import re
from collections.abc import Callable
from dataclasses import dataclass

from explorer.model.errors import InvalidValueError
from explorer.model.quantity import parse_quantity

# (\Z, not $: in Python $ also matches before a last line break, so "web\n" passed; Kubernetes' Go patterns end
# at the end of the text)
DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z")
_LABEL_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\Z")
_IANA_SVC_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z")
PROTOCOLS = ("TCP", "UDP", "SCTP")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an object: where (field path), what, and how bad."""

    path: tuple
    message: str
    severity: str = "error"


def dns1123_label(value, what: str = "name") -> None:
    """A DNS-1123 label (namespaces, Service names, port names): at most 63 lowercase alphanumerics or '-'."""
    if not isinstance(value, str) or not value:
        raise InvalidValueError(f"{what} is required")
    if len(value) > 63:
        raise InvalidValueError(f"{what} {value!r}: must be no more than 63 characters")
    if not DNS1123_LABEL.match(value):
        raise InvalidValueError(
            f"{what} {value!r}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
            f"or '-', and must start and end with an alphanumeric character")


def dns1123_subdomain(value, what: str = "name") -> None:
    """A DNS-1123 subdomain (most object names): at most 253 characters of dot-separated labels."""
    if not isinstance(value, str) or not value:
        raise InvalidValueError(f"{what} is required")
    if len(value) > 253:
        raise InvalidValueError(f"{what} {value!r}: must be no more than 253 characters")
    if not DNS1123_SUBDOMAIN.match(value):
        raise InvalidValueError(
            f"{what} {value!r}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            f"characters, '-' or '.', and must start and end with an alphanumeric character")


def label_key(key) -> None:
    """A label or annotation key: optional DNS-subdomain prefix and '/', then a name of at most 63 chars."""
    if not isinstance(key, str) or not key:
        raise InvalidValueError("label key must be a non-empty string")
    prefix, _, name = key.rpartition("/")
    if prefix:
        dns1123_subdomain(prefix, "label key prefix")
    if len(name) > 63 or not _LABEL_NAME.match(name):
        raise InvalidValueError(
            f"label key {key!r}: name part must consist of alphanumeric characters, '-', '_' or '.', and must "
            f"start and end with an alphanumeric character (at most 63 characters)")


def label_value(value) -> None:
    """A label value: empty, or at most 63 alphanumerics, '-', '_' or '.', alphanumeric at both ends."""
    if not isinstance(value, str):
        raise InvalidValueError(f"label value must be a string, got {_typename(value)}")
    if value and (len(value) > 63 or not _LABEL_NAME.match(value)):
        raise InvalidValueError(
            f"label value {value!r}: a valid label must be an empty string or consist of alphanumeric "
            f"characters, '-', '_' or '.', and must start and end with an alphanumeric character")


def port_number(value, what: str = "port") -> None:
    """A TCP/UDP port: an int from 1 to 65535."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(f"{what} must be an integer, got {value!r}")
    if not 1 <= value <= 65535:
        raise InvalidValueError(f"{what} {value}: must be between 1 and 65535, inclusive")


def port_name(value, what: str = "port name") -> None:
    """An IANA service name: at most 15 lowercase alphanumerics or '-', with at least one letter."""
    if not isinstance(value, str) or not value or len(value) > 15 or not _IANA_SVC_NAME.match(value) \
            or "--" in value or not re.search("[a-z]", value):
        raise InvalidValueError(f"{what} {value!r}: must be an IANA_SVC_NAME (at most 15 lowercase "
                                f"alphanumerics or '-', with at least one letter)")


def int_or_port_name(value, what: str = "targetPort") -> None:
    """A port given by number or by name (Service targetPort, NetworkPolicy port)."""
    if isinstance(value, str):
        port_name(value, what)
    else:
        port_number(value, what)


def quantity(value, what: str = "quantity") -> None:
    """A resource quantity such as ``500m`` or ``1Gi``; negative values are refused."""
    try:
        if parse_quantity(value) < 0:
            raise InvalidValueError(f"{what} {value!r}: must be greater than or equal to 0")
    except InvalidValueError as exc:
        raise InvalidValueError(f"{what}: {exc}") from None


# IPv4 as ``ipaddress`` writes it (no leading zeros, ASCII digits): what it certainly reads, checked without it
# (~15 us a call there: a 5,000-node file's addresses and pod CIDRs cost ~0.15 s of its open); the rest goes
# through ``ipaddress``, which words the errors
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")
_IPV4_NET = re.compile(rf"({_OCTET})\.({_OCTET})\.({_OCTET})\.({_OCTET})/(3[0-2]|[12]?[0-9])")


def cidr(value, what: str = "CIDR", version: int | None = None) -> None:
    """A network in CIDR notation (``10.244.0.0/16``) with no host bits set."""
    if type(value) is str and version in (None, 0, 4):
        m = _IPV4_NET.fullmatch(value)
        if m is not None:
            a, b, c, d, prefix = map(int, m.groups())
            if not (a << 24 | b << 16 | c << 8 | d) & ((1 << (32 - prefix)) - 1):
                return
    if not isinstance(value, str):
        raise InvalidValueError(f"{what} must be a string in CIDR notation, got {value!r}")
    try:
        net = ipaddress.ip_network(value, strict=True)
    except ValueError as exc:
        raise InvalidValueError(f"{what} {value!r}: must be a valid CIDR ({exc})") from None
    if version and net.version != version:
        raise InvalidValueError(f"{what} {value!r}: must be an IPv{version} network")


def ip_address(value, what: str = "IP address") -> None:
    """An IPv4 or IPv6 address, written as a string (``ipaddress`` would take a number, or even a boolean)."""
    if type(value) is str and _IPV4.fullmatch(value):
        return
    if not isinstance(value, str):
        raise InvalidValueError(f"{what} {value!r}: must be a valid IP address")
    try:
        ipaddress.ip_address(value)
    except (ValueError, TypeError):
        raise InvalidValueError(f"{what} {value!r}: must be a valid IP address") from None


# ---------------------------------------------------------------------------------------------------------
# Whole-object validation
# ---------------------------------------------------------------------------------------------------------

class _Checker:
    """Collects problems while walking an object dict; ``memo``: a :class:`ValidationMemo` or None."""

    def __init__(self, raw: dict, memo: ValidationMemo | None = None):
        self.raw = raw
        self.problems: list[Problem] = []
        self.memo = memo

    def error(self, path, message, severity="error"):
        """Record a problem, once: a parent of the wrong type is reported by each field looked for in it."""
        problem = Problem(tuple(path), message, severity)
        if problem not in self.problems:
            self.problems.append(problem)

    def get(self, path, expected=None, required=False):
        """Return the value at ``path``; record a problem if it is missing (when required) or mistyped."""
        node = self.raw
        i = 0
        for part in path:   # (the hot loop of every load: exact types first, isinstance for subclasses)
            if type(part) is str:
                if type(node) is not dict and not isinstance(node, dict):
                    self.error(path[:i], f"must be an object, got {_typename(node)}")
                    return None
                node = node.get(part)
            elif isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    node = None
                    break
                node = node[part]
            elif not isinstance(node, dict):
                self.error(path[:i], f"must be an object, got {_typename(node)}")
                return None
            else:
                node = node.get(part)
            if node is None:
                break
            i += 1
        if node is None:
            if required:
                self.error(path, "Required value")
            return None
        if expected is not None and type(node) is not expected and not _is(node, expected):
            self.error(path, f"must be {_expected_name(expected)}, got {_typename(node)}")
            return None
        return node

    def at(self, parent, key, path, expected=None, required=False):
        """``get(path + (key,))`` when ``parent`` is what ``get(path)`` returned (a dict, or a list for an int
        ``key``): one step instead of a walk from the root; the same problems, recorded at the same path."""
        if type(parent) is dict:
            node = parent.get(key) if type(key) is str else None
        elif isinstance(parent, list) and isinstance(key, int) and key < len(parent):
            node = parent[key]
        else:
            return self.get(path + (key,), expected, required)
        if node is None:
            if required:
                self.error(path + (key,), "Required value")
            return None
        if expected is not None and type(node) is not expected and not _is(node, expected):
            self.error(path + (key,), f"must be {_expected_name(expected)}, got {_typename(node)}")
            return None
        return node

    def check(self, path, fn, value, *args):
        try:
            fn(value, *args)
        except InvalidValueError as exc:
            self.error(path, str(exc))
            return False
        return True


def _is(value, expected) -> bool:
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == "int-or-string":
        return (isinstance(value, int) and not isinstance(value, bool)) or isinstance(value, str)
    return isinstance(value, expected)


def _expected_name(expected) -> str:
    return {dict: "an object", list: "a list", str: "a string", int: "an integer", bool: "a boolean",
            "int-or-string": "an integer or a string"}.get(expected, str(expected))


def _typename(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", int: "an integer", bool: "a boolean",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def validate_metadata(c: _Checker, namespaced: bool, name_rule=dns1123_subdomain) -> None:
    meta = c.at(c.raw, "metadata", (), dict, required=True)
    if meta is None:
        return
    path = ("metadata",)
    name = c.at(meta, "name", path, str, required=True)
    if name is not None:
        c.check(("metadata", "name"), name_rule, name)
    ns = meta.get("namespace")
    if type(ns) is not str:
        ns = c.at(meta, "namespace", path, str)
    if ns is not None and namespaced:
        _valid_label(c, ("metadata", "namespace"), ns, _KNOWN_DNS_LABELS, dns1123_label, "namespace")
    if "ownerReferences" in meta:
        validate_owner_references(c, meta)
    for field in ("labels", "annotations"):
        values = meta.get(field)
        if values is not None and type(values) is not dict:
            values = c.at(meta, field, path, dict)
        if not values:
            continue
        for k, v in values.items():
            if field == "labels" and type(k) is type(v) is str and k in _KNOWN_KEYS and v in _KNOWN_VALUES:
                continue    # (the common case without a call)
            if not _valid_label(c, ("metadata", field, k), k, _KNOWN_KEYS, label_key):
                continue
            if field == "labels":
                _valid_label(c, ("metadata", field, k), v, _KNOWN_VALUES, label_value)
            elif not isinstance(v, str):
                c.error(("metadata", field, k), f"must be a string, got {_typename(v)}")


# Label keys and values already found valid: a 150,000-pod file repeats a few hundred of them a million times.
# The same for DNS-1123 labels (namespaces, container names) and IANA port names.
_KNOWN_KEYS: set = set()
_KNOWN_VALUES: set = set()
_KNOWN_DNS_LABELS: set = set()
_KNOWN_PORT_NAMES: set = set()
_KNOWN_MAX = 200_000


_KNOWN_QUANTITIES: set = set()     # resource quantities ("100m", "128Mi") found valid, whatever the resource


def _valid_label(c: _Checker, path, value, known: set, rule, *args) -> bool:
    """``c.check(path, rule, value, *args)``, remembering valid strings (the rules are pure functions of them;
    ``args`` only word their messages)."""
    if type(value) is str and value in known:
        return True
    if not c.check(path, rule, value, *args):
        return False
    if type(value) is str:
        _remember(known, value)
    return True


def _remember(known: set, value: str) -> None:
    if len(known) >= _KNOWN_MAX:
        known.clear()
    known.add(value)


def validate_owner_references(c: _Checker, meta: dict | None = None) -> None:
    """metadata.ownerReferences: a list of objects, each naming the owner's kind and name (strings);
    apiVersion and uid strings, controller and blockOwnerDeletion booleans when given. ``meta``: the
    metadata dict when the caller has it."""
    refs = c.at(meta, "ownerReferences", ("metadata",), list) if type(meta) is dict else \
        c.get(("metadata", "ownerReferences"), list)
    base = ("metadata", "ownerReferences")
    for i, ref in enumerate(refs or []):
        p = base + (i,)
        if ref is None:
            c.error(p, "must be an object, got null")
            continue
        if type(ref) is not dict and c.at(refs, i, base, dict) is None:
            continue
        for field, expected, required in _REFERENCE_FIELDS:
            if type(ref.get(field)) is not expected:    # (what is right costs no call; c.at words the rest)
                c.at(ref, field, p, expected, required)


_REFERENCE_FIELDS = (("kind", str, True), ("name", str, True), ("apiVersion", str, False), ("uid", str, False),
                     ("controller", bool, False), ("blockOwnerDeletion", bool, False))


def validate_labels_map(c: _Checker, path) -> None:
    values = c.get(path, dict)
    for k, v in (values or {}).items():
        if _valid_label(c, path + (k,), k, _KNOWN_KEYS, label_key):
            _valid_label(c, path + (k,), v, _KNOWN_VALUES, label_value)


def validate_label_selector(c: _Checker, path) -> None:
    sel = c.get(path, dict)
    if sel is None:
        return
    validate_labels_map(c, path + ("matchLabels",))
    exprs = c.get(path + ("matchExpressions",), list) or []
    for i, expr in enumerate(exprs):
        p = path + ("matchExpressions", i)
        if c.get(p, dict) is None:
            continue
        c.get(p + ("key",), str, required=True)
        op = c.get(p + ("operator",), str, required=True)
        if op is not None and op not in ("In", "NotIn", "Exists", "DoesNotExist"):
            c.error(p + ("operator",), f'Unsupported value: "{op}": supported values: "DoesNotExist", '
                                       f'"Exists", "In", "NotIn"')
        values = c.get(p + ("values",), list)
        if op in ("In", "NotIn") and not values:
            c.error(p + ("values",), "must be specified when `operator` is 'In' or 'NotIn'")


def validate_pod_spec(c: _Checker, path) -> None:
    spec = c.get(path, dict, required=True)
    if spec is None:
        return
    containers = c.at(spec, "containers", path, list, required=True)
    if containers is not None and not containers:
        c.error(path + ("containers",), "Required value: must have at least one container")
    for field in ("containers", "initContainers"):
        seen = set()
        items = containers if field == "containers" else \
            c.at(spec, field, path, list) if field in spec else None
        fpath = path + (field,)
        for i, container in enumerate(items or []):
            p = fpath + (i,)
            if type(container) is not dict and c.at(items, i, fpath, dict) is None:
                continue
            name = container.get("name")
            if type(name) is not str:
                name = c.at(container, "name", p, str, required=True)
            if name is not None:
                if (name in _KNOWN_DNS_LABELS if type(name) is str else False) or \
                        _valid_label(c, p + ("name",), name, _KNOWN_DNS_LABELS, dns1123_label, "container name"):
                    if name in seen:
                        c.error(p + ("name",), f'Duplicate value: "{name}"')
                seen.add(name)
            if field == "containers" and type(container.get("image")) is not str:
                c.at(container, "image", p, str, required=True)
            ports = container.get("ports")
            if ports is not None and type(ports) is not list:
                ports = c.at(container, "ports", p, list)
            for j, port in enumerate(ports or []):
                if type(port) is not dict and c.at(ports, j, p + ("ports",), dict) is None:
                    continue
                number = port.get("containerPort")
                pname = port.get("name")
                if type(number) is int and 1 <= number <= 65535 and "protocol" not in port and \
                        (pname is None or (pname in _KNOWN_PORT_NAMES if type(pname) is str else False)):
                    continue    # (a port as the writer writes it, without building a single path)
                pp = p + ("ports", j)
                if type(number) is not int or not 1 <= number <= 65535:
                    number = c.at(port, "containerPort", pp, int, required=True)
                    if number is not None:
                        c.check(pp + ("containerPort",), port_number, number, "containerPort")
                if pname is not None:
                    if type(pname) is not str:
                        pname = c.at(port, "name", pp, str)
                    if pname is not None:
                        _valid_label(c, pp + ("name",), pname, _KNOWN_PORT_NAMES, port_name)
                if "protocol" in port:
                    _check_protocol(c, pp + ("protocol",))
            resources = c.at(container, "resources", p, dict) if "resources" in container else None
            for kind in ("requests", "limits") if resources is not None else ():
                values = resources.get(kind)
                if values is not None and type(values) is not dict:
                    values = c.at(resources, kind, p + ("resources",), dict)
                for res, q in (values or {}).items():
                    if type(q) is not str or q not in _KNOWN_QUANTITIES:
                        if c.check(p + ("resources", kind, res), quantity, q, res) and type(q) is str:
                            _remember(_KNOWN_QUANTITIES, q)
    if "nodeName" in spec and type(spec["nodeName"]) is not str:
        c.at(spec, "nodeName", path, str)
    if "nodeSelector" in spec:
        validate_labels_map(c, path + ("nodeSelector",))
    tolerations = c.at(spec, "tolerations", path, list) if "tolerations" in spec else None
    for i, toleration in enumerate(tolerations or []):
        p = path + ("tolerations", i)
        if type(toleration) is not dict and c.at(tolerations, i, path + ("tolerations",), dict) is None:
            continue
        op = c.at(toleration, "operator", p, str)
        if op is not None and op not in ("Exists", "Equal"):
            c.error(p + ("operator",), f'Unsupported value: "{op}": supported values: "Equal", "Exists"')
        effect = c.at(toleration, "effect", p, str)
        if effect and effect not in ("NoSchedule", "PreferNoSchedule", "NoExecute"):
            c.error(p + ("effect",), f'Unsupported value: "{effect}": supported values: "NoExecute", '
                                     f'"NoSchedule", "PreferNoSchedule"')
        c.at(toleration, "tolerationSeconds", p, int)
    if "affinity" in spec and type(spec["affinity"]) is not dict:
        c.at(spec, "affinity", path, dict)


def _check_protocol(c: _Checker, path) -> None:
    proto = c.get(path, str)
    if proto is not None and proto not in PROTOCOLS:
        c.error(path, f'Unsupported value: "{proto}": supported values: "SCTP", "TCP", "UDP"')


def _validate_workload(c: _Checker, with_template=True) -> None:
    replicas = c.get(("spec", "replicas"), int)
    if replicas is not None and replicas < 0:
        c.error(("spec", "replicas"), "must be greater than or equal to 0")
    c.get(("spec", "selector"), dict, required=True)
    validate_label_selector(c, ("spec", "selector"))
    if with_template:
        c.get(("spec", "template"), dict, required=True)
        validate_metadata_labels_only(c, ("spec", "template", "metadata", "labels"))
        validate_pod_spec(c, ("spec", "template", "spec"))
        selector = c.get(("spec", "selector", "matchLabels"), dict) or {}
        tlabels = c.get(("spec", "template", "metadata", "labels"), dict) or {}
        if selector and tlabels and any(tlabels.get(k) != v for k, v in selector.items()):
            c.error(("spec", "template", "metadata", "labels"),
                    "Invalid value: `selector` does not match template `labels`")


def validate_metadata_labels_only(c: _Checker, path) -> None:
    validate_labels_map(c, path)


def _validate_pod(c):
    spec = c.raw.get("spec")
    if c.memo is None or type(spec) is not dict or type(spec.get("nodeName", "")) is not str:
        validate_pod_spec(c, ("spec",))
    else:
        c.problems.extend(c.memo.pod_spec(spec))


class ValidationMemo:
    """What :func:`validate_pod_spec` found in the specs of Pods read together (:func:`validate_object`'s
    ``memo``): the pods of one ReplicaSet have the same spec but for ``nodeName``, so a 150,000-pod file holds
    ~1,000 different specs, and each is checked once (~5 us saved a pod). (Their metadata was tried too: its
    key cost about what its checks cost.)

    Exact: the key is the ``marshal`` bytes of the spec without ``nodeName``. marshal writes only the exact
    built-in types (a subclass anywhere raises ValueError: that spec is checked and not remembered) and says
    each value's type, length and order; ``marshal.loads`` reads bytes back to one value, so two specs with the
    same key are the same value to every check, the ``type(x) is ...`` ones included. ``nodeName`` is only
    ever checked to be a string, and :func:`_validate_pod` does not ask the memo about a spec whose
    ``nodeName`` is something else. Equal specs whose bytes differ (marshal's format 4 marks objects referred
    to more than once) are checked twice, never wrongly. Keeps at most :attr:`MAX` specs."""

    MAX = 4096

    def __init__(self):
        self._found: dict = {}

    def pod_spec(self, spec: dict) -> tuple:
        """The problems of the Pod spec ``spec`` (a dict whose ``nodeName``, if any, is a string), at paths
        from the object's root (``("spec", ...)``), as ``validate_pod_spec`` records them."""
        rest = spec.copy()
        rest.pop("nodeName", None)
        try:
            key = marshal.dumps(rest, 4)    # (format 4: twice as fast as 2 here)
        except ValueError:      # (a value of a subclass, or nested beyond marshal's depth)
            key = None
        found = self._found.get(key)
        if found is None:
            checker = _Checker({"spec": rest})
            validate_pod_spec(checker, ("spec",))
            found = tuple(checker.problems)
            if key is not None and len(self._found) < self.MAX:
                self._found[key] = found
        return found


def _validate_deployment(c):
    _validate_workload(c)
    strategy = c.get(("spec", "strategy"), dict) or {}
    stype = strategy.get("type")
    if stype is not None and stype not in ("RollingUpdate", "Recreate"):
        c.error(("spec", "strategy", "type"), f'Unsupported value: "{stype}": supported values: '
                                              f'"Recreate", "RollingUpdate"')
    for field in ("maxSurge", "maxUnavailable"):
        value = c.get(("spec", "strategy", "rollingUpdate", field), "int-or-string")
        if isinstance(value, str) and not re.match(r"^[0-9]+%$", value):
            c.error(("spec", "strategy", "rollingUpdate", field), f'a valid percent string must be a numeric '
                                                                   f'string followed by an ending \'%\', got "{value}"')


def _validate_replicaset(c):
    _validate_workload(c)


def _validate_service(c):
    stype = c.get(("spec", "type"), str)
    if stype is not None and stype not in ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"):
        c.error(("spec", "type"), f'Unsupported value: "{stype}": supported values: "ClusterIP", '
                                  f'"ExternalName", "LoadBalancer", "NodePort"')
    ports = c.get(("spec", "ports"), list)
    if stype != "ExternalName" and c.get(("spec", "clusterIP"), str) != "None" and not ports:
        c.error(("spec", "ports"), "Required value")
    names = set()
    for i, _ in enumerate(ports or []):
        p = ("spec", "ports", i)
        if c.get(p, dict) is None:
            continue
        number = c.get(p + ("port",), int, required=True)
        if number is not None:
            c.check(p + ("port",), port_number, number)
        target = c.get(p + ("targetPort",), "int-or-string")
        if target is not None:
            c.check(p + ("targetPort",), int_or_port_name, target)
        node_port = c.get(p + ("nodePort",), int)
        if node_port is not None:
            c.check(p + ("nodePort",), port_number, node_port, "nodePort")
        name = c.get(p + ("name",), str)
        if name is not None:
            c.check(p + ("name",), dns1123_label, name, "port name")
            if name in names:
                c.error(p + ("name",), f'Duplicate value: "{name}"')
            names.add(name)
        elif len(ports) > 1:
            c.error(p + ("name",), "Required value: when there are multiple ports, each must have a name")
        _check_protocol(c, p + ("protocol",))
    validate_labels_map(c, ("spec", "selector"))
    for field in ("externalTrafficPolicy", "internalTrafficPolicy"):
        value = c.get(("spec", field), str)
        if value is not None and value not in ("Cluster", "Local"):
            c.error(("spec", field), f'Unsupported value: "{value}": supported values: "Cluster", "Local"')
    affinity = c.get(("spec", "sessionAffinity"), str)
    if affinity is not None and affinity not in ("None", "ClientIP"):
        c.error(("spec", "sessionAffinity"), f'Unsupported value: "{affinity}": supported values: '
                                             f'"ClientIP", "None"')


def _validate_backend(c, parent, key, base):
    """The IngressBackend at ``base + (key,)``; ``parent`` is what is at ``base`` (one step per field with
    :meth:`_Checker.at`: walking every path from the root made an Ingress of 20 rules cost 0.6 ms)."""
    path = base + (key,)
    backend = c.at(parent, key, base, dict)
    if backend is None:
        return
    svc = c.at(backend, "service", path, dict)
    resource = c.at(backend, "resource", path, dict)
    if svc is None and resource is None:
        c.error(path, "Required value: one of `service` or `resource` must be specified")
        return
    if svc is not None:
        sp = path + ("service",)
        name = c.at(svc, "name", sp, str, required=True)
        if name is not None:
            _valid_label(c, sp + ("name",), name, _KNOWN_DNS_LABELS, dns1123_label, "service name")
        port = c.at(svc, "port", sp, dict, required=True)
        if port is not None:
            pp = sp + ("port",)
            number = c.at(port, "number", pp, int)
            pname = c.at(port, "name", pp, str)
            if number is None and pname is None:
                c.error(pp, "Required value: port name or number is required")
            if number is not None and not (type(number) is int and 1 <= number <= 65535):
                c.check(pp + ("number",), port_number, number)


def _validate_ingress(c):
    spec = c.raw.get("spec")
    c.at(spec, "ingressClassName", ("spec",), str)
    _validate_backend(c, spec, "defaultBackend", ("spec",))
    base = ("spec", "rules")
    rules = c.at(spec, "rules", ("spec",), list) or []
    for i in range(len(rules)):
        p = base + (i,)
        rule = c.at(rules, i, base, dict)
        if rule is None:
            continue
        host = c.at(rule, "host", p, str)
        if host:
            check_host = host[2:] if host.startswith("*.") else host
            c.check(p + ("host",), dns1123_subdomain, check_host, "host")
        http = rule.get("http")
        paths = c.at(http, "paths", p + ("http",), list) or []
        for j, _ in enumerate(paths):
            pp = p + ("http", "paths", j)
            item = c.at(paths, j, p + ("http", "paths"), dict)
            if item is None:
                continue
            ptype = c.at(item, "pathType", pp, str, required=True)
            if ptype is not None and ptype not in ("Exact", "Prefix", "ImplementationSpecific"):
                c.error(pp + ("pathType",), f'Unsupported value: "{ptype}": supported values: "Exact", '
                                            f'"ImplementationSpecific", "Prefix"')
            path = c.at(item, "path", pp, str)
            if ptype in ("Exact", "Prefix") and (path is None or not path.startswith("/")):
                c.error(pp + ("path",), "Invalid value: must be an absolute path")
            c.at(item, "backend", pp, dict, required=True)
            _validate_backend(c, item, "backend", pp)
    tls = c.at(spec, "tls", ("spec",), list) or []
    for i, entry in enumerate(tls):
        c.at(entry, "hosts", ("spec", "tls", i), list)
        c.at(entry, "secretName", ("spec", "tls", i), str)


def _validate_ingressclass(c):
    c.get(("spec", "controller"), str, required=True)


def _validate_peer_list(c, path, peer_field):
    for i, _ in enumerate(c.get(path, list) or []):
        rp = path + (i,)
        if c.get(rp, dict) is None:
            continue
        for j, _ in enumerate(c.get(rp + (peer_field,), list) or []):
            pp = rp + (peer_field, j)
            if c.get(pp, dict) is None:
                continue
            validate_label_selector(c, pp + ("podSelector",))
            validate_label_selector(c, pp + ("namespaceSelector",))
            block = c.get(pp + ("ipBlock",), dict)
            if block is not None:
                base = c.get(pp + ("ipBlock", "cidr"), str, required=True)
                if base is not None and c.check(pp + ("ipBlock", "cidr"), cidr_loose, base):
                    for k, exc in enumerate(c.get(pp + ("ipBlock", "except"), list) or []):
                        c.check(pp + ("ipBlock", "except", k), cidr_loose, exc)
        for j, _ in enumerate(c.get(rp + ("ports",), list) or []):
            pp = rp + ("ports", j)
            if c.get(pp, dict) is None:
                continue
            port = c.get(pp + ("port",), "int-or-string")
            if port is not None:
                c.check(pp + ("port",), int_or_port_name, port, "port")
            end = c.get(pp + ("endPort",), int)
            if end is not None and isinstance(port, int) and end < port:
                c.error(pp + ("endPort",), "must be greater than or equal to `port`")
            _check_protocol(c, pp + ("protocol",))


def cidr_loose(value, what: str = "CIDR") -> None:
    """A CIDR that may have host bits set (NetworkPolicy ipBlock accepts ``10.0.0.1/24``), as a string
    (``ipaddress`` would take a number, or even a boolean)."""
    if not isinstance(value, str):
        raise InvalidValueError(f"{what} {value!r}: must be a valid CIDR")
    try:
        ipaddress.ip_network(value, strict=False)
    except (ValueError, TypeError):
        raise InvalidValueError(f"{what} {value!r}: must be a valid CIDR") from None


def _validate_networkpolicy(c):
    c.get(("spec", "podSelector"), dict, required=True)
    validate_label_selector(c, ("spec", "podSelector"))
    types = c.get(("spec", "policyTypes"), list) or []
    for i, t in enumerate(types):
        if t not in ("Ingress", "Egress"):
            c.error(("spec", "policyTypes", i), f'Unsupported value: "{t}": supported values: "Egress", "Ingress"')
    _validate_peer_list(c, ("spec", "ingress"), "from")
    _validate_peer_list(c, ("spec", "egress"), "to")


def _validate_node(c):
    for i, entry in enumerate(c.get(("status", "addresses"), list) or []):
        p = ("status", "addresses", i)
        if not isinstance(entry, dict):  # the API server decodes it as an empty address: suspicious, not fatal
            c.error(p, f"must be an object, got {_typename(entry)}", severity="warning")
            continue
        c.get(p + ("type",), str, required=True)
        address = c.get(p + ("address",), str, required=True)
        if address is not None and c.get(p + ("type",), str) in ("InternalIP", "ExternalIP"):
            c.check(p + ("address",), ip_address, address)
    for i, _ in enumerate(c.get(("spec", "taints"), list) or []):
        p = ("spec", "taints", i)
        if c.get(p, dict) is None:
            continue
        key = c.get(p + ("key",), str, required=True)
        if key is not None:
            c.check(p + ("key",), label_key, key)
        effect = c.get(p + ("effect",), str, required=True)
        if effect is not None and effect not in ("NoSchedule", "PreferNoSchedule", "NoExecute"):
            c.error(p + ("effect",), f'Unsupported value: "{effect}": supported values: "NoExecute", '
                                     f'"NoSchedule", "PreferNoSchedule"')
    pod_cidr = c.get(("spec", "podCIDR"), str)
    if pod_cidr is not None:
        c.check(("spec", "podCIDR"), cidr, pod_cidr, "podCIDR")
    for field in ("capacity", "allocatable"):
        for res, q in (c.get(("status", field), dict) or {}).items():
            if type(q) is not str or q not in _KNOWN_QUANTITIES:
                if c.check(("status", field, res), quantity, q, res) and type(q) is str:
                    _remember(_KNOWN_QUANTITIES, q)


_KIND_RULES = {
    "Pod": (_validate_pod, True),
    "Deployment": (_validate_deployment, True),
    "ReplicaSet": (_validate_replicaset, True),
    "Service": (_validate_service, True),
    "Ingress": (_validate_ingress, True),
    "IngressClass": (_validate_ingressclass, False),
    "NetworkPolicy": (_validate_networkpolicy, True),
    "Node": (_validate_node, False),
    "Namespace": (None, False),
}
_LABEL_NAMED = {"Namespace", "Service"}


def validate_object(raw, memo: ValidationMemo | None = None) -> list[Problem]:
    """Check one object dict against the rules the API server enforces for its kind.

    Returns every problem found, errors and warnings, in document order; an empty list means valid.
    Kinds the model does not know get only the generic checks (apiVersion, kind, metadata.name). ``memo``:
    one :class:`ValidationMemo` for many objects read together (the same problems, faster), or None.
    """
    if not isinstance(raw, dict):
        return [Problem((), f"must be an object, got {_typename(raw)}")]
    c = _Checker(raw, memo)
    if type(raw.get("apiVersion")) is not str:
        c.get(("apiVersion",), str, required=True)
    kind = raw.get("kind")
    if type(kind) is not str:
        kind = c.get(("kind",), str, required=True)
    rule, namespaced = _KIND_RULES.get(kind, (None, True))
    name_rule = dns1123_label if kind in _LABEL_NAMED else dns1123_subdomain
    if kind in _KIND_RULES:
        validate_metadata(c, namespaced, name_rule)
    else:
        meta = c.get(("metadata",), dict, required=True)
        if meta is not None:
            c.get(("metadata", "name"), str, required=True)
            c.get(("metadata", "namespace"), str)
            c.get(("metadata", "labels"), dict)
            c.get(("metadata", "annotations"), dict)
            validate_owner_references(c)
    if rule is not None and (kind == "Node" or c.get(("spec",), dict) is not None or kind != "Pod"):
        rule(c)
    return c.problems


# Fields validate_object checks for nothing but being strings, whatever the kind (at most their type): a copy of
# an object that differs from it only in these, as strings, and in a valid name has the same problems
# (explorer.io.reader reads the copies of a 150,000-pod file that way; a test holds this set to its word).
STRING_ONLY_FIELDS = frozenset({("metadata", "uid"), ("spec", "nodeName"), ("status", "hostIP"),
                                ("status", "podIP")})


def _any_string(name) -> bool:
    return type(name) is str


_LABEL_TEXT = r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?"
_NAME_LINES = {    # the names of a rule, each followed by a line break (fullmatch)
    "label": re.compile(r"(?:" + _LABEL_TEXT + r"\n)*"),
    "subdomain": re.compile(r"(?:" + _LABEL_TEXT + r"(?:\." + _LABEL_TEXT + r")*\n)*"),
}


def names_check(kind) -> Callable[[list], bool]:
    """A test of many ``metadata.name`` values at once for objects of ``kind``: true when :func:`name_check`
    passes every one of them (a list), in one search of them all (a run of a big file's copies: ~0.5 us a
    name instead of ~1 us)."""
    rule = None if kind not in _KIND_RULES else "label" if kind in _LABEL_NAMED else "subdomain"
    limit = 63 if rule == "label" else 253
    lines = _NAME_LINES.get(rule)

    def all_valid(names: list) -> bool:
        if not names:
            return True
        if set(map(type, names)) != {str}:
            return False
        if lines is None:
            return True
        lengths = list(map(len, names))
        text = "\n".join(names)
        return (min(lengths) > 0 and max(lengths) <= limit and text.count("\n") == len(names) - 1
                and lines.fullmatch(text + "\n") is not None)
    return all_valid


def name_check(kind) -> Callable[[object], bool]:
    """A test of ``metadata.name`` values for objects of ``kind``: true for a value :func:`validate_object`
    finds nothing wrong with (its kind's rule for known kinds, any string for the others). The rule's checks
    inline: this runs once a pod when a big file is read (a test holds it to the rule)."""
    if kind not in _KIND_RULES:
        return _any_string
    match = (DNS1123_LABEL if kind in _LABEL_NAMED else DNS1123_SUBDOMAIN).match
    limit = 63 if kind in _LABEL_NAMED else 253

    def valid(name) -> bool:
        return type(name) is str and 0 < len(name) <= limit and match(name) is not None
    return valid
