"""The request-trace texts of explorer.net in the interface language (context ``Trace``).

explorer.net builds every hop text, NetworkPolicy verdict and result reason as an
:class:`explorer.net.text.Text`: an English ``str`` that also carries its message id (``template``) and
arguments. :func:`text` renders one in the current language: the template goes through
``QCoreApplication.translate("Trace", template)``, then the arguments are inserted; Kubernetes names, IPs, ports,
field names and iptables words are arguments and stay verbatim. A plain ``str`` (a text that is all Kubernetes
words, such as ``"Service shop/api type ClusterIP"``) is shown as it is.

lupdate cannot see templates living in explorer/net, so :data:`TEMPLATES` lists every one of them inside
``QT_TRANSLATE_NOOP("Trace", ...)``; tests/i18n/test_i18n_trace_texts.py fails when explorer/net uses a template
missing here or untranslated in the Spanish catalogue. After adding a ``Text("...")`` in explorer/net, add the same
literal here, run ``packaging/update_translations.py`` and translate it.

:func:`step` and :func:`status` name a hop's step (``kube-proxy``, ``node``...) and a result status
(``dropped``, ``refused``; HTTP codes stay numbers).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from explorer.net.text import Text

CONTEXT = "Trace"

# Every template of explorer.net (explorer/net/ingress.py, policy.py, router.py, urls.py).
TEMPLATES = (
    QT_TRANSLATE_NOOP("Trace", "any host, ImplementationSpecific path (prefix) {rule_path} matched {path}"),
    QT_TRANSLATE_NOOP("Trace", "host {host}, ImplementationSpecific path (prefix) {rule_path} matched {path}"),
    QT_TRANSLATE_NOOP("Trace", "any host, exact path {rule_path} matched {path}"),
    QT_TRANSLATE_NOOP("Trace", "any host, path prefix {rule_path} matched {path}"),
    QT_TRANSLATE_NOOP("Trace", "any host, ImplementationSpecific path (regex) {rule_path} matched {path}"),
    QT_TRANSLATE_NOOP("Trace", "host {host}, exact path {rule_path} matched {path}"),
    QT_TRANSLATE_NOOP("Trace", "host {host}, path prefix {rule_path} matched {path}"),
    QT_TRANSLATE_NOOP("Trace", "host {host}, ImplementationSpecific path (regex) {rule_path} matched {path}"),
    QT_TRANSLATE_NOOP("Trace", "no rule matched {host}{path}; spec.defaultBackend of {ingress}"),
    QT_TRANSLATE_NOOP("Trace", "allowed by NetworkPolicy {policy} {direction} rule #{index}"),
    QT_TRANSLATE_NOOP("Trace", "a pod reaching itself is always allowed (as real CNIs do)"),
    QT_TRANSLATE_NOOP("Trace", "{pod} is isolated for {direction} by NetworkPolicy {policies}; no rule allows {peer} on {protocol}/{port}"),
    QT_TRANSLATE_NOOP("Trace", "not a pod: no NetworkPolicy applies"),
    QT_TRANSLATE_NOOP("Trace", "no NetworkPolicy selects {pod} for {direction}: not isolated"),
    QT_TRANSLATE_NOOP("Trace", "served by pod {pod}"),
    QT_TRANSLATE_NOOP("Trace", "{controller} controller {pod}"),
    QT_TRANSLATE_NOOP("Trace", "Ingress {ingress} ({why}, controller {controller})"),
    QT_TRANSLATE_NOOP("Trace", "egress of {pod}"),
    QT_TRANSLATE_NOOP("Trace", "deny DNS lookup (UDP/53 to CoreDNS)"),
    QT_TRANSLATE_NOOP("Trace", "{pod} is isolated for egress and no rule allows UDP/53 to the kube-dns endpoints; the lookup times out"),
    QT_TRANSLATE_NOOP("Trace", "DNS lookup of {host} blocked: NetworkPolicy denies egress from {pod} to CoreDNS on UDP/53"),
    QT_TRANSLATE_NOOP("Trace", "no route to {ip}: not a node, pod, ClusterIP or LoadBalancer IP of this cluster"),
    QT_TRANSLATE_NOOP("Trace", "Service {service} has no port {port}; nothing answers on {entry}"),
    QT_TRANSLATE_NOOP("Trace", "externalTrafficPolicy Cluster: every Ready worker node is a healthy target"),
    QT_TRANSLATE_NOOP("Trace", "forward to node {node} ({target}), one of {count} healthy nodes"),
    QT_TRANSLATE_NOOP("Trace", "packet arrives for {ip}:{port}"),
    QT_TRANSLATE_NOOP("Trace", "Service {service} port {port} -> targetPort {target_port} (= {resolved} on this pod)"),
    QT_TRANSLATE_NOOP("Trace", "{policy} Local: only endpoints on this node"),
    QT_TRANSLATE_NOOP("Trace", "DNAT {entry} -> {ip}:{port} (pod {pod} on {node})"),
    QT_TRANSLATE_NOOP("Trace", "deliver to pod {pod} ({ip})"),
    QT_TRANSLATE_NOOP("Trace", "ingress of {pod}"),
    QT_TRANSLATE_NOOP("Trace", "HTTP {path} answered on {ip}:{port}"),
    QT_TRANSLATE_NOOP("Trace", "no ingressClassName: default IngressClass {ingress_class}"),
    QT_TRANSLATE_NOOP("Trace", "internet {ip}"),
    QT_TRANSLATE_NOOP("Trace", "pod {pod} ({ip}) on {node}"),
    QT_TRANSLATE_NOOP("Trace", "packet to {ip}:{port} leaves the pod through its veth into the node's network stack"),
    QT_TRANSLATE_NOOP("Trace", "public DNS"),
    QT_TRANSLATE_NOOP("Trace", "CoreDNS (then upstream DNS)"),
    QT_TRANSLATE_NOOP("Trace", "could not resolve host {host}"),
    QT_TRANSLATE_NOOP("Trace", "CoreDNS (forwarded to upstream DNS)"),
    QT_TRANSLATE_NOOP("Trace", "externalTrafficPolicy Local: the health check (healthCheckNodePort) passes only on nodes with a ready endpoint: {nodes}"),
    QT_TRANSLATE_NOOP("Trace", "externalTrafficPolicy Local: the health check (healthCheckNodePort) passes only on nodes with a ready endpoint: none"),
    QT_TRANSLATE_NOOP("Trace", "no healthy node to send to"),
    QT_TRANSLATE_NOOP("Trace", "the load balancer of Service {service} has no healthy node"),
    QT_TRANSLATE_NOOP("Trace", "REJECT {entry}: Service {service} has no ready endpoints"),
    QT_TRANSLATE_NOOP("Trace", "KUBE-SERVICES: a Service without endpoints is rejected (ICMP port unreachable)"),
    QT_TRANSLATE_NOOP("Trace", "connection refused: Service {service} has no ready endpoints"),
    QT_TRANSLATE_NOOP("Trace", "IPVS round-robin on {node}: connection #{connection}, real server {index} of {count}"),
    QT_TRANSLATE_NOOP("Trace", "endpoint {ip} of {service} is not a known pod"),
    QT_TRANSLATE_NOOP("Trace", "route {ip} via the overlay to {node}"),
    QT_TRANSLATE_NOOP("Trace", "encapsulate {source} -> {ip} from {source_node} to {node}"),
    QT_TRANSLATE_NOOP("Trace", "CNI overlay network (VXLAN)"),
    QT_TRANSLATE_NOOP("Trace", "node is not Ready: the packet is lost"),
    QT_TRANSLATE_NOOP("Trace", "node {node} of pod {pod} is not Ready"),
    QT_TRANSLATE_NOOP("Trace", "allow"),
    QT_TRANSLATE_NOOP("Trace", "deny"),
    QT_TRANSLATE_NOOP("Trace", "NetworkPolicy denies ingress to {pod} from {source} TCP/{port}"),
    QT_TRANSLATE_NOOP("Trace", "nothing listens on {port} (container ports {declared})"),
    QT_TRANSLATE_NOOP("Trace", "the pod's containers declare their ports; TCP RST"),
    QT_TRANSLATE_NOOP("Trace", "connection refused: pod {pod} does not listen on {port}"),
    QT_TRANSLATE_NOOP("Trace", "no Ingress rule for {host}{path}: 404 Not Found"),
    QT_TRANSLATE_NOOP("Trace", "Ingresses of class {classes} that could serve {host}: {count}; no rule matched {path} and none has a defaultBackend"),
    QT_TRANSLATE_NOOP("Trace", "no Ingress rule matches {host}{path} (controller's default backend)"),
    QT_TRANSLATE_NOOP("Trace", "TLS terminated with the certificate of spec.tls for {host}"),
    QT_TRANSLATE_NOOP("Trace", "{host} is not in spec.tls: the controller presents its default self-signed certificate (a verifying client would abort)"),
    QT_TRANSLATE_NOOP("Trace", "host has TLS: ingress-nginx would answer 308 redirect to https (followed)"),
    QT_TRANSLATE_NOOP("Trace", "backend Service {service} does not exist"),
    QT_TRANSLATE_NOOP("Trace", "backend Service {service} has no port {port}"),
    QT_TRANSLATE_NOOP("Trace", "Service {service} has no ready endpoints"),
    QT_TRANSLATE_NOOP("Trace", "backend Service {service} has no ready endpoints"),
    QT_TRANSLATE_NOOP("Trace", "proxy to endpoint {ip}:{port} (pod {pod})"),
    QT_TRANSLATE_NOOP("Trace", "proxy to endpoint {ip}:{port}"),
    QT_TRANSLATE_NOOP("Trace", "{fqdn} is Service {service}'s ClusterIP (pod search path {search})"),
    QT_TRANSLATE_NOOP("Trace", "no Service has this name and no Ingress names this host"),
    QT_TRANSLATE_NOOP("Trace", "no Ingress names this host (cluster-internal names do not resolve outside)"),
    QT_TRANSLATE_NOOP("Trace", "allow DNS lookup to {ip} UDP/{port}"),
    QT_TRANSLATE_NOOP("Trace", "kube-proxy short-circuits a LoadBalancer IP inside the cluster"),
    QT_TRANSLATE_NOOP("Trace", "sent from {source} to node {node} over the node network"),
    QT_TRANSLATE_NOOP("Trace", "packet arrives on port {port}"),
    QT_TRANSLATE_NOOP("Trace", "node {node} is not Ready; nothing answers on {ip}"),
    QT_TRANSLATE_NOOP("Trace", "nothing listens on {ip}:{port}"),
    QT_TRANSLATE_NOOP("Trace", "no Service has this nodePort"),
    QT_TRANSLATE_NOOP("Trace", "connection refused: no NodePort {port} on node {node}"),
    QT_TRANSLATE_NOOP("Trace", "{ip} is a ClusterIP: not routable from outside the cluster"),
    QT_TRANSLATE_NOOP("Trace", "{ip} is a ClusterIP, reachable only from inside the cluster"),
    QT_TRANSLATE_NOOP("Trace", "{ip} is a pod IP: not routable from outside the cluster"),
    QT_TRANSLATE_NOOP("Trace", "{ip} is a pod IP, reachable only from inside the cluster"),
    QT_TRANSLATE_NOOP("Trace", "{ip} is pod {pod}: no Service, no DNAT"),
    QT_TRANSLATE_NOOP("Trace", "direct to pod {pod} {ip}:{port}, no DNAT"),
    QT_TRANSLATE_NOOP("Trace", "headless Services have no ClusterIP, kube-proxy is not involved"),
    QT_TRANSLATE_NOOP("Trace", "DROP {entry}: no ready endpoint of {service} on {node}"),
    QT_TRANSLATE_NOOP("Trace", "{policy}: Local uses only endpoints on the receiving node"),
    QT_TRANSLATE_NOOP("Trace", "{policy} Local and no ready endpoint of {service} on node {node}"),
    QT_TRANSLATE_NOOP("Trace", "sessionAffinity ClientIP: {client} is pinned to {endpoint} (until t={until}s, timeoutSeconds {timeout})"),
    QT_TRANSLATE_NOOP("Trace", "the only ready endpoint"),
    QT_TRANSLATE_NOOP("Trace", "source IP {ip} preserved (no SNAT)"),
    QT_TRANSLATE_NOOP("Trace", "SNAT source {ip} -> {node_ip} (node {node})"),
    QT_TRANSLATE_NOOP("Trace", "externalTrafficPolicy Cluster masquerades external traffic"),
    QT_TRANSLATE_NOOP("Trace", "NetworkPolicy denies egress from {source} to {pod} TCP/{port}"),
    QT_TRANSLATE_NOOP("Trace", "{ip} is in {node}'s pod CIDR {cidr}"),
    QT_TRANSLATE_NOOP("Trace", "{ip} is in {node}'s pod CIDR"),
    QT_TRANSLATE_NOOP("Trace", "{ip} is local: deliver over the node's bridge, no overlay"),
    QT_TRANSLATE_NOOP("Trace", "controllers send to the Service's endpoints directly (not via the ClusterIP)"),
    QT_TRANSLATE_NOOP("Trace", "{host} -> {ip} (one of {count} A records)"),
    QT_TRANSLATE_NOOP("Trace", "headless Service {service} (clusterIP: None): DNS returns the ready pod IPs; the client takes the first of the shuffled answer"),
    QT_TRANSLATE_NOOP("Trace", "Service {service} has no clusterIP yet"),
    QT_TRANSLATE_NOOP("Trace", "Ingress {ingress} names host {host}; its address is the {controller} controller's LoadBalancer IP (Service {service})"),
    QT_TRANSLATE_NOOP("Trace", "Ingress {ingress} names host {host}; resolved to the controller Service {service} ClusterIP"),
    QT_TRANSLATE_NOOP("Trace", "iptables: endpoint {index} of {count} picked at random (probability 1/{count})"),
    QT_TRANSLATE_NOOP("Trace", "IPVS round-robin: real server {index} of {count}"),
    QT_TRANSLATE_NOOP("Trace", "sessionAffinity ClientIP pins {client} to it for {timeout}s"),
    QT_TRANSLATE_NOOP("Trace", "{count} ready, {index} of {count} picked (load balanced evenly)"),
    QT_TRANSLATE_NOOP("Trace", "headless Service {service} has no ready endpoints, so {fqdn} has no A records"),
    QT_TRANSLATE_NOOP("Trace", "could not resolve {host}: headless Service {service} has no ready endpoints"),
    QT_TRANSLATE_NOOP("Trace", "Ingress {ingress} names host {host}; the {controller} controller Service {service} has no external IP, so DNS points at node {node} and clients use nodePort {node_port}"),
    # errors (ValueError) for a bad URL or request source
    QT_TRANSLATE_NOOP("Trace", "source {source}: must be 'internet' or NAMESPACE/POD"),
    QT_TRANSLATE_NOOP("Trace", 'source pod "{pod}" not found'),
    QT_TRANSLATE_NOOP("Trace", 'source pod "{pod}" is not running (phase {phase}, no pod IP)'),
    QT_TRANSLATE_NOOP("Trace", "url {url}: scheme must be http or https"),
    QT_TRANSLATE_NOOP("Trace", "url {url}: no host"),
    QT_TRANSLATE_NOOP("Trace", "url {url}: port must be a number between 1 and 65535"),
)

# Hop steps (explorer.net.trace.Hop.step) and non-HTTP result statuses, as shown in the trace panel.
_STEPS = {
    "client": QT_TRANSLATE_NOOP("Trace", "client"),
    "dns": QT_TRANSLATE_NOOP("Trace", "dns"),
    "load-balancer": QT_TRANSLATE_NOOP("Trace", "load-balancer"),
    "node": QT_TRANSLATE_NOOP("Trace", "node"),
    "kube-proxy": QT_TRANSLATE_NOOP("Trace", "kube-proxy"),
    "overlay": QT_TRANSLATE_NOOP("Trace", "overlay"),
    "network-policy": QT_TRANSLATE_NOOP("Trace", "network-policy"),
    "ingress-controller": QT_TRANSLATE_NOOP("Trace", "ingress-controller"),
    "pod": QT_TRANSLATE_NOOP("Trace", "pod"),
}
_STATUSES = {
    "dropped": QT_TRANSLATE_NOOP("Trace", "dropped"),
    "refused": QT_TRANSLATE_NOOP("Trace", "refused"),
}


def translate(template: str) -> str:
    """``template`` (a message id of explorer.net) in the current language; itself when not translated."""
    return QCoreApplication.translate(CONTEXT, template)


def text(value) -> str:
    """A trace text in the current language: a :class:`~explorer.net.text.Text` rendered through the catalogue,
    anything else (``None`` gives ``""``) as ``str``."""
    if value is None:
        return ""
    return value.render(translate) if isinstance(value, Text) else str(value)


def error(exc: BaseException) -> str:
    """The message of an error raised by explorer.net (a bad URL, an unknown source pod) in the current language:
    its first argument when that is a :class:`~explorer.net.text.Text` (``str(exc)`` would be the English copy),
    else ``str(exc)``."""
    first = exc.args[0] if exc.args else None
    return text(first) if isinstance(first, Text) else str(exc)


def step(name: str) -> str:
    """A hop's step (``"kube-proxy"``, ``"node"``...) in the current language; unknown steps verbatim."""
    return translate(_STEPS[name]) if name in _STEPS else name


def status(value) -> str:
    """A result status in the current language: HTTP codes as numbers, ``dropped``/``refused`` translated."""
    return translate(_STATUSES[value]) if value in _STATUSES else str(value)
