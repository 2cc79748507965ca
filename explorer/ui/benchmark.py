"""Desktop figures for the benchmarks (issue 6): scene build, first painted frame, full and zoomed repaints.

``measure_desktop(cluster)`` runs offscreen and returns seconds for each step; it needs a QApplication (it
creates an offscreen one when none exists). The caller generates the topology (see ``benchmarks/``).
Nothing here asserts; the numbers go in docs/benchmarks.md.
"""

from __future__ import annotations

import os
import time


def measure_desktop(cluster, width: int = 1400, height: int = 900) -> dict:
    """{"layout", "scene", "first_paint", "open_to_first_frame", "open_to_first_frame_cpu", "repaint_full",
    "repaint_zoomed", "update_total", "update_slices", "update_max_slice"} in seconds (slices: a count),
    for ``cluster`` (positions are computed for objects without one, as when a file is opened)."""
    if not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from explorer.ui.document import Document
    from explorer.ui.layout import apply_missing_layout
    from explorer.ui.scene import DiagramScene
    from explorer.ui.view import DiagramView

    out = {}
    c0 = time.process_time()
    t0 = time.perf_counter()
    apply_missing_layout(cluster)
    out["layout"] = time.perf_counter() - t0
    t = time.perf_counter()
    scene = DiagramScene(Document(cluster))
    scene.animate = False
    out["scene"] = time.perf_counter() - t
    view = DiagramView(scene)
    view.resize(width, height)
    view.show()
    t = time.perf_counter()
    view.fit()
    app.processEvents()
    view.viewport().repaint()
    out["first_paint"] = time.perf_counter() - t
    out["open_to_first_frame"] = time.perf_counter() - t0
    out["open_to_first_frame_cpu"] = time.process_time() - c0     # the machine is shared: CPU time too
    view.viewport().repaint()
    t = time.perf_counter()
    view.viewport().repaint()
    out["repaint_full"] = time.perf_counter() - t
    view.reset_zoom()
    view.centerOn(scene.content_rect().center())
    app.processEvents()
    view.viewport().repaint()
    t = time.perf_counter()
    view.viewport().repaint()
    out["repaint_zoomed"] = time.perf_counter() - t
    out.update(measure_update(scene, app, failed_nodes=10))
    view.close()
    return out


def failed_node_state(cluster, failed_nodes: int):
    """A simulation-like next state of ``cluster``: the first ``failed_nodes`` workers NotReady, their pods
    gone and recreated (same spec, name suffixed ``-r``) on the next worker: what the scene sees after a
    node-failure step. Plain model edits (no simulator), so it is cheap and exact."""
    state = cluster.copy()
    workers = [n for n in state.objects("Node") if not n.is_control_plane]
    down = {n.name for n in workers[:failed_nodes]}
    spare = workers[failed_nodes].name if len(workers) > failed_nodes else None

    def not_ready(raw):
        conds = raw.setdefault("status", {}).setdefault("conditions", [])
        conds[:] = [c for c in conds if c.get("type") != "Ready"] + [{"type": "Ready", "status": "Unknown"}]
    for n in workers[:failed_nodes]:
        state.replace(n.edited(not_ready), validate=False)
    for pod in [p for p in state.objects("Pod") if p.node_name in down and not p.is_static]:
        state.remove(pod.key)
        if spare is not None:
            def move(raw, node=spare):
                raw["metadata"]["name"] += "-r"
                raw["spec"]["nodeName"] = node
            state.add(pod.edited(move), validate=False)
    return state


def measure_update(scene, app, failed_nodes: int = 10) -> dict:
    """Show a node-failure next state (:func:`failed_node_state`) on ``scene`` as the simulation does (sliced,
    the event loop running between slices): {"update_total", "update_slices", "update_max_slice"}; a
    slice's time is how long the UI could not respond."""
    state = failed_node_state(scene.state, failed_nodes)
    slices = []
    original = scene._run_slice

    def timed(job):
        t = time.perf_counter()
        original(job)
        slices.append(time.perf_counter() - t)
    scene._run_slice = timed
    t0 = time.perf_counter()
    try:
        scene.show_state(state, animate=False)
        while scene.updating:
            app.processEvents()
    finally:
        del scene._run_slice
    total = time.perf_counter() - t0
    scene.show_state(None, animate=False)
    scene.finish_update()
    return {"update_total": total, "update_slices": len(slices), "update_max_slice": max(slices, default=0.0)}
