"""Big clusters off the window's thread (issue 5): kubectl reads in a worker on a snapshot, long output written in
chunks, request traces and load routed in a worker with the routing view built once per simulated state.

Work is counted, not timed: thresholds are forced low so the small example takes the big-cluster paths, and the
results are compared whole with the synchronous ones.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer

from explorer import net
from explorer.kubectl import Kubectl
from explorer.model import example_cluster
from explorer.net import route
from explorer.sim import Simulator
from explorer.ui import console as console_module
from explorer.ui import mainwindow, offthread, traffic_actions
from explorer.ui.console import KubectlConsole


@pytest.fixture(scope="module")
def settled():
    s = Simulator(example_cluster(), seed=0)
    s.settle()
    return s


def _console(qtbot, sim):
    widget = KubectlConsole(lambda: sim)
    qtbot.addWidget(widget)
    widget.output.clear()
    return widget


class _Calls:
    """Counts run_and_wait calls and whether fn ran on the main thread."""

    def __init__(self, monkeypatch, module):
        self.threads = []
        real = offthread.run_and_wait

        def counting(fn, *args, **kwargs):
            def wrapped():
                self.threads.append(threading.current_thread() is threading.main_thread())
                return fn()
            return real(wrapped, *args, **kwargs)
        monkeypatch.setattr(module.offthread, "run_and_wait", counting)


# kubectl console -----------------------------------------------------------------------------------------

COMMANDS = [
    ("get-pods-all", "get pods -A", 1),
    ("get-pods-wide", "get pods -A -o wide", 1),
    ("get-all-yaml", "get deploy -A -o yaml", 1),
    ("describe-node", "describe node worker-1", 1),
    ("describe-missing", "describe pod nope -n shop", 1),
    ("events", "get events -A", 1),
    ("top-nodes", "top nodes", 1),
    ("unknown-type", "get widgets", 1),
    ("explain", "explain pod.spec.containers", 1),
    ("scale-stays-here", "scale deployment api -n shop --replicas=3", 0),
    ("cordon-stays-here", "cordon worker-3", 0),
    ("config-stays-here", "config set-context --current --namespace=shop", 0),
]


@pytest.mark.parametrize("command, off_thread", [c[1:] for c in COMMANDS], ids=[c[0] for c in COMMANDS])
def test_console_read_off_thread_in_chunks_equals_synchronous(qtbot, monkeypatch, command, off_thread):
    sync_sim = Simulator(example_cluster(), seed=0)
    sync_sim.settle()
    sync = _console(qtbot, sync_sim)
    sync_code = sync.run_command(command)
    sync_state = sorted(sync_sim.store.objects.items())
    fresh = Simulator(example_cluster(), seed=0)
    fresh.settle()
    result = Kubectl(fresh).run(command)
    pieces = sum(-(-n // 2) for n in (len(result.stdout.splitlines()), len(result.stderr.splitlines())))

    calls = _Calls(monkeypatch, console_module)
    monkeypatch.setattr(console_module, "OFF_THREAD_OBJECTS", 0)
    monkeypatch.setattr(console_module, "CHUNK_LINES", 2)
    big_sim = Simulator(example_cluster(), seed=0)
    big_sim.settle()
    big = _console(qtbot, big_sim)
    code = big.run_command(command)
    assert (code, big.text(), sorted(big_sim.store.objects.items()) == sync_state, calls.threads,
            big.last_chunks) == (sync_code, sync.text(), True, [False] * off_thread,
                                 pieces)


def test_console_chunks_keep_only_the_scrollback(qtbot, monkeypatch, settled):
    """The pane keeps its last maximumBlockCount lines: writing only those, in chunks, shows the same text."""
    sync = _console(qtbot, settled)
    sync.output.setMaximumBlockCount(7)
    sync.run_command("get pods -A")
    monkeypatch.setattr(console_module, "CHUNK_LINES", 3)
    chunked = _console(qtbot, settled)
    chunked.output.setMaximumBlockCount(7)
    chunked.run_command("get pods -A")
    assert (chunked.text(), chunked.last_chunks) == (sync.text(), 3)   # 7 kept lines in pieces of 3


def test_console_handles_events_while_a_read_runs(qtbot, monkeypatch, settled):
    """An event posted before the command is handled while the worker reads (the worker waits for it) and
    between two chunks of output."""
    monkeypatch.setattr(console_module, "OFF_THREAD_OBJECTS", 0)
    monkeypatch.setattr(console_module, "CHUNK_LINES", 2)
    seen = threading.Event()
    order = []

    class Waiting(Kubectl):
        def run(self, argv):
            order.append(("worker saw the event", seen.wait(10)))
            return super().run(argv)
    monkeypatch.setattr(console_module, "Kubectl", Waiting)
    widget = _console(qtbot, settled)
    real_write = widget._write
    turns = [0]
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: turns.__setitem__(0, turns[0] + 1))
    writes = []
    monkeypatch.setattr(widget, "_write", lambda text, style: (order.append(("write", text.count("\n"))),
                                                               writes.append(turns[0]), real_write(text, style)))
    QTimer.singleShot(0, lambda: (order.append(("event", 0)), seen.set()))
    ticker.start()
    code = widget.run_command("get nodes")
    ticker.stop()
    assert (code, order, [b > a for a, b in zip(writes[1:], writes[2:])]) == (
        0, [("write", 1), ("event", 0), ("worker saw the event", True), ("write", 2), ("write", 2), ("write", 1)],
        [True, True])


def test_console_queues_a_command_typed_while_one_runs(qtbot, monkeypatch, settled):
    monkeypatch.setattr(console_module, "OFF_THREAD_OBJECTS", 0)
    widget = _console(qtbot, settled)
    QTimer.singleShot(0, lambda: widget.run_command("get ns shop -o name"))
    first = widget.run_command("get nodes -o name")
    qtbot.waitUntil(lambda: not widget._pending and widget.text().endswith("namespace/shop\n"), timeout=10000)
    assert (first, widget.history, widget.text().splitlines()[-2:]) == (
        0, ["get nodes -o name", "get ns shop -o name"], ["$ kubectl get ns shop -o name", "namespace/shop"])


# request tracing and load ----------------------------------------------------------------------------------

class _CountingView(net.NetworkView):
    built = 0

    def __init__(self, cluster):
        type(self).built += 1
        super().__init__(cluster)


REQUESTS = [
    ("ingress-api", "http://shop.example.com/api", "internet"),
    ("no-rule", "http://shop.example.com/nothing", "internet"),
    ("from-a-pod", "http://api.shop.svc.cluster.local/", "pod"),
]


@pytest.mark.parametrize("url, source", [r[1:] for r in REQUESTS], ids=[r[0] for r in REQUESTS])
def test_trace_off_thread_equals_synchronous(qtbot, window, monkeypatch, url, source):
    window.settle()
    state = window.sim.sim.cluster()
    if source == "pod":
        source = sorted((p.namespace, p.name) for p in state.pods("shop"))[0]
    expected = route(state, source, url)
    sync_trace = window.send_request(url, source)
    sync_items = [(r, getattr(it, "key", it)) for r, it in window.traffic.hop_items(sync_trace, window.traffic.last_trace_ips)]
    calls = _Calls(monkeypatch, mainwindow)
    monkeypatch.setattr(traffic_actions, "OFF_THREAD_PODS", 0)
    window.traffic.routing_cache = None
    trace = window.send_request(url, source)
    items = [(r, getattr(it, "key", it)) for r, it in window.traffic.hop_items(trace, window.traffic.last_trace_ips)]
    table = window.trace.table
    rows = [(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())]
    assert ((trace.hops, trace.result), items, rows, calls.threads) == (
        (expected.hops, expected.result), sync_items, [(h.step, h.at) for h in expected.hops], [False])


def test_routing_view_is_built_once_per_simulated_state(qtbot, window, monkeypatch):
    monkeypatch.setattr(net, "NetworkView", _CountingView)
    _CountingView.built = 0
    window.settle()
    url = "http://shop.example.com/api"
    counts = []
    for _ in range(2):
        window.send_request(url)
        counts.append(_CountingView.built)
    window.generate_load(url, "internet", 20)
    counts.append(_CountingView.built)
    window.console.run_command("scale deployment api -n shop --replicas=4")     # a new simulated state
    window.send_request(url)
    counts.append(_CountingView.built)
    assert counts == [1, 1, 1, 2]


# name: (BUILD_OFF_THREAD_PODS, sends) -> where each request ran (True: the window's thread)
ROUTING_BUILDS = {
    "small-state-in-place": (10_000, 2, [True, True]),
    "view-to-build-in-worker-then-cached-in-place": (1, 2, [False, True]),
}


@pytest.mark.parametrize("name", ROUTING_BUILDS, ids=list(ROUTING_BUILDS))
def test_a_routing_view_to_build_is_built_in_a_worker(name, qtbot, window, monkeypatch):
    build_pods, sends, _expected = ROUTING_BUILDS[name]
    window.settle()
    monkeypatch.setattr(traffic_actions, "BUILD_OFF_THREAD_PODS", build_pods)
    threads = []
    real_router = net.Router      # send_request imports it from explorer.net when it runs

    class Recording(real_router):
        def route(self, *args, **kwargs):
            threads.append(threading.current_thread() is threading.main_thread())
            return super().route(*args, **kwargs)
    monkeypatch.setattr(net, "Router", Recording)
    traces = [window.send_request("http://shop.example.com/api") for _ in range(sends)]
    assert (threads, [t is not None for t in traces]) == (ROUTING_BUILDS[name][2], [True] * sends)


def test_generate_load_off_thread_equals_synchronous(qtbot, window, monkeypatch):
    window.settle()
    url = "http://shop.example.com/api"
    state = window.sim.sim.cluster()
    expected: dict = {}
    for seed in range(40):
        result = route(state, "internet", url, seed=seed).result
        ns, _, name = result["pod"].rpartition("/")
        c, d = expected.get(("Pod", ns, name), (0, 0))
        expected[("Pod", ns, name)] = (c + 1, d + (0 if result["status"] == 200 else 1))
    calls = _Calls(monkeypatch, mainwindow)
    monkeypatch.setattr(traffic_actions, "OFF_THREAD_PODS", 0)
    heat = window.generate_load(url, "internet", 40)
    assert (heat, calls.threads) == (expected, [False])


def test_trace_errors_from_the_worker_are_shown(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(window, "show_error", shown.append)
    monkeypatch.setattr(traffic_actions, "OFF_THREAD_PODS", 0)
    assert (window.send_request("ftp://nowhere", "internet"), window.generate_load("ftp://x", "internet", 3),
            len(shown), window.traffic.busy) == (None, {}, 2, False)


def test_window_handles_events_while_a_trace_is_routed(qtbot, window, monkeypatch):
    window.settle()
    monkeypatch.setattr(traffic_actions, "OFF_THREAD_PODS", 0)
    seen = threading.Event()
    real = offthread.run_and_wait

    def waiting(fn, *args, **kwargs):
        def wrapped():
            return seen.wait(10), fn()
        saw, result = real(wrapped, *args, **kwargs)
        return (*result[:2], (saw, result[2]))
    monkeypatch.setattr(mainwindow.offthread, "run_and_wait", waiting)
    monkeypatch.setattr(window.trace, "show_trace", lambda *a: None)
    monkeypatch.setattr(window.traffic, "_animate", lambda *a: None)
    QTimer.singleShot(0, seen.set)
    saw, trace = window.send_request("http://shop.example.com/api")
    assert (saw, trace.result["status"]) == (True, 200)


LAST_LINES = [
    ("fewer-lines", "a\nb\n", 5, "a\nb\n"),
    ("exactly", "a\nb\nc\n", 3, "a\nb\nc\n"),
    ("tail", "a\nb\nc\nd\n", 2, "c\nd\n"),
    ("no-final-newline", "a\nb\nc", 2, "b\nc"),
    ("unlimited", "a\nb\nc\n", 0, "a\nb\nc\n"),
    ("one", "a\nb\n", 1, "b\n"),
]


@pytest.mark.parametrize("text, count, expected", [c[1:] for c in LAST_LINES], ids=[c[0] for c in LAST_LINES])
def test_last_lines(text, count, expected):
    assert console_module._last_lines(text, count) == expected


FORM_CHOICES = [
    ("internet", "the internet (external client)", "internet"),
    ("a-pod", "pod shop/", "the pod of the chosen row"),
]


@pytest.mark.parametrize("label, expected", [c[1:] for c in FORM_CHOICES], ids=[c[0] for c in FORM_CHOICES])
def test_request_form_offers_the_internet_and_every_pod(qtbot, window, label, expected):
    """The source list is filled in one call (150,000 pods); the chosen row maps back to its source."""
    from PySide6.QtWidgets import QApplication, QComboBox, QDialog
    window.settle()
    state = window.sim.sim.cluster()
    pods = [f"pod {p.namespace}/{p.name}" for p in state.pods() if not p.is_static]
    seen = {}

    def pick():
        dialog = QApplication.activeModalWidget()
        combo = dialog.findChild(QComboBox, "request_source")
        seen["items"] = [combo.itemText(i) for i in range(combo.count())]
        combo.setCurrentIndex(next(i for i, t in enumerate(seen["items"]) if t.startswith(label)))
        seen["label"] = combo.currentText()
        dialog.done(QDialog.Accepted)
    QTimer.singleShot(0, pick)
    form = window.traffic.request_form("Send request")
    chosen = seen["label"]
    want = expected if expected == "internet" else tuple(chosen[len("pod "):].split("/", 1))   # (ns, name)
    assert (seen["items"], form[1:]) == (["the internet (external client)", *pods], (want, 0))


REDRAWS = [
    ("get", "get pods -A", 0),
    ("describe", "describe node worker-1", 0),
    ("scale", "scale deployment api -n shop --replicas=4", 1),
    ("cordon", "cordon worker-2", 1),
    ("error", "get widgets", 0),
]


@pytest.mark.parametrize("command, redraws", [c[1:] for c in REDRAWS], ids=[c[0] for c in REDRAWS])
def test_only_kubectl_writes_make_the_window_reread_the_state(qtbot, window, command, redraws):
    window.settle()
    seen = []
    window.sim.state_changed.connect(lambda: seen.append(1))
    window.console.run_command(command)
    assert len(seen) == redraws
