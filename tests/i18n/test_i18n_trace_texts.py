"""Request-trace texts (built in explorer/net as explorer.net.text.Text) are listed in the UI catalogue
explorer/ui/trace_texts.py and translated in Spanish; shown in Spanish, Kubernetes' words stay verbatim.

When test_every_net_template_is_in_the_ui_catalogue fails: copy the listed template into TEMPLATES of
explorer/ui/trace_texts.py (same literal), run ``.venv/bin/python packaging/update_translations.py`` and translate
the new entry of resources/i18n/explorer_es.ts (context "Trace").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue import TS_ES, messages
from i18n_fixtures import i18n_env  # noqa: F401 - fixture
from tests.net.fixtures import small
from tests.net.test_hop_texts import templates_in

NET = Path(__file__).resolve().parents[2] / "explorer" / "net"


def test_every_net_template_is_in_the_ui_catalogue():
    """Both ways: a template used in explorer/net but missing from the catalogue would show in English; one in the
    catalogue but no longer used in explorer/net is dead weight for translators."""
    from explorer.ui.trace_texts import TEMPLATES
    used, problems = templates_in(NET)
    assert (problems, sorted(set(used) - set(TEMPLATES)), sorted(set(TEMPLATES) - set(used)),
            len(TEMPLATES) == len(set(TEMPLATES))) == ([], [], [], True)


def test_every_trace_text_has_a_finished_spanish_translation():
    from explorer.ui import trace_texts
    wanted = {*trace_texts.TEMPLATES, *trace_texts._STEPS.values(), *trace_texts._STATUSES.values()}
    finished = {src for ctx, src, forms in messages(TS_ES) if ctx == "Trace" and all(f.strip() for f in forms)}
    unfinished = {src for ctx, src, forms in messages(TS_ES) if ctx == "Trace"} - finished
    assert (sorted(wanted - finished), sorted(unfinished)) == ([], [])


def _rows(trace, text, step):
    return [(step(h.step), text(h.at), text(h.decision), text(h.rule)) for h in trace.hops]


ROUTE_CASES = [
    ("pod_to_service", "default/client", "http://web.shop/", (
        "served by pod shop/web-0", "respondido por el pod shop/web-0", [
            ("cliente", "pod default/client (10.244.1.3) en worker-1", "GET http://web.shop/", ""),
            ("dns", "CoreDNS", "web.shop -> 10.96.0.22",
             "web.shop.svc.cluster.local es la ClusterIP del Service shop/web (ruta de búsqueda del pod "
             "default.svc.cluster.local svc.cluster.local cluster.local)"),
            ("nodo", "worker-1",
             "el paquete a 10.96.0.22:80 sale del pod por su veth hacia la pila de red del nodo", ""),
            ("kube-proxy", "worker-1", "DNAT 10.96.0.22:80 -> 10.244.2.3:80 (pod shop/web-0 en worker-2)",
             "Service shop/web port 80 -> targetPort 80; internalTrafficPolicy Cluster; el único endpoint listo"),
            ("network-policy", "egress de default/client", "permitir",
             "ninguna NetworkPolicy selecciona default/client para Egress: no está aislado"),
            ("nodo", "worker-1", "enrutar 10.244.2.3 por la red overlay hacia worker-2",
             "10.244.2.3 está en el pod CIDR de worker-2 10.244.2.0/24"),
            ("overlay", "192.168.56.11 -> 192.168.56.12",
             "encapsular 10.244.1.3 -> 10.244.2.3 de worker-1 a worker-2", "red overlay del CNI (VXLAN)"),
            ("nodo", "worker-2", "entregar al pod shop/web-0 (10.244.2.3)", ""),
            ("network-policy", "ingress de shop/web-0", "permitir",
             "ninguna NetworkPolicy selecciona shop/web-0 para Ingress: no está aislado"),
            ("pod", "shop/web-0", "HTTP / respondido en 10.244.2.3:80", ""),
        ])),
    ("internet_to_pod_ip", "internet", "http://10.244.2.3/", (
        "10.244.2.3 is a pod IP, reachable only from inside the cluster",
        "10.244.2.3 es una IP de pod, accesible solo desde dentro del clúster", [
            ("cliente", "internet 198.51.100.7", "GET http://10.244.2.3/", ""),
            ("cliente", "internet", "10.244.2.3 es una IP de pod: no es enrutable desde fuera del clúster",
             "pod CIDR 10.244.0.0/16"),
        ])),
]


@pytest.mark.parametrize("source, url, expected", [c[1:] for c in ROUTE_CASES], ids=[c[0] for c in ROUTE_CASES])
def test_trace_in_spanish_keeps_kubernetes_words(i18n_env, source, url, expected):
    """The same trace: English in str() (CLI, JSON), Spanish through the catalogue; names, IPs, kinds, field
    names and iptables words unchanged."""
    from explorer.net import route
    from explorer.ui import trace_texts
    trace = route(small().build(), source, url)
    english_rows = _rows(trace, str, str)
    assert i18n_env.install(code="es") == "es"
    spanish = (str(trace.result["reason"]), trace_texts.text(trace.result["reason"]),
               _rows(trace, trace_texts.text, trace_texts.step))
    assert (spanish, _rows(trace, str, str) == english_rows) == (expected, True)
