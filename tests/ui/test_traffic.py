"""Send request and Generate load from the window: the trace panel and the heat overlay follow the router."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from explorer.net import route

REQUESTS = [
    ("ingress-api", "http://shop.example.com/api", 200, "shop/api"),
    ("no-rule", "http://shop.example.com/nothing", 404, None),
]


@pytest.mark.parametrize("url, status, service", [r[1:] for r in REQUESTS], ids=[r[0] for r in REQUESTS])
def test_send_request_shows_trace_and_packet(qtbot, window, url, status, service):
    trace = window.send_request(url, "internet")
    expected = route(window.sim.sim.cluster(), "internet", url)
    table = window.trace.table
    rows = [(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())]
    assert ((trace.result["status"], trace.result.get("service")), rows) == (
        (status, service), [(h.step, h.at) for h in expected.hops])
    assert window.traffic.packet is not None and window.traffic.packet.isVisible()
    qtbot.waitUntil(lambda: window.traffic.trace_anim.state() != window.traffic.trace_anim.State.Running, timeout=20000)
    window.clear_overlay()
    assert not window.traffic.packet.isVisible()


def test_request_from_the_design_starts_and_settles_the_simulation(qtbot, window):
    assert not window.sim.active
    window.send_request("http://shop.example.com/api")
    pods = [p for p in window.sim.sim.cluster().pods("shop") if p.name.startswith("api-")]
    assert (window.sim.active, sorted(p.phase for p in pods)) == (True, ["Running"] * 3)


def test_generate_load_heat_overlay_counts_every_request(qtbot, window):
    heat = window.generate_load("http://shop.example.com/api", "internet", 60)
    api = {k: v for k, v in heat.items() if k[2].startswith("api-")}
    shown = {k: it.heat for k, it in window.scene.items_by_key.items() if getattr(it, "heat", None)}
    assert (sum(c for c, _d in api.values()), sum(d for _c, d in api.values()), len(api), shown) == (
        60, 0, 3, heat)


def test_generate_load_reports_drops(qtbot, window):
    window.settle()
    window.fault("stop_node", "worker-1")
    heat = window.generate_load("http://shop.example.com/api", "internet", 30)
    assert sum(c for c, _d in heat.values()) <= 30


def test_ctrl_r_opens_send_request_dialog(qtbot, window, monkeypatch):
    seen = []
    monkeypatch.setattr(window.traffic, "request_form", lambda title, with_count=False: seen.append(title))
    qtbot.keyClick(window.view, Qt.Key_R, Qt.ControlModifier)
    assert seen == ["Send request"]
