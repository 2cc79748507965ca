"""What a card says under its name: an Ingress without rules that sends everything to a default backend said
"(no rules)", and one without ingressClassName "class ?" (Contour's kuard example)."""

from __future__ import annotations

import pytest

from explorer.model import builders as b


# name: (the Ingress, the two lines its card shows under its name)
INGRESS_LINES = {
    "rules and a class": (b.ingress("web", "shop", "nginx", rules=[("a.example.com", "/", "Prefix", "api", 80)]),
                          ["Ingress · class nginx", "a.example.com/→api"]),
    "a default backend only, no class": (b.ingress("kuard", "shop", "", default_backend=("kuard", 80)),
                                         ["Ingress · the default class", "default backend → kuard"]),
    "nothing": (b.ingress("empty", "shop", "nginx"), ["Ingress · class nginx", "(no rules)"]),
}


@pytest.mark.parametrize("ingress, lines", INGRESS_LINES.values(), ids=INGRESS_LINES.keys())
def test_an_ingress_card_says_where_it_sends_requests(qtbot, ingress, lines):
    from explorer.ui.items import IngressItem
    assert IngressItem(ingress).lines() == lines
