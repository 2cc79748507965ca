"""Built-in explanations: every component named in the issue has one, 2-4 sentences, in English and Spanish."""

from __future__ import annotations

import re

import pytest

from i18n_fixtures import i18n_env  # noqa: F401 - fixture

from explorer.ui import help_texts

EXPECTED_KEYS = (
    "control-plane", "api-server", "controller-manager", "scheduler", "etcd", "etcd-snapshot", "ha-quorum",
    "virtual-network", "worker-node", "kubelet", "kube-proxy", "container-runtime", "pod", "deployment",
    "replicaset", "service", "service-clusterip", "service-nodeport", "service-loadbalancer", "service-headless",
    "endpointslice", "ingress", "ingressclass", "ingress-nginx", "ingress-traefik", "ingress-haproxy",
    "ingress-envoy", "networkpolicy", "namespace", "external-client",
)

SPANISH_TITLES = {
    "control-plane": "Plano de control", "api-server": "API server", "controller-manager": "Controller manager",
    "scheduler": "Scheduler", "etcd": "etcd", "etcd-snapshot": "Snapshots de etcd",
    "ha-quorum": "Alta disponibilidad y quórum", "virtual-network": "Red virtual", "worker-node": "Nodo worker",
    "kubelet": "kubelet", "kube-proxy": "kube-proxy", "container-runtime": "Container runtime", "pod": "Pod",
    "deployment": "Deployment", "replicaset": "ReplicaSet", "service": "Service",
    "service-clusterip": "Service: ClusterIP (interno)", "service-nodeport": "Service: NodePort (externo)",
    "service-loadbalancer": "Service: LoadBalancer (externo)", "service-headless": "Service: headless",
    "endpointslice": "EndpointSlice", "ingress": "Ingress", "ingressclass": "IngressClass",
    "ingress-nginx": "Controlador de Ingress: NGINX", "ingress-traefik": "Controlador de Ingress: Traefik",
    "ingress-haproxy": "Controlador de Ingress: HAProxy",
    "ingress-envoy": "Controlador de Ingress: Envoy (Contour)", "networkpolicy": "NetworkPolicy",
    "namespace": "Namespace", "external-client": "Cliente externo",
}

SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def test_topics_cover_every_component():
    assert help_texts.KEYS == EXPECTED_KEYS


@pytest.mark.parametrize("key", EXPECTED_KEYS)
def test_explanation_is_two_to_four_sentences(qapp, key):
    text = help_texts.explanation(key)
    assert 2 <= len(SENTENCE_END.findall(text)) <= 4, text


def test_spanish_titles(i18n_env):
    assert i18n_env.install(code="es") == "es"
    assert {k: help_texts.title(k) for k in help_texts.KEYS} == SPANISH_TITLES


@pytest.mark.parametrize("key", EXPECTED_KEYS)
def test_spanish_explanation_differs_from_english(i18n_env, key):
    english = help_texts.explanation(key)
    i18n_env.install(code="es")
    spanish = help_texts.explanation(key)
    assert (spanish != english, bool(spanish)) == (True, True)


def test_unknown_key_raises(qapp):
    with pytest.raises(KeyError):
        help_texts.explanation("kube-dns")


KEY_FOR_CASES = [
    ("pod", dict(kind="Pod"), "pod"),
    ("deployment", dict(kind="Deployment"), "deployment"),
    ("service_default_type", dict(kind="Service"), "service-clusterip"),
    ("service_nodeport", dict(kind="Service", service_type="NodePort"), "service-nodeport"),
    ("service_loadbalancer", dict(kind="Service", service_type="LoadBalancer"), "service-loadbalancer"),
    ("service_headless", dict(kind="Service", service_type="ClusterIP", cluster_ip="None"), "service-headless"),
    ("service_externalname", dict(kind="Service", service_type="ExternalName"), "service"),
    ("worker_node", dict(kind="Node"), "worker-node"),
    ("control_plane_node", dict(kind="Node", control_plane=True), "control-plane"),
    ("nginx_controller", dict(kind="Deployment", controller="nginx"), "ingress-nginx"),
    ("contour_controller", dict(kind="Deployment", controller="contour"), "ingress-envoy"),
    ("unknown_kind", dict(kind="ConfigMap"), None),
]


@pytest.mark.parametrize("kwargs, expected", [c[1:] for c in KEY_FOR_CASES], ids=[c[0] for c in KEY_FOR_CASES])
def test_key_for(kwargs, expected):
    assert help_texts.key_for(**kwargs) == expected


def test_tooltip_is_escaped_rich_text(qapp):
    assert help_texts.tooltip("ingressclass").startswith("<p><b>IngressClass</b></p><p>An IngressClass names")


FILTER_CASES = [
    ("empty_shows_all", "en", "", list(EXPECTED_KEYS)),
    ("title_or_text_match", "en", "kubelet", ["api-server", "container-runtime", "kubelet", "worker-node"]),
    ("case_insensitive", "en", "QUORUM", ["etcd", "ha-quorum"]),
    ("spanish_text", "es", "cortafuegos", ["networkpolicy"]),
    ("nothing", "en", "zookeeper", []),
]


@pytest.mark.parametrize("lang, text, expected", [c[1:] for c in FILTER_CASES], ids=[c[0] for c in FILTER_CASES])
def test_help_panel_search(i18n_env, qtbot, lang, text, expected):
    from explorer.ui.help_panel import HelpPanel
    i18n_env.install(code=lang)
    panel = HelpPanel()
    qtbot.addWidget(panel)
    assert sorted(panel.filter_topics(text)) == sorted(expected)
