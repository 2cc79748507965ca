"""One benchmark figure per process: ``python -m benchmarks.figures NAME [options]`` prints one JSON line.

The harness (:mod:`benchmarks.__main__`) starts each figure in its own process so that memory and caches of
one figure never weigh on another and ``ru_maxrss`` is that figure's own peak. Each figure returns
``{"rows": [row, ...], "rss_mb": float, ...}`` where a row is made by :func:`row`.

Figures: ``generate`` (write a topology file), ``scheduling`` (benchmarks/scheduling.py), ``io``, ``simulation``,
``traffic`` (benchmarks/traffic.py), ``desktop`` (one topology size per process).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io as _io
import json
import os
import re
import resource
import statistics
import sys
import time


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (``ru_maxrss`` is KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def row(name: str, value, unit: str, target=None, op: str = "", baseline=None, baseline_label: str = "",
        ratio=None, ratio_label: str = "", met=None, note: str = "", target_on: str = "value") -> dict:
    """A table row. ``op`` is ">=" or "<=" against ``target``, compared with ``value`` (or with ``ratio`` when
    ``target_on`` is "ratio"); ``met`` overrides the comparison."""
    measured = ratio if target_on == "ratio" else value
    if met is None and target is not None and isinstance(measured, (int, float)):
        met = measured >= target if op == ">=" else measured <= target
    return {"name": name, "value": value, "unit": unit, "target": target, "op": op, "baseline": baseline,
            "baseline_label": baseline_label, "ratio": ratio, "ratio_label": ratio_label, "met": met,
            "note": note, "target_on": target_on}


def timed(fn, repeat: int = 1):
    """(median seconds, last result) of ``repeat`` calls."""
    wall, _, result = timed_cpu(fn, repeat)
    return wall, result


def cpu_time() -> float:
    """CPU seconds of this process and of the child processes it has waited for (the fast reader's parse
    child): work moved to another process still counts."""
    import resource
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + child.ru_utime + child.ru_stime


def timed_cpu(fn, repeat: int = 1):
    """(median wall seconds, median CPU seconds (:func:`cpu_time`), last result) of ``repeat`` calls."""
    times, cpus, result = [], [], None
    for _ in range(repeat):
        gc.collect()
        t, c = time.perf_counter(), cpu_time()
        result = fn()
        times.append(time.perf_counter() - t)
        cpus.append(cpu_time() - c)
    return statistics.median(times), statistics.median(cpus), result


# ------------------------------------------------------------------------------------------------ generate
def fig_generate(nodes: int, seed: int, out: str, deployments: int = 1000) -> dict:
    from benchmarks.generate import generate, summary
    from explorer.io import save_topology
    gen_s, cluster = timed(lambda: generate(nodes, seed, deployments=deployments))
    save_s, _ = timed(lambda: save_topology(cluster, out))
    return {"nodes": nodes, "seed": seed, "path": out, "bytes": os.path.getsize(out), "kinds": summary(cluster),
            "generate_s": round(gen_s, 2), "save_s": round(save_s, 2), "rss_mb": rss_mb(), "rows": []}


# ---------------------------------------------------------------------------------------------- scheduling
def fig_scheduling(quick: bool) -> dict:
    from benchmarks import scheduling
    with contextlib.redirect_stdout(sys.stderr):
        r = scheduling.run(quick)
    note = (f"{r['pods']:,} pods of {r['deployments']:,} Deployments onto {r['nodes']:,} nodes, "
            f"percentageOfNodesToScore 100; {r['fast_pods_per_cpu_s']:,} pods per CPU-second; "
            f"{r['unplaced']} unplaced. Reference at {r['reference_nodes']} nodes / {r['reference_pods']} pods; "
            f"fast path there {r['fast_pods_per_s_at_reference_size']:,} pods/s; placements identical: "
            f"{'yes' if r['placements_match_reference'] else 'NO'}; "
            + (f"per-class loop compiled (numba), loaded in {r['compiled_loop_load_seconds']} s once per process, "
               "before the timed batch" if r.get("compiled_loop") else
               f"per-class loop in Python (compiled loop not available: {r.get('compiled_loop_missing')})"))
    return {"rows": [
        row("1 scheduling: end-to-end rate", r["fast_pods_per_s"], "pods/s", 50_000, ">=",
            r["reference_pods_per_s"], "plain reference implementation (tests/sim/scheduler/reference.py)",
            r["ratio_to_reference"], "x the reference's rate", note=note),
        row("1 scheduling: placements = reference (500 nodes)", "yes" if r["placements_match_reference"] else "NO",
            "", met=r["placements_match_reference"], note="every pod on the same node as the reference"),
        row("1 scheduling: default config (adaptive %)", r["adaptive_default_pods_per_s"], "pods/s",
            note="Kubernetes' adaptive percentageOfNodesToScore, sampled search; informational, no target"),
    ], "raw": r, "rss_mb": rss_mb()}


# ------------------------------------------------------------------------------------------------------ io
def fig_io(path: str, repeat: int) -> dict:
    import yaml

    from explorer.io import dump_topology, fast_yaml, load_text, load_topology
    from explorer.io.safe_yaml import Dumper
    with open(path, encoding="utf-8") as f:
        text = f.read()
    mb = len(text.encode("utf-8")) / 1e6
    parse_s, parse_cpu, docs = timed_cpu(lambda: list(yaml.load_all(text, Loader=yaml.CSafeLoader)), repeat)
    del text
    emit_s, emit_cpu, _ = timed_cpu(lambda: yaml.dump_all(docs, Dumper=yaml.CSafeDumper, sort_keys=False,
                                                          default_flow_style=False, allow_unicode=True,
                                                          explicit_start=True, width=4096), repeat)
    ndocs = len(docs)
    del docs
    gc.collect()
    import_s, import_cpu, result = timed_cpu(lambda: load_topology(path), repeat)
    errors = [str(d) for d in result.diagnostics if d.severity == "error"][:3]
    with open(path, encoding="utf-8") as f:
        fast = fast_yaml.SIGNATURE in f.read(1000)
    del result
    gc.collect()
    # the same file once edited by hand (no valid signature): the exact PyYAML path
    with open(path, encoding="utf-8") as f:
        edited = f.read().replace(fast_yaml.SIGNATURE, "# edited, was: ", 1)
    exact_s, exact_cpu, _ = timed_cpu(lambda: load_text(edited, path), 1)
    del edited
    gc.collect()
    result = load_topology(path)
    cluster = result.cluster
    pods = len(cluster.pods())
    export_s, export_cpu, _ = timed_cpu(lambda: dump_topology(cluster), repeat)
    size = f"{mb:.0f} MB file, {ndocs:,} documents, {pods:,} pods; median of {repeat}"

    def note(what, wall, base_wall):
        return (f"{size}; value and baseline are CPU seconds of this process and its parse child (robust to the "
                f"shared machine's load); wall clock {what} {wall:.1f} s, baseline {base_wall:.1f} s"
                + (f"; ERRORS: {errors}" if errors else ""))
    return {"rows": [
        row("2 import (explorer.io.load_topology)", round(import_cpu, 2), "CPU s", 2.0, "<=", round(parse_cpu, 2),
            "yaml.load_all with CSafeLoader, same file (CPU s)", round(import_cpu / parse_cpu, 2),
            "x the parse time", target_on="ratio",
            note=note("import", import_s, parse_s) + ("; the file is signed by the writer, so the fast reader "
                                                      "(rapidyaml, explorer/io/fast_yaml.py) reads it" if fast else
                                                      "; no writer signature: exact PyYAML path")),
        row("2 import, the same file edited (exact PyYAML path)", round(exact_cpu, 2), "CPU s", 2.0, "<=",
            round(parse_cpu, 2), "yaml.load_all with CSafeLoader, same file (CPU s)",
            round(exact_cpu / parse_cpu, 2), "x the parse time", target_on="ratio",
            note=f"signature line changed, as any hand edit does; median of 1; wall clock {exact_s:.1f} s"),
        row("2 export (explorer.io.dump_topology)", round(export_cpu, 2), "CPU s", 2.0, "<=", round(emit_cpu, 2),
            "yaml.dump_all with CSafeDumper, same documents (CPU s)", round(export_cpu / emit_cpu, 2),
            "x the emit time", target_on="ratio", note=note("export", export_s, emit_s)),
    ], "rss_mb": rss_mb()}


# ---------------------------------------------------------------------------------------------- simulation
FAIL_EVERY = 100


def _ticks(nodes: int, ticks: int, seed: int, deployments: int) -> dict:
    from benchmarks.generate import generate
    from explorer.sim import Simulator
    cluster = generate(nodes, seed, deployments=deployments)
    gc.collect()
    init_s, sim = timed(lambda: Simulator(cluster, seed=seed))
    settle_s, _ = timed(lambda: sim.settle(120))
    del cluster
    gc.collect()
    gc.freeze()     # the loaded cluster is long-lived: keep the cyclic GC from rescanning it
    t0 = sim.now
    events0 = len(sim.events)
    workers = nodes - 3
    start, cpu = time.perf_counter(), time.process_time()
    for k in range(ticks):
        if k % FAIL_EVERY == 0:
            sim.stop_node(f"worker-{(k // FAIL_EVERY * 97 + 13) % workers}")
        sim.step(1)
    tick_s, tick_cpu = time.perf_counter() - start, time.process_time() - cpu
    events = len(sim.events) - events0
    seeks = []
    seek_cpu = []
    for frac in (0.37, 0.81, 0.12):     # arbitrary earlier moments, out of order
        target = t0 + int(ticks * frac)
        c = time.process_time()
        s, _ = timed(lambda: sim.seek(target))
        seek_cpu.append(time.process_time() - c)
        seeks.append((target, s))
    gc.unfreeze()
    return {"nodes": nodes, "pods": len(sim.store.by_kind.get("Pod", {})), "init_s": init_s, "settle_s": settle_s,
            "t0": t0, "ticks": ticks, "tick_s": tick_s, "tick_cpu_s": tick_cpu, "rate": ticks / tick_s, "events": events,
            "seeks": seeks, "seek_s": statistics.median(s for _, s in seeks),
            "seek_cpu_s": statistics.median(seek_cpu)}


def fig_simulation(nodes: int, base_nodes: int, ticks: int, seed: int, deployments: int = 1000) -> dict:
    base = _ticks(base_nodes, ticks, seed, deployments)
    gc.collect()
    big = _ticks(nodes, ticks, seed, deployments)
    middle = sorted(big["seeks"], key=lambda p: p[1])[1]
    restart_s = big["init_s"] + big["settle_s"] + (middle[0] - big["t0"]) / big["rate"]
    note = (f"{big['nodes']:,} nodes, {big['pods']:,} pods in the store; {ticks} ticks of 1 simulated second, a "
            f"node stopped every {FAIL_EVERY} ticks; {big['events']:,} events; {ticks / big['tick_cpu_s']:.0f} ticks per CPU-second; Simulator() {big['init_s']:.1f} s, "
            f"settle {big['settle_s']:.1f} s (setup, not timed)")
    return {"rows": [
        row("3 simulation: ticks/s", round(big["rate"], 1), "ticks/s", 100, ">=", round(base["rate"], 1),
            f"same scenario on {base_nodes} nodes", round(big["rate"] / base["rate"], 3),
            f"x the {base_nodes}-node rate", note=note),
        row("3 simulation: seek to an earlier moment", round(big["seek_s"], 3), "s", 1.0, "<=",
            round(restart_s, 2), "start over: Simulator() + settle + replay at the measured tick rate",
            round(big["seek_s"] / restart_s, 4), "x starting over",
            note="median of 3 seeks back to t0+" + ", t0+".join(str(t - big["t0"]) for t, _ in big["seeks"])
            + " (each: " + ", ".join(f"{s:.2f} s" for _, s in big["seeks"]) + f"); median CPU time of this process "
            f"{big['seek_cpu_s']:.2f} s"),
    ], "rss_mb": rss_mb(), "raw": {"base": base, "big": big}}


# ------------------------------------------------------------------------------------------------- traffic
_TRAFFIC = {
    "trace": re.compile(r"single trace \(median\)\s+([\d.,]+) ms.*?x([\d,]+) faster than building a router per "
                        r"trace \(([\d.,]+) s\)"),
    "load": re.compile(r"aggregate load, 1M requests\s+([\d,]+) req/s.*?x([\d,]+) vs per-request mode "
                       r"\(([\d,]+) req/s\)"),
    "reach": re.compile(r"reachability summary\s+([\d.,]+) s.*?x([\d,]+) vs naive pod x pod \(([\d.,]+) h "
                        r"extrapolated\)"),
    "size": re.compile(r"generated in [\d.]+ s: ([\d,]+) nodes, ([\d,]+) pods"),
}


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def fig_traffic(quick: bool) -> dict:
    from benchmarks import traffic
    out = _io.StringIO()
    with contextlib.redirect_stdout(out):
        traffic.main(["--quick"] if quick else [])
    text = out.getvalue()
    m = {k: r.search(text) for k, r in _TRAFFIC.items()}
    size = f"{m['size'].group(2)} pods on {m['size'].group(1)} nodes" if m["size"] else "?"
    rows = []
    if m["trace"]:
        ms, x, build = m["trace"].groups()
        rows.append(row("4 traffic: single-request trace (median)", _num(ms), "ms", 1.0, "<=", _num(build) * 1e3,
                        "building a Router for that one trace (ms)", round(1 / _num(x), 6), "x the baseline",
                        note=size))
    if m["load"]:
        rate, x, per = m["load"].groups()
        rows.append(row("4 traffic: 1M requests, aggregate mode", _num(rate), "req/s", 1_000_000, ">=", _num(per),
                        "per-request mode (req/s)", _num(x), "x per-request mode", note=size))
    if m["reach"]:
        s, x, hours = m["reach"].groups()
        rows.append(row("4 traffic: reachability summary", _num(s), "s", 10.0, "<=", round(_num(hours) * 3600),
                        "naive pod x pod check, sampled and extrapolated (s)", round(1 / _num(x), 8),
                        "x the baseline", note=size + ("; the target is for 150,000 pods" if quick else "")))
    if len(rows) < 3:
        rows.append(row("4 traffic: output not understood", None, "", met=False, note=text[-500:]))
    return {"rows": rows, "rss_mb": rss_mb(), "output": text}


# ------------------------------------------------------------------------------------------------- desktop
def fig_desktop(path: str, repeat: int) -> dict:
    """Open ``path`` in the real main window (offscreen) and paint the canvas into pixmaps."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import tempfile

    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication(sys.argv[:1])
    import explorer.ui.mainwindow  # noqa: F401 - imported before the clock starts

    with tempfile.TemporaryDirectory(prefix="bench-desktop-", ignore_cleanup_errors=True) as tmp:
        return _desktop(app, tmp, path, repeat)


def _desktop(app, tmp: str, path: str, repeat: int) -> dict:
    """:func:`fig_desktop` with its settings in ``tmp``; the zoomed-in view is saved next to ``path``."""
    from PySide6.QtCore import QSettings

    from explorer.ui.mainwindow import MainWindow
    settings = QSettings(os.path.join(tmp, "settings.ini"), QSettings.IniFormat)
    start, cpu_start = time.perf_counter(), cpu_time()
    window = MainWindow(settings=settings)
    window.autosave_timer.stop()
    window.resize(1600, 1000)
    window.show()
    ok = window.open_path(path, ask=False, background=False) if path else True   # "": the example cluster
    app.processEvents()
    while window.scene.updating:    # a big design's scene is built in slices: the frame must show all of it
        app.processEvents()
    view = window.view
    view.fit()
    first = view.viewport().grab()
    open_s, open_cpu = time.perf_counter() - start, cpu_time() - cpu_start
    viewport = f"{first.width()}x{first.height()}"
    items = len(window.scene.items())

    cpu = {}

    def paints(n, name):
        times, cpus = [], []
        for _ in range(n):
            t, c = time.perf_counter(), time.process_time()
            view.viewport().grab()
            times.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        cpu[name] = statistics.median(cpus)
        return statistics.median(times)

    view.fit()
    settle = time.perf_counter() + 30.0     # the repaints are timed once the window has settled: the far
    while getattr(window.scene, "far_pending", False) and time.perf_counter() < settle:  # layer gathers
        app.processEvents()                 # what it draws over a few event-loop turns after the build
    app.processEvents()
    full_s = paints(repeat, "full_s")
    full_scale = view.scale_factor()
    view.reset_zoom()
    nodes = [k for k in window.scene.items_by_key if k[0] == "Node"]
    target = window.scene.items_by_key[nodes[len(nodes) // 2]] if nodes else None
    if target is not None:
        view.centerOn(target)
    zoom_s = paints(repeat, "zoom_s")
    zoom_items = len(view.items(view.viewport().rect()))     # sanity: the zoomed view does show something
    shot = view.viewport().grab()
    shot_path = os.path.splitext(path)[0] + "-zoomed.png" if path else None    # kept: tmp goes at the end
    if shot_path:
        shot.save(shot_path)
    bar = view.horizontalScrollBar()
    scroll, scroll_cpu = [], []
    for i in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        bar.setValue(bar.value() + (40 if i % 2 == 0 else -40))
        view.viewport().grab()
        scroll.append(time.perf_counter() - t)
        scroll_cpu.append(time.process_time() - c)
    scroll_s = statistics.median(scroll)
    cpu["scroll_s"] = statistics.median(scroll_cpu)
    drag_s, drag_moved = _drag(app, view, target, repeat, cpu)
    cpu["open_s"] = open_cpu
    app.processEvents()
    return {"opened": ok, "open_s": open_s, "full_s": full_s, "zoom_s": zoom_s, "scroll_s": scroll_s,
            "drag_s": drag_s, "drag_moved": drag_moved,
            "full_scale": round(full_scale, 4), "viewport": viewport, "items": items, "zoom_items": zoom_items,
            "zoom_shot": shot_path,
            "pods": len(window.document.cluster.pods()), "rss_mb": rss_mb(), "cpu": cpu, "rows": []}


def _drag(app, view, item, repeat: int, cpu: dict):
    """Drag ``item`` with real mouse events on the viewport, 5 px per step, repainting after each step.
    Returns (median seconds per step, how far the item moved in scene units)."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest
    if item is None:
        return None, 0.0
    vp = view.viewport()
    before = QPointF(item.pos())
    start = view.mapFromScene(item.sceneBoundingRect().topLeft() + QPointF(20, 8))
    QTest.mousePress(vp, Qt.LeftButton, Qt.NoModifier, start)
    times, cpus = [], []
    for i in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        QTest.mouseMove(vp, start + QPoint(5 * (i + 1), 0))
        app.processEvents()
        vp.grab()
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    QTest.mouseRelease(vp, Qt.LeftButton, Qt.NoModifier, start + QPoint(5 * repeat, 0))
    app.processEvents()
    cpu["drag_s"] = statistics.median(cpus)
    return statistics.median(times), round(item.pos().x() - before.x(), 1)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.figures")
    p.add_argument("figure", choices=["generate", "scheduling", "io", "simulation", "traffic", "desktop"])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--nodes", type=int, default=5000)
    p.add_argument("--base-nodes", type=int, default=50)
    p.add_argument("--ticks", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--path", default="")
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args(argv)
    if a.figure == "generate":
        r = fig_generate(a.nodes, a.seed, a.path)
    elif a.figure == "scheduling":
        r = fig_scheduling(a.quick)
    elif a.figure == "io":
        r = fig_io(a.path, a.repeat)
    elif a.figure == "simulation":
        r = fig_simulation(a.nodes, a.base_nodes, a.ticks, a.seed)
    elif a.figure == "traffic":
        r = fig_traffic(a.quick)
    else:
        r = fig_desktop(a.path, a.repeat)
    print(json.dumps(r, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
