"""Responsiveness of the desktop window on a big design (issue 5: "the UI never freezes for more than 100 ms").

``python -m benchmarks.responsiveness [--nodes 500] [--base-nodes 50] [--seed 0] [--json]`` opens a generated
topology (:func:`benchmarks.generate.generate`) in the real :class:`~explorer.ui.mainwindow.MainWindow`
(offscreen, 1400×900) and drives a scenario while a 10 ms QTimer probe ticks on the UI thread. The longest
gap between two probe ticks is the longest time the window could not react to input; the 99th percentile
says how often that happens. Printed per phase, for the big size and a base size measured in the same
process (ratios: the machine is shared, absolute times vary).

Phases: ``open`` (the design replaces the document, its scene is built and drawn, the Problems dock validates
it), ``zoom`` (from the whole design in view, 8 wheel notches in then 8 out, one every 60 ms, through the
view's wheel handler), ``start`` (build and settle the simulator, F6), ``step`` (F10), ``fault`` (stop a worker node),
``reschedule`` (run 360 simulated seconds with progress: the node is marked NotReady, its pods evicted and
rescheduled), ``seek back`` (timeline back to the moment of the fault), ``run 100`` (100 simulated seconds with
progress), ``play`` (2 s of wall time playing at 100×), ``reset`` (Reset: the simulator is dropped and freed),
``console`` (reset, then `get pods -A` in the kubectl
console: the console has to start the simulator itself), ``trace`` (reset, then one request traced from the
design: the trace has to start the simulator itself), ``save`` (File ▸ Save of the design: big ones are written
in a worker thread).

Nothing here asserts: the figures go to docs/ui.md ("Big clusters").
"""

from __future__ import annotations

import argparse
import faulthandler
import gc
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time

PROBE_MS = 10
STALL_S = 0.12     # --stall-dump: a freeze this long gets every thread's stack written
PHASES = ("open", "zoom", "start", "step", "fault", "reschedule", "seek back", "run 100", "play", "reset", "console",
          "trace", "save", "export image")


class Probe:
    """A QTimer ticking every PROBE_MS on the UI thread; records the tick times per phase. With ``blame``, a
    watchdog thread samples where the UI thread is (its Python stack) whenever no tick came for 50 ms: the
    sites most often seen are what freezes the window."""

    def __init__(self, blame: bool = False, stall_dump=None):
        from PySide6.QtCore import QTimer, Qt
        self.stall_dump = stall_dump    # an open file: every thread's stack whenever no tick came for STALL_S
        self.ticks: dict[str, list] = {}
        self.phase = None
        self.blame: dict[str, dict] = {}
        self._last = time.perf_counter()
        self._ui = threading.get_ident()
        self._stop = False
        self._gc_start = None
        if blame:
            threading.Thread(target=self._watch, daemon=True).start()
            gc.callbacks.append(self._gc)
        self.timer = QTimer()
        self.timer.setTimerType(Qt.PreciseTimer)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _gc(self, what, info):
        """Cyclic collections hold the GIL without running Python code: the watchdog cannot see them."""
        if what == "start":
            self._gc_start = time.perf_counter()
        elif self._gc_start is not None and self.phase is not None:
            took = time.perf_counter() - self._gc_start
            if took > 0.02:
                site = f"gc generation {info.get('generation')} ({threading.current_thread().name})"
                counts = self.blame.setdefault(self.phase, {})
                counts[site] = counts.get(site, 0) + int(took * 1000 / 20)

    def _tick(self):
        self._last = time.perf_counter()
        if self.phase is not None:
            self.ticks[self.phase].append(self._last)
        if self.stall_dump is not None:
            # faulthandler's own thread writes every thread's Python stack without taking the GIL, so it
            # also shows what holds the GIL during a freeze (a deallocation, a long C call)
            faulthandler.dump_traceback_later(STALL_S, file=self.stall_dump)

    def _watch(self):
        import traceback
        while not self._stop:
            time.sleep(0.02)
            phase = self.phase
            if phase is None or time.perf_counter() - self._last < 0.05:
                continue
            frame = sys._current_frames().get(self._ui)
            if frame is None:
                continue
            stack = [f for f in traceback.extract_stack(frame) if "benchmarks" not in f.filename
                     and "runpy" not in f.filename]
            # by what the event loop called (the outermost project frame) and where the time went (innermost)
            site = " < ".join(f"{os.path.basename(f.filename)}:{f.lineno} {f.name}" for f in
                              (reversed(stack[-2:] + stack[:1]) if len(stack) > 3 else reversed(stack)))
            counts = self.blame.setdefault(phase, {})
            counts[site or "Qt (event loop, painting)"] = counts.get(site or "Qt (event loop, painting)", 0) + 1
            me = threading.get_ident()
            for ident, other in sys._current_frames().items():    # a worker holding the GIL: where it is
                if ident in (self._ui, me):
                    continue
                inner = [f for f in traceback.extract_stack(other)][-3:]
                where = " < ".join(f"{os.path.basename(f.filename)}:{f.lineno} {f.name}" for f in reversed(inner))
                if where and "threading.py" not in where.split(" < ")[0]:
                    key = f"[worker] {where}"
                    counts[key] = counts.get(key, 0) + 1

    def top_blame(self, phase: str, n: int = 8) -> list:
        counts = self.blame.get(phase, {})
        return sorted(counts.items(), key=lambda kv: -kv[1])[:n]

    def begin(self, phase: str):
        if self.stall_dump is not None:
            self.stall_dump.write(f"\n=== phase {phase}\n")
            self.stall_dump.flush()
        self.phase = phase
        self.ticks[phase] = [time.perf_counter()]

    def end(self, split: float | None = None) -> dict:
        """The phase's figures; with ``split`` (a perf_counter time) also the longest gap ending before it
        and the longest ending after it."""
        ticks = self.ticks[self.phase]
        ticks.append(time.perf_counter())
        pairs = list(zip(ticks, ticks[1:]))
        gaps = sorted(b - a for a, b in pairs)
        self.phase = None
        p99 = gaps[min(len(gaps) - 1, int(len(gaps) * 0.99))] if gaps else 0.0
        out = {"wall_s": round(ticks[-1] - ticks[0], 3), "max_gap_ms": round(gaps[-1] * 1e3, 1) if gaps else 0.0,
               "p99_gap_ms": round(p99 * 1e3, 1), "over_100ms": sum(1 for g in gaps if g > 0.1),
               "median_gap_ms": round(statistics.median(gaps) * 1e3, 1) if gaps else 0.0}
        if split is not None:
            out["max_gap_before_split_ms"] = round(max([b - a for a, b in pairs if b <= split] or [0]) * 1e3, 1)
            out["max_gap_after_split_ms"] = round(max([b - a for a, b in pairs if b > split] or [0]) * 1e3, 1)
        return out


def _idle(window) -> bool:
    sim = window.sim
    return (not sim.starting_in_background and not sim.reading and not window.scene.updating
            and getattr(sim, "_target", None) is None and not getattr(sim, "busy", False)
            and not getattr(window, "_redraw_after_update", False) and not getattr(window, "_reread_state", False)
            and not getattr(window, "_redraw_pending", False) and getattr(window, "_problems_job", None) is None)


def _wait(app, cond, timeout: float = 600.0, settle: float = 0.3) -> bool:
    """Run the event loop until ``cond()`` has held for ``settle`` seconds (or ``timeout``)."""
    from PySide6.QtCore import QEventLoop
    end = time.perf_counter() + timeout
    held = None
    while time.perf_counter() < end:
        app.processEvents(QEventLoop.AllEvents, 5)
        time.sleep(0.001)
        if cond():
            held = held or time.perf_counter()
            if time.perf_counter() - held >= settle:
                return True
        else:
            held = None
    return False


def scenario(nodes: int, seed: int = 0, blame: bool = False, stall_dump=None) -> dict:
    """Run the scenario on ``generate(nodes, seed)``; {phase: {"wall_s", "max_gap_ms", "p99_gap_ms", ...}}.
    Its files (the saved design is 146 MB at 5,000 nodes) go in a temporary folder removed at the end."""
    tmp = tempfile.mkdtemp(prefix="bench-responsive-")
    try:
        return _scenario(tmp, nodes, seed, blame, stall_dump)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _scenario(tmp: str, nodes: int, seed: int, blame: bool, stall_dump) -> dict:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from benchmarks.generate import generate
    from explorer.ui import file_actions, mainwindow
    from explorer.ui.layout import apply_missing_layout
    from explorer.ui.memory import keep_long_lived

    QMessageBox.critical = staticmethod(lambda *a, **k: QMessageBox.Ok)
    QMessageBox.warning = staticmethod(lambda *a, **k: QMessageBox.Ok)
    from pathlib import Path
    file_actions.recovery_path = lambda: Path(tmp) / "recovery.yaml"
    cluster = generate(nodes, seed)
    apply_missing_layout(cluster)
    keep_long_lived()
    window = mainwindow.MainWindow(settings=QSettings(os.path.join(tmp, "settings.ini"), QSettings.IniFormat))
    window.autosave_timer.stop()
    window.scene.animate = False
    window.resize(1400, 900)
    window.show()
    _wait(app, lambda: True, settle=0.5)
    probe = Probe(blame, stall_dump)
    out: dict = {"nodes": nodes, "pods": len(cluster.pods())}
    idle = lambda: _idle(window)    # noqa: E731

    marks: dict = {}
    window.sim.starting.connect(lambda on: marks.__setitem__("started", time.perf_counter()) if not on else None)

    def phase(name, action, cond=idle, timeout=900.0):
        gc.collect()
        marks.pop("started", None)
        probe.begin(name)
        t = time.perf_counter()
        action()
        done = _wait(app, cond, timeout)
        res = probe.end(marks.get("started"))
        res["done"] = done
        res["action_ms"] = None
        out[name] = res
        print(f"  {nodes:>5} nodes  {name:<11} wall {res['wall_s']:7.2f} s  longest gap {res['max_gap_ms']:8.1f} ms  "
              f"p99 {res['p99_gap_ms']:7.1f} ms  gaps>100ms {res['over_100ms']:4d}"
              + ("" if done else "  (TIMED OUT)"), flush=True)
        if "max_gap_before_split_ms" in res:
            print(f"        while the worker built the simulator: longest gap {res['max_gap_before_split_ms']} ms; "
                  f"after (its first state shown): {res['max_gap_after_split_ms']} ms", flush=True)
        for site, count in probe.top_blame(name):
            print(f"        {count * 20:6d} ms frozen at {site}", flush=True)
        del t

    def open_design():
        window.sim.reset()
        window.document.set_cluster(cluster, None, [])
        window.update_title()
        window.refresh_problems()
        window.view.fit()
    phase("open", open_design)

    def zoom():
        from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
        from PySide6.QtGui import QWheelEvent
        view = window.view
        view.fit()
        notches = [120] * 8 + [-120] * 8
        centre = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)

        def notch():
            if not notches:
                out["_zoomed"] = True
                return
            delta = notches.pop(0)
            event = QWheelEvent(centre, view.viewport().mapToGlobal(centre), QPoint(0, 0), QPoint(0, delta),
                                Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
            QApplication.sendEvent(view.viewport(), event)
            QTimer.singleShot(60, notch)
        notch()
    phase("zoom", zoom, lambda: idle() and out.get("_zoomed"))
    out.pop("_zoomed", None)
    phase("start", window.settle, lambda: idle() and window.sim.active)
    phase("step", window.sim.step)
    worker = sorted(n.name for n in cluster.nodes() if not n.is_control_plane)[len(cluster.nodes()) // 2]
    fault_at = {}

    def fault():
        fault_at["t"] = window.sim.sim.now
        window.fault("stop_node", worker)
    phase("fault", fault)
    phase("reschedule", lambda: window.run_long(360))
    state = window.sim.sim.cluster()
    out["rescheduled"] = not any(p.node_name == worker and not p.is_static and not p.metadata.get("deletionTimestamp")
                                 for p in state.pods())
    phase("seek back", lambda: window.sim.seek(fault_at["t"]))
    phase("run 100", lambda: window.run_long(100))

    def play():
        window.sim.set_speed(100)
        window.sim.play()
    phase("play", play, lambda: window.sim.playing and time.perf_counter() - out.setdefault("_p", time.perf_counter())
          > 2.0, timeout=60)
    window.sim.pause()
    _wait(app, idle)
    out.pop("_p", None)
    phase("reset", window.reset_simulation, lambda: idle() and not window.sim.releasing)
    console = {}

    def console_cmd():
        window.show_console()
        console["code"] = window.console.run_command("get pods -A")
    phase("console", console_cmd, lambda: idle() and "code" in console)
    out["console_exit"] = console.get("code")
    window.reset_simulation()
    _wait(app, idle)
    trace = {}

    def send():
        url = window.traffic.default_url()
        trace["trace"] = window.send_request(url, "internet")
    phase("trace", send, lambda: idle() and "trace" in trace)
    out["traced"] = trace.get("trace") is not None
    saved = {}
    phase("save", lambda: saved.setdefault("ok", window.save_to(os.path.join(tmp, "saved.yaml"))),
          lambda: idle() and "ok" in saved)
    out["saved"] = saved.get("ok")
    exported = {}
    phase("export image", lambda: exported.setdefault("ok", window.export_image(os.path.join(tmp, "diagram.png"))),
          lambda: idle() and "ok" in exported)
    out["exported"] = exported.get("ok")
    window.sim.reset()
    window.document.undo_stack.setClean()
    window.close()
    probe.timer.stop()
    if stall_dump is not None:
        faulthandler.cancel_dump_traceback_later()
    probe._stop = True
    return out


QUICK_NODES = 200   # --quick: both scenarios take ~40 s at 500 nodes, and the whole quick run must stay under a minute


def run_figure(size: dict, quick: bool, seed: int, log) -> dict:
    """The figure for ``python -m benchmarks`` (see benchmarks/__main__.py): this scenario in its own process at
    ``size["desktop_nodes"]`` (5,000 nodes; :data:`QUICK_NODES` with ``--quick``) with the 50-node scenario as
    the baseline; one row per phase (longest UI freeze, target 100 ms)."""
    from pathlib import Path

    from benchmarks.figures import row
    root = Path(__file__).resolve().parent.parent
    nodes = QUICK_NODES if quick else size["desktop_nodes"]
    with tempfile.TemporaryDirectory(prefix="bench-responsive-") as tmp:
        results = _run_scenario(root, nodes, seed, Path(tmp) / "result.json", log)
    big, base = results[str(nodes)], results["50"]
    rows = []
    for name in PHASES:
        r, b = big.get(name), base.get(name)
        if r is None:
            continue
        ratio = round(r["max_gap_ms"] / b["max_gap_ms"], 2) if b and b["max_gap_ms"] else None
        rows.append(row(f"5 desktop: longest UI freeze, {name}", r["max_gap_ms"], "ms", 100.0, "<=",
                        b["max_gap_ms"] if b else None, "same scenario at 50 nodes", ratio, "x the 50-node value",
                        note=f"{big['pods']:,} pods; 99th percentile {r['p99_gap_ms']} ms; {r['over_100ms']} gaps "
                             f"over 100 ms in {r['wall_s']} s (10 ms probe timer on the UI thread)"))
    return {"rows": rows, "rss_mb": None, "raw": results}


def _run_scenario(root, nodes: int, seed: int, out, log) -> dict:
    """Run the scenario at ``nodes`` (and 50) in its own process; the results it wrote to ``out``."""
    import subprocess
    env = dict(os.environ, PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "benchmarks.responsiveness", "--nodes", str(nodes), "--base-nodes",
                           "50", "--seed", str(seed), "--json", str(out)], cwd=root, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    log.write(f"$ benchmarks.responsiveness --nodes {nodes} (exit {proc.returncode})\n{proc.stdout}\n")
    if proc.returncode != 0 or not out.exists():
        tail = (proc.stdout.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"benchmarks.responsiveness failed (exit {proc.returncode}): {tail}")
    return json.loads(out.read_text())


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.responsiveness", description=__doc__.splitlines()[0])
    p.add_argument("--nodes", type=int, default=5000)
    p.add_argument("--base-nodes", type=int, default=50, help="the same scenario at this size first (0: none)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", default="", help="also write the results to this file")
    p.add_argument("--blame", action="store_true", help="sample where the UI thread is while it is frozen")
    p.add_argument("--stall-dump", default="", help="write every thread's stack to this file at each freeze "
                                                    "over STALL_S (faulthandler: works while the GIL is held, "
                                                    "but reads the stacks unsynchronised: with a threshold of "
                                                    "70 ms it crashed the process during a repaint)")
    a = p.parse_args(argv)
    dump = open(a.stall_dump, "w") if a.stall_dump else None
    results = {}
    sizes = ([a.base_nodes] if a.base_nodes else []) + [a.nodes]
    for n in sizes:
        results[n] = scenario(n, a.seed, a.blame, dump)
    big, base = results[a.nodes], results.get(a.base_nodes)
    print(f"\n{'phase':<11} {'longest gap':>12} {'p99':>8} {'>100ms':>7} {'wall':>8}"
          + (f"   ratio to {a.base_nodes} nodes (longest gap)" if base else ""))
    for name in PHASES:
        r = big.get(name)
        if r is None:
            continue
        ratio = f"   {r['max_gap_ms'] / max(base[name]['max_gap_ms'], 1e-9):6.1f}x" if base and name in base else ""
        print(f"{name:<11} {r['max_gap_ms']:>9.1f} ms {r['p99_gap_ms']:>5.1f} ms {r['over_100ms']:>7d} "
              f"{r['wall_s']:>6.1f} s{ratio}")
    print(f"{big['nodes']} nodes, {big['pods']} pods; rescheduled: {big.get('rescheduled')}; console exit "
          f"{big.get('console_exit')}; traced: {big.get('traced')}; saved: {big.get('saved')}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({str(k): v for k, v in results.items()}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
