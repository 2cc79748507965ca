"""Traffic on the canvas: send one request (its trace in the Request trace dock and a packet travelling the
canvas), generate load (a heat overlay of requests and drops per pod), and clear the overlay.

:class:`TrafficActions` belongs to the main window (``window.traffic``), which keeps the menu actions and
the public ``send_request``/``generate_load``/``clear_overlay`` entry points. Routing needs a running,
settled simulator (started behind a busy dialog on a big design); on a state of more than
:data:`OFF_THREAD_PODS` pods it runs in a worker thread on the state's snapshot, and the routing view of a
simulated state is built once and reused while the state does not change (it is built in the worker from
:data:`BUILD_OFF_THREAD_PODS` pods on: ~0.14 s at 1,500 pods, a freeze of the window).
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, QVariantAnimation
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox

from explorer.ui import offthread, trace_texts
from explorer.ui.items import PacketItem

OFF_THREAD_PODS = 5000     # request tracing / load on a state with more pods runs in a worker thread
BUILD_OFF_THREAD_PODS = 500     # ...and from this many pods on when the state's routing view must be built


class TrafficActions(QObject):
    """Requests, traces and load for ``window`` (a :class:`explorer.ui.mainwindow.MainWindow`).

    ``last_trace`` is the last request's trace (None before any), ``last_heat`` the last load's
    {pod key: (requests, drops)}; ``packet`` is the travelling packet item once one was shown; ``busy`` is True
    while a request or load is being routed (another asked for meanwhile is ignored)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.packet = None
        self.trace_anim = None
        self.busy = False
        self.routing_cache = None      # (simulator weakref, store.changes, NetworkView, IP index)
        self.last_trace = None
        self.last_trace_ips: dict = {}
        self.last_heat: dict = {}
        self._hop_rows: list = []
    def _state(self):
        if not self.window.sim.start_and_wait(settle=True):
            return None
        return self.window.sim.sim.cluster()

    def default_url(self) -> str:
        for ing in self.window.document.cluster.objects("Ingress"):
            for p in ing.paths:
                return f"http://{p.host or 'localhost'}{p.path}"
        return "http://localhost/"

    def request_form(self, title, with_count=False):
        dialog = QDialog(self.window)
        dialog.setWindowTitle(title)
        form = QFormLayout(dialog)
        url = QLineEdit(self.default_url())
        url.setObjectName("request_url")
        source = QComboBox()
        source.setObjectName("request_source")
        source.addItem(self.tr("the internet (external client)"), "internet")
        self.window.sim.wait_for_reading()
        state = self.window.sim.sim.cluster() if self.window.sim.active else None
        pods = [(pod.namespace, pod.name) for pod in (state.pods() if state is not None
                                                        else self.window.document.cluster.pods()) if not pod.is_static]
        source.addItems([f"pod {ns}/{name}" for ns, name in pods])   # one call: 150,000 addItem took ~0.4 s
        choices = ["internet", *pods]
        form.addRow(self.tr("URL:"), url)
        form.addRow(self.tr("From:"), source)
        count = None
        if with_count:
            count = QSpinBox()
            count.setRange(1, 100000)
            count.setValue(500)
            form.addRow(self.tr("Requests:"), count)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.Accepted:
            return None
        return url.text().strip(), choices[source.currentIndex()], (count.value() if count else 0)

    def send_request_dialog(self):
        form = self.request_form(self.tr("Send request"))
        if form:
            self.send_request(form[0], form[1])

    def _routing_for(self, state):
        """(builder, cache key, built): ``builder()`` returns (NetworkView, IP index) for ``state`` (the
        simulator's current state): the cached pair when this simulated state already has one (``built``), else
        it builds them (call it in the worker; it is built once per state: ~1.5 s at 150,000 pods). Hand the
        pair and the key to :meth:`_keep_routing` afterwards."""
        sim = self.window.sim.sim
        key = (weakref.ref(sim), sim.store.changes) if sim is not None else None
        cached = self.routing_cache
        if key is not None and cached is not None and cached[0]() is sim and cached[1] == key[1]:
            view, index = cached[2], cached[3]
            return (lambda: (view, index)), key, True
        from explorer.net import NetworkView
        return (lambda: (NetworkView(state), _ip_index(state))), key, False

    def _keep_routing(self, key, view, index) -> None:
        if key is not None:
            self.routing_cache = (key[0], key[1], view, index)

    def _off_thread(self, state, built: bool) -> bool:
        """Traffic work on a state this big runs in a worker thread (the window stays live); ``built``: the
        state's routing view is ready (else the work builds it)."""
        pods = len(state.pods())
        return pods > OFF_THREAD_PODS or (not built and pods >= BUILD_OFF_THREAD_PODS)

    def send_request(self, url: str, source="internet"):
        """Route one request through the simulated cluster, show the trace and animate the packet. On a big
        state the routing runs in a worker thread on the state's snapshot (the window stays live); a request
        sent meanwhile is ignored (None)."""
        try:
            from explorer.net import Router
        except ImportError:
            self.window.show_error(self.tr("Traffic routing is not available in this build."))
            return None
        if self.busy:
            return None
        self.busy = True
        try:
            state = self._state()
            if state is None:
                return None
            routing, key, built = self._routing_for(state)

            def work():
                view, index = routing()
                return view, index, Router(state, view=view).route(source, url)
            try:
                view, index, trace = offthread.run_maybe_off_thread(work, self._off_thread(state, built),
                                                                    keep=True)
            except Exception as exc:  # noqa: BLE001 - a bad URL or source
                self.window.show_error(trace_texts.error(exc))
                return None
            self._keep_routing(key, view, index)
        finally:
            self.busy = False
        label = "internet" if source == "internet" else f"{source[0]}/{source[1]}"   # the panel translates it
        self.window.trace.show_trace(url, label, trace)
        self.window.trace_dock.show()
        self.window.trace_dock.raise_()
        self.last_trace = trace
        self.last_trace_ips = index
        self._animate(trace, index)
        return trace

    def hop_items(self, trace, by_ip: dict) -> list:
        """[(hop row, canvas item or None)] in travel order (the Ingress appears at its first controller hop).
        ``by_ip``: :func:`_ip_index` of the state the trace was routed on."""
        items = self.window.scene.items_by_key
        result = trace.result or {}
        out = []
        out_rows: list = []
        ingress_shown = False
        for hop in trace.hops:
            key = None
            at = hop.at or ""
            graph = getattr(hop, "graph", "") or ""
            ip = at.split(":")[0].strip()
            row = len(out_rows)
            out_rows.append(row)
            if hop.step == "client":
                out.append((row, self.window.scene.client))
                continue
            if hop.step == "ingress-controller" and result.get("ingress") and not ingress_shown:
                ingress_shown = True
                ns, _, name = str(result["ingress"]).rpartition("/")
                if graph.startswith("pod/"):
                    out.append((row, items.get(("Pod", *graph[4:].split("/", 1)))))
                key = ("Ingress", ns or "default", name)
            elif hop.step == "load-balancer" and ip in by_ip:
                key = by_ip[ip]
            elif graph.startswith("pod/"):
                key = ("Pod", *graph[4:].split("/", 1))
            elif graph.startswith("node/") or graph.startswith("kube-proxy/"):
                key = ("Node", "", graph.split("/", 1)[1])
            elif hop.step == "network-policy" and " of " in at:
                ns, _, name = at.split(" of ", 1)[1].partition("/")
                key = ("Pod", ns, name)
            elif at.startswith("node/"):
                key = ("Node", "", at[5:])
            elif ip in by_ip:
                key = by_ip[ip]
            out.append((row, items.get(key) if key else None))
        return out

    def _animate(self, trace, by_ip: dict):
        items = self.hop_items(trace, by_ip)
        self.window.scene.set_highlight({})
        tint = QColor(231, 76, 60, 55)
        self.window.scene.set_highlight({it.key: tint for _r, it in items if it is not None and hasattr(it, "key")})
        points = []
        self._hop_rows = []
        for row, it in items:
            if it is None:
                continue
            p = it.sceneBoundingRect().center()
            if not points or points[-1] != p:
                points.append(p)
                self._hop_rows.append(row)
        chain = [it for _r, it in items if it is not None]
        pairs = {(a, b) for a, b in zip(chain, chain[1:])}
        pairs |= {(b, a) for a, b in pairs}
        for edge in self.window.scene.edges:     # only the edges that change are repainted
            active = (edge.src, edge.dst) in pairs
            if edge.active != active:
                edge.active = active
                edge.update()
        if self.packet is None:
            self.packet = PacketItem()
            self.window.scene.addItem(self.packet)
        if not points:
            self.packet.hide()
            return
        self.packet.show()
        self.packet.setPos(points[0])
        if self.trace_anim is not None:
            self.trace_anim.stop()
        anim = QVariantAnimation(self)
        anim.setStartValue(0.0)
        anim.setEndValue(float(max(1, len(points) - 1)))
        anim.setDuration(700 * max(1, len(points) - 1))

        def step(v, pts=points):
            i = min(int(v), len(pts) - 2) if len(pts) > 1 else 0
            if len(pts) == 1:
                self.packet.setPos(pts[0])
                return
            f = v - i
            self.packet.setPos(pts[i] + (pts[i + 1] - pts[i]) * f)
            row = self._hop_rows[min(int(round(v)), len(self._hop_rows) - 1)]
            self.window.trace.mark(row)
        anim.valueChanged.connect(step)
        anim.start()
        self.trace_anim = anim

    def show_hop(self, row):
        if self.last_trace is None or row < 0 or not self.window.sim.active:
            return
        found = [it for r, it in self.hop_items(self.last_trace, self.last_trace_ips) if r == row
                 and it is not None]
        if found and self.packet is not None:
            if self.trace_anim is not None and self.trace_anim.state() == QVariantAnimation.Running:
                return
            self.packet.setPos(found[-1].sceneBoundingRect().center())

    def generate_load_dialog(self):
        form = self.request_form(self.tr("Generate load"), with_count=True)
        if form:
            self.generate_load(form[0], form[1], form[2])

    def generate_load(self, url: str, source="internet", count: int = 500) -> dict:
        """Route ``count`` requests (different seeds) and show per-pod counts and drops as a heat overlay.
        Returns {pod key: (count, drops)}. On a big state the requests are routed in a worker thread on the
        state's snapshot (the window stays live); load asked for meanwhile is ignored ({})."""
        try:
            from explorer.net import Router
        except ImportError:
            self.window.show_error(self.tr("Traffic routing is not available in this build."))
            return {}
        if self.busy:
            return {}
        self.busy = True
        try:
            state = self._state()
            if state is None:
                return {}
            routing, key, built = self._routing_for(state)

            def work():
                view, index = routing()
                return view, index, _load_heat(Router, state, view, source, url, count)
            try:
                view, index, (heat, statuses) = offthread.run_maybe_off_thread(
                    work, self._off_thread(state, built), keep=True)
            except Exception as exc:  # noqa: BLE001 - a bad URL or source
                self.window.show_error(trace_texts.error(exc))
                return {}
            self._keep_routing(key, view, index)
        finally:
            self.busy = False
        self.window.scene.set_heat(heat)
        summary = ", ".join(f"{trace_texts.status(k)}: {v}"
                            for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0])))
        self.window.statusBar().showMessage(self.tr("{0} requests to {1} — {2}").format(count, url, summary), 15000)
        self.last_heat = heat
        return heat

    def clear_overlay(self):
        self.window.scene.set_heat({})
        self.window.scene.set_highlight({})
        for edge in self.window.scene.edges:
            if edge.active:
                edge.active = False
                edge.update()
        if self.packet is not None:
            self.packet.hide()


def _ip_index(state) -> dict:
    """{IP: object key} of a simulated state for the trace animation: pods (not static), node InternalIPs,
    Service ClusterIPs and external IPs (later ones win, as the hops name them)."""
    by_ip = {}
    for pod in state.pods():
        if pod.pod_ip and not pod.is_static:
            by_ip[pod.pod_ip] = pod.key
    for node in state.nodes():
        if node.internal_ip:
            by_ip[node.internal_ip] = node.key
    for svc in state.objects("Service"):
        if svc.cluster_ip:
            by_ip[svc.cluster_ip] = svc.key
        for ip in svc.external_ips:
            by_ip[ip] = svc.key
    return by_ip


def _load_heat(router_class, state, view, source, url: str, count: int) -> tuple:
    """Route ``count`` requests (seeds 0..count-1) on ``state`` sharing ``view``: ({pod key: (requests,
    drops)}, {status: requests}). Raises what the router raises (a bad URL or source)."""
    heat: dict = {}
    statuses: dict = {}
    for seed in range(count):
        result = router_class(state, seed=seed, view=view).route(source, url).result or {}
        status = result.get("status")
        statuses[status] = statuses.get(status, 0) + 1
        pod = result.get("pod")
        if pod:
            ns, _, name = str(pod).rpartition("/")
            key = ("Pod", ns or "default", name)
            c, d = heat.get(key, (0, 0))
            heat[key] = (c + 1, d + (0 if status == 200 else 1))
    return heat, statuses
