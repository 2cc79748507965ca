"""The diagram scene: draws a Cluster and turns mouse gestures into model commands.

THE SCENE NEVER HOLDS THE TRUTH. It shows one cluster (:attr:`DiagramScene.state`): the design while
editing, or the simulated state (``Simulator.cluster()``) while a simulation is shown. It follows the design
through ``cluster.changed`` and rebuilds from the simulated state on :meth:`show_state`. Gestures (moving
items, pinning a pod onto a node, linking a Service to a Deployment, dropping from the palette) become model
commands pushed through the :class:`~explorer.ui.document.Document`; a multi-item drag is ONE command,
pushed on mouse release.
"""

from __future__ import annotations

import contextlib
import time

import numpy
from PySide6.QtCore import QEasingCurve, QPointF, QRectF, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QPen, QPixmapCache, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene
from shiboken6 import isValid

from explorer.model import events as ev
from explorer.model.commands import Macro, MoveObjects, ReplaceObject
from explorer.ui import theme
from explorer.ui.items import (BOX_W, CLIENT_BOUNDS, EDGE_FAR_LOD, ClientItem, DiagramItem, EdgeBundleItem, EdgeItem,
                               LinkHandle, NamespaceItem, NetworkBusItem, NodeItem, PodItem, RubberLinkItem,
                               card_bounds, item_class_for, node_size, tr)
from explorer.ui.far_layer import FarLayer, layer_wanted
from explorer.ui.item_cache import CacheRegimes, follow_node, release_from_node
from explorer.ui.layout import LAYER_Y, LabelIndex, auto_layout, pods_per_node, policy_deployments, scan_pods_steps
from explorer.ui.memory import gc_paused, hold_gc, release_gc
from explorer.ui.turns import NextTurn

PALETTE_MIME = "application/x-k8s-explorer-palette"
ANIMATE_LIMIT = 400     # more changes than this in one update: no animation
MAX_POD_EDGES = 3000
COMPACT_PODS = 2000
BUS_LIVE_MAX = 1000     # more items than this: a drag redraws the network bus when it ends (it walks them all)
PIXMAP_CACHE_KB = 64 * 1024   # QPixmapCache limit on big scenes (see _sync_steps)
EDGE_MIN_SCALE = 0.12   # compact mode: edges are hidden below this zoom
BUILD_WORK_PER_OBJECT = 3   # work items a sliced build counts per object of the design (progress estimate)
EXPECTED_PAD = (1200.0, 1000.0, 0.05)    # expected_rect: at least this much (x, y) or this share is added
CONTENT_PAD = 40.0      # content_rect: the room around the items
CACHE_ITEMS = 1000      # more drawn objects than this: node and card items repaint from cached pixmaps
DENSE_EDGES = 300       # more edges than this crossing the view: the bundle draws them at any zoom
SETTLE_EDGES = 400      # hidden edges whose curves are worked out per event-loop turn after an update (~12 ms)
BUNDLE_EDGES = 1000     # more edges than this, seen from far (EDGE_FAR_LOD): one EdgeBundleItem draws them all
CELLS_REPAINT = 10      # work items a node's new cells cost (relayout, its cached pixmap dropped)
EDGE_REFRESH = 20       # work items a moved edge costs (curve, prepareGeometryChange: the scene re-indexes it)
ADD_WORK = 6           # work items an item added to the canvas costs (its first paint makes its pixmap)
CHUNK = 250            # work items (objects, items, pods) between two yield points of a scene update
SLICE_ITEMS = 4000      # work items per event-loop slice of a sliced update (~30-50 ms on this machine)
SLICE_BUDGET_S = 0.025  # ...and at most this much time per slice (a busy machine makes work items slower)
TIMED_AFTER = 1000      # work items a slice always does before its time budget counts (small scenes: one slice)
DRAWN_KINDS = ("Node", "Namespace", "Ingress", "Service", "Deployment", "NetworkPolicy", "Pod")


class DiagramScene(QGraphicsScene):
    """Signals: ``palette_dropped(str key, QPointF pos, str node_name)``, ``link_requested(src_key, dst_key)``,
    ``context_requested(key or None, QPoint screen_pos, pod object or None)`` (the pod: a compact node's cell
    under the pointer), ``edit_failed(str message)``."""

    palette_dropped = Signal(str, QPointF, str)
    link_requested = Signal(object, object)
    context_requested = Signal(object, object, object)
    edit_failed = Signal(str)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.setItemIndexMethod(QGraphicsScene.BspTreeIndex)
        self.setBackgroundBrush(theme.BACKGROUND)
        self.snap_to_grid = True
        self.dragging = False
        self.animate = True
        self.simulating = False
        self._movable_in = None     # the mode the items' ItemIsMovable flags were last set for
        self.compact = False
        self._bus_stale = False     # a drag on a big scene moved a node; the network bus is redrawn on release
        self.control_plane = None       # sim ControlPlaneStatus while simulating
        self.items_by_key: dict = {}
        self.edges: list[EdgeItem] = []
        self.bus = NetworkBusItem()
        self.addItem(self.bus)
        self.client = ClientItem()
        self.addItem(self.client)
        self.far = FarLayer(self)       # draws a compact scene's nodes and cards from very far (far_layer.py)
        self._far_turn = NextTurn(self)     # a refresh of the far layer due on a later turn
        self.selectionChanged.connect(self._far_changed)
        self.selectionChanged.connect(self._emphasize_selection)
        self._emphasized: list = []     # edges of the selected items (EdgeItem.emphasized)
        self._edges_by_end = None       # {item: [its edges]}, made when first needed (None: to be made again)
        self._press_positions: dict = {}
        self._link = None               # (handle, RubberLinkItem) while linking
        self._anims: set = set()
        self._edges_dirty = False
        self.edge_bundle = None         # EdgeBundleItem, made when first needed (see _apply_edge_visibility)
        self._dense = False             # more than DENSE_EDGES edges cross the view (see set_view_rect)
        self._view_rect = None          # the view's, as set_view_rect was last told
        self._handles_shown = True      # link handles are hidden from far (see set_view_scale)
        self._edge_boxes = None         # numpy boxes of self.edges (None: to be made again)
        self._bundle_stale = True
        self._job = None                # the sliced update in flight (a generator), see sync_sliced
        self._cut_slice = False         # a step just done was long: the slice ends if its time is up
        self.new_pictures = 0           # items added or redrawn so far (a view paints a build every so many)
        self._next_turn = NextTurn(self)    # its next slice, one per event-loop turn
        self._settle_turn = NextTurn(self)  # the next edges whose curves are worked out (_settle_edges)
        self.caching = CacheRegimes(self)   # how cards and pods of a big design cache their pictures, by zoom
        self._cache = QGraphicsItem.NoCache     # the cache mode the last update gave new items
        self.slice_log: list = []
        self.state = None
        self.building = False           # a sliced build of a newly opened design is in flight
        self._drawn_rect = None         # (state, its size, drawn_rect of it) told by expect()
        self._held_bounds = None        # itemsBoundingRect inside bounds_held(): False until measured
        self._pod_scan = None           # (state, its size, scan_pods of it) handed over by expect()
        self.build_fraction = 0.0       # ...and roughly how far it got (0..1), for the view's progress bar
        self._build_estimate = 1
        self.set_cluster(document.cluster, sliced=False)
        document.cluster_replaced.connect(self.set_cluster)

    # --------------------------------------------------------------------------------------------- model
    def set_cluster(self, cluster, sliced: bool = True) -> None:
        """Follow a (new) design cluster: disconnect the old one, rebuild everything. A big design
        (:meth:`is_big`) is built in slices (:meth:`sync_sliced`; ``building`` is True and ``build_progress``
        reports how far it got), unless ``sliced`` is False."""
        old = getattr(self, "_design", None)
        if old is not None:
            old.changed.disconnect(self._on_model_event)
        self._design = cluster
        cluster.changed.connect(self._on_model_event)
        if not self.simulating:
            self.state = cluster
            if sliced and self.is_big(cluster):
                self.sync_sliced(animate=False)
                if self._job is not None:
                    # the collector stays off until the build ends (a full collection between two slices
                    # walked the whole design: 0.6 s), then what was built is frozen out of it (memory.py)
                    hold_gc()
                    self.building = True
                    self.far.set_state(False, None)     # the previous design's far picture goes
                    self._apply_far_layer()     # (on: it takes in each slice's new items, see far_layer.py)
                    self.build_fraction = 0.0
                    self._build_estimate = max(1, BUILD_WORK_PER_OBJECT * len(cluster))
                    self.build_progress.emit(0.0)
            else:
                self.sync(animate=False)

    @staticmethod
    def is_big(cluster) -> bool:
        """Whether a scene of ``cluster`` is built in slices when it is opened."""
        return cluster.count("Pod") > COMPACT_PODS or len(cluster) > CACHE_ITEMS

    def detach(self) -> None:
        """Stop following the model (the window is closing)."""
        self._cancel_job()
        if getattr(self, "_design", None) is not None:
            self._design.changed.disconnect(self._on_model_event)
            self._design = None

    def _on_model_event(self, event) -> None:
        if self.simulating:
            return
        if event.type == ev.MOVED:
            item = self.items_by_key.get(event.key)
            if item is not None and item.parentItem() is None and event.new is not None:
                if (item.pos().x(), item.pos().y()) != event.new:
                    item.setPos(QPointF(*event.new))
            self._schedule_edges([item] if item is not None else None)
            self._far_changed()
            return
        self.sync(animate=False)

    def show_state(self, cluster, control_plane=None, animate: bool = True) -> None:
        """Show a simulated state (or the design again with ``cluster=None``)."""
        self.simulating = cluster is not None
        self.control_plane = control_plane
        self.state = cluster if cluster is not None else self._design
        self.sync_sliced(animate=animate and self.animate)

    # --------------------------------------------------------------------------------------------- sync
    def sync(self, animate: bool = False) -> None:
        """Make the items match :attr:`state` exactly (create, update, reparent, remove), all at once.
        Cancels a sliced update in flight (this one supersedes it)."""
        self._cancel_job()
        with gc_paused():
            for _ in self._sync_steps(animate):
                pass
        if not self._apply_far_layer():     # at once: a layer no longer wanted must not count in the bounds
            self._far_changed()

    # A sliced update: the same steps, run SLICE_ITEMS work items per event-loop turn (issue 5: the UI
    # never freezes for more than 100 ms). Small states finish inside the first slice, synchronously.
    update_finished = Signal()
    build_progress = Signal(float)      # a sliced build of an opened design: the fraction done (0..1)

    @property
    def updating(self) -> bool:
        """True while a sliced update is in flight (the items are partly old, partly new)."""
        return self._job is not None

    def sync_sliced(self, animate: bool = False) -> None:
        """Like :meth:`sync`, in slices of at most :data:`SLICE_ITEMS` work items with the event loop running
        between them; a newer call restarts from the newer state. ``update_finished`` is emitted at the end.
        ``slice_log`` records the work items done in each slice (for tests and the benchmark)."""
        self._cancel_job()
        self.slice_log = []
        self._job = self._sync_steps(animate)
        self._run_slice(self._job)

    def finish_update(self) -> None:
        """Run a sliced update in flight to its end now (offscreen rendering, tests)."""
        job = self._job
        if job is not None:
            with gc_paused():
                for _ in job:
                    pass
            self._job = None
            with self.bounds_held():
                self._end_build()
                if not self._apply_far_layer():     # (turned on, it gathers everything anyway)
                    self._far_changed()
                self.update_finished.emit()

    def _cancel_job(self) -> None:
        job, self._job = getattr(self, "_job", None), None
        if job is not None:
            job.close()
        self._end_build()

    def _end_build(self) -> None:
        if getattr(self, "building", False):
            release_gc(freeze=True)
            self.building = False
            self.build_fraction = 1.0
            self.build_progress.emit(1.0)

    def _run_slice(self, job) -> None:
        if job is not self._job:
            return      # superseded by a newer update
        done = 0
        finished = False
        start = time.perf_counter()
        with gc_paused():
            while done + CHUNK <= SLICE_ITEMS:
                try:
                    done += next(job)
                except StopIteration:
                    finished = True
                    break
                if (done >= TIMED_AFTER or self._cut_slice) and time.perf_counter() - start >= SLICE_BUDGET_S:
                    break
        self._cut_slice = False
        self.slice_log.append(done)
        if self.building:
            self.build_fraction = min(0.99, sum(self.slice_log) / self._build_estimate)
            self.build_progress.emit(self.build_fraction)
        if finished and len(self.slice_log) == 1:
            self._finish_job(job, 0, at_once=True)     # done in one slice (a small design): all of it now
        elif finished:
            self._next_turn.call(lambda: self._finish_job(job, 0))
        else:
            self._next_turn.call(lambda: self._run_slice(job))

    def _finish_job(self, job, stage: int, at_once: bool = False) -> None:
        """The end of a sliced update of several slices, over two more event-loop turns after its last slice
        (together they took ~85 ms at 5,000 nodes on a slow machine, with a repaint in the same turn): the
        end of the build (the progress bar, the overview's refit), then the far layer and ``update_finished``
        (the view's fit). ``updating`` stays True until then; a newer update or ``finish_update`` supersedes
        it. ``at_once``: both now (an update done in its first slice)."""
        if job is not self._job:
            return
        with self.bounds_held():
            if stage == 0:
                self._end_build()
                if not at_once:
                    self._next_turn.call(lambda: self._finish_job(job, 1))
                    return
            self._job = None
            if not self._apply_far_layer():     # (turned on, it gathers everything anyway)
                self._far_changed()
            self.update_finished.emit()

    @contextlib.contextmanager
    def bounds_held(self):
        """Inside the block :meth:`itemsBoundingRect` is measured once (it walks every item: ~10 ms at 5,000
        nodes, and the end of a build asked three times). Nothing inside may change how far the items extend
        (the far layer, turned on inside, lies within the items it draws)."""
        outer = self._held_bounds is not None
        if not outer:
            self._held_bounds = False
        try:
            yield
        finally:
            if not outer:
                self._held_bounds = None

    def itemsBoundingRect(self) -> QRectF:  # noqa: N802 - Qt name
        held = self._held_bounds
        if held is None:
            return super().itemsBoundingRect()
        if held is False:
            held = self._held_bounds = super().itemsBoundingRect()
        return QRectF(held)

    def _sync_steps(self, animate: bool):
        """The update as a generator: yields the number of work items done since the previous yield
        (never more than :data:`CHUNK`)."""
        state = self.state
        if state is None:
            return
        wanted = {}
        self.compact = state.count("Pod") > COMPACT_PODS
        if self.compact and QPixmapCache.cacheLimit() < PIXMAP_CACHE_KB:
            # Big scenes cache every item's pixmap, once per view (canvas and overview). Qt's default 10 MB
            # pixmap cache cannot hold both at 5,000 nodes: each repaint of one view evicted the other's
            # pixmaps, and a full-view repaint went from ~50 ms to ~200 ms.
            QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
        n = 0
        for kind in DRAWN_KINDS:
            if kind == "Pod" and self.compact:
                continue
            for obj in state.objects(kind):
                n += 1
                if n == CHUNK:
                    yield n
                    n = 0
                if kind == "Pod" and obj.is_static:
                    continue
                if self.simulating and kind not in ("Pod", "Node") and obj.key not in self._design:
                    continue    # objects the cluster makes for itself (the kubernetes Service, kube-* namespaces)
                wanted[obj.key] = obj
        changes = 0
        items = self.items_by_key
        for k, o in wanted.items():
            n += 1
            if n == CHUNK:
                yield n
                n = 0
            item = items.get(k)
            if item is None or item.obj is not o:
                changes += 1
        gone = []
        for k in list(items):
            n += 1
            if n == CHUNK:
                yield n
                n = 0
            if k not in wanted:
                gone.append(k)
        animate = animate and changes + len(gone) <= ANIMATE_LIMIT
        for key in gone:
            n += 1
            if n == CHUNK:
                yield n
                n = 0
            self._remove(key, animate)
        yield n
        n = 0
        # compact: the pods per node first, so a new node is drawn once, with its cells (not empty, then again)
        scanned = None
        if self.compact:
            scanned = self._take_pod_scan(state)
            if scanned is None:
                scanned = yield from scan_pods_steps(state, CHUNK * 4, CHUNK)   # a pod: ~1/4 of a work item
        created = []
        renewed = []    # items shown with another object
        kept = [] if self.building else None
        for key, obj in wanted.items():
            item = items.get(key)
            if item is None:
                n += 4      # creating an item costs a few plain steps
                item = item_class_for(obj)(obj)
                if scanned is not None and key[0] == "Node":
                    item.set_cells(*(scanned.by_node.get(obj.name) or ([], {})))
                self.items_by_key[key] = item
                if obj.kind in ("Service", "Ingress"):
                    LinkHandle(item).hide_from_far(not self._handles_shown)
                created.append(item)
            elif item.obj is not obj:
                n += 4      # compares what the item shows before repainting it
                item.set_object(obj)
                renewed.append(item)
                if kept is not None:
                    kept.append(item)
            else:
                n += 1
                if kept is not None:
                    kept.append(item)
            if n >= CHUNK - 4:
                if kept:
                    n = min(CHUNK, n + len(kept) // 4)
                    self.far.add_built(kept)    # (a build starts with an empty far picture: kept items go in too)
                    kept = []
                yield n
                n = 0
        if kept:
            self.far.add_built(kept)
        cache = QGraphicsItem.DeviceCoordinateCache if self.compact or len(wanted) > CACHE_ITEMS else \
            QGraphicsItem.NoCache
        layout = self.state.layout
        if cache != QGraphicsItem.NoCache and self._cache != cache:
            fresh = set(map(id, created))   # the design grew big: the items kept from before cache too
            for item in items.values():
                if id(item) not in fresh and item.cacheMode() == QGraphicsItem.NoCache:
                    self.caching.adopt(item, cache)
        self._cache = cache
        placed = [] if self.building else None     # new items for the far layer (when on), per slice
        for item in created:
            self.caching.adopt(item, cache)     # big clusters: repaints blit pixmaps instead of calling paint()
            if item.obj.kind != "Pod":      # pods are placed (in their node or near their Deployment) below
                n += ADD_WORK
                if n >= CHUNK:
                    if placed:
                        self.far.add_built(placed)
                        placed = []
                    yield n
                    n = 0
                pos = layout.get(item.key)
                if pos is not None:         # drawn where it belongs from the first slice that shows it
                    item.setPos(QPointF(*pos))
                self.addItem(item)
                self.new_pictures += 1
                if placed is not None and pos is not None:
                    placed.append(item)
        if placed:
            self.far.add_built(placed)
        yield n
        yield from self._place_top_level(created)
        yield from self._place_pods(animate)
        self._static_components = None
        yield from self._place_cells(scanned)
        self._update_control_planes(self._static_components)
        yield 1
        n = 0
        # what may be dragged follows the mode (design or simulation) and each item's object: every item when
        # the mode changed, else the new ones and those with another object (12,000 items: ~40 ms a pass)
        everything = self._movable_in != self.simulating
        self._movable_in = self.simulating
        for item in list(self.items_by_key.values()) if everything else created + renewed:
            n += 1
            if n == CHUNK:
                yield n
                n = 0
            movable = self._movable(item)
            if bool(item.flags() & QGraphicsItem.ItemIsMovable) != movable:
                item.setFlag(QGraphicsItem.ItemIsMovable, movable)
        yield n
        yield from self._refresh_edges_steps()

    def _movable(self, item) -> bool:
        if self.simulating:
            return False
        if isinstance(item, PodItem):
            return item.movable_in_design
        return True

    def _remove(self, key, animate: bool) -> None:
        item = self.items_by_key.pop(key)
        if isinstance(item, NodeItem):
            for pod in list(item.pods):
                release_from_node(pod)
                pod.setParentItem(None)
                if pod.scene() is None:
                    self.addItem(pod)
            item.pods.clear()
        parent = item.parentItem()
        if isinstance(parent, NodeItem) and item in parent.pods:
            parent.pods.remove(item)
        if animate and isinstance(item, PodItem):
            item.evicting = True
            item.setSelected(False)
            follow_node(item)           # a pod fading out draws itself
            item.update()
            self._animate(700, lambda v, it=item: it.setOpacity(1.0 - v), lambda it=item: self._drop_item(it))
        else:
            if isinstance(item, PodItem):
                release_from_node(item)
            self._drop_item(item)

    def _drop_item(self, item) -> None:
        if item.scene() is self:
            self.removeItem(item)

    def _place_top_level(self, created):
        """Generator (see :meth:`_sync_steps`)."""
        layout = self.state.layout
        missing = [it for it in created if it.obj.kind != "Pod" and it.key not in layout]
        guesses = auto_layout(self.state) if missing else {}
        for item in created:
            if item.obj.kind == "Pod":
                continue
            pos = layout.get(item.key) or guesses.get(item.key)
            if pos is None:
                pos = (0.0, 0.0)
            item.setPos(QPointF(*pos))
        yield 1
        n = 0
        for item in list(self.items_by_key.values()):   # back to the layout (after a sim pushed nodes apart)
            n += 1
            if n == CHUNK:
                yield n
                n = 0
            if item.obj.kind != "Pod" and item.key in layout and item.parentItem() is None:
                x, y = layout[item.key]
                if (item.pos().x(), item.pos().y()) != (x, y):
                    item.setPos(QPointF(x, y))

    def _owner_deployments(self) -> dict:
        """ReplicaSet name (namespace, name) -> Deployment key, from the shown state."""
        out = {}
        for rs in self.state.objects("ReplicaSet"):
            owner = rs.controller_owner
            if owner and owner.get("kind") == "Deployment":
                out[(rs.namespace, rs.name)] = ("Deployment", rs.namespace, owner.get("name"))
        return out

    def deployment_of(self, pod) -> object:
        owner = pod.controller_owner
        if not owner:
            return None
        if owner.get("kind") == "ReplicaSet":
            return self._owner_deployments().get((pod.namespace, owner.get("name")))
        return None

    def _place_pods(self, animate: bool):
        """Generator (see :meth:`_sync_steps`)."""
        nodes = {it.obj.name: it for it in self.items_by_key.values() if isinstance(it, NodeItem)}
        rs_owner = self._owner_deployments()
        pending_counts: dict = {}
        by_node: dict = {name: [] for name in nodes}
        n = 0
        for item in list(self.items_by_key.values()):
            n += 1
            if n == CHUNK:
                yield n
                n = 0
            if not isinstance(item, PodItem):
                continue
            node = nodes.get(item.obj.node_name)
            if node is not None:
                by_node[item.obj.node_name].append(item)
                continue
            # pending (or bound to a node that is not drawn): top level, near its Deployment
            start = item.scenePos() if item.scene() is self else None
            if item.parentItem() is not None:
                parent = item.parentItem()
                if item in getattr(parent, "pods", []):
                    parent.pods.remove(item)
                release_from_node(item)
                item.setParentItem(None)
            if item.scene() is not self:
                self.addItem(item)
            pos = self.state.layout.get(item.key)
            if pos is None:
                owner = item.obj.controller_owner
                dep_key = rs_owner.get((item.obj.namespace, owner.get("name"))) if owner else None
                anchor = self.items_by_key.get(dep_key) if dep_key else None
                n = pending_counts.get(dep_key, 0)
                pending_counts[dep_key] = n + 1
                if anchor is not None:    # a pile under the Deployment: Pending pods waiting for a node
                    k = min(n, 8)
                    pos = (anchor.pos().x() + 12 + k * 7, anchor.pos().y() + 72 + k * 5)
                else:
                    pos = (-200.0 - (n % 3) * 132, LAYER_Y["Workload"] + (n // 3) * 48)
            target = QPointF(*pos)
            if start is not None and animate and start != target:
                self._move_animated(item, start, target)
            elif item.pos() != target:
                item.setPos(target)
        for name, node in nodes.items():
            pods = by_node[name]
            n += 1 + len(pods)
            if n >= CHUNK:
                yield min(n, CHUNK)     # a node holds at most a few hundred pod items (yields stay <= CHUNK)
                n = 0
            wanted_set = set(pods)
            known = set(node.pods)
            old_order = [p for p in node.pods if p in wanted_set]
            new = sorted((p for p in pods if p not in known), key=lambda p: p.obj.name)
            node.pods = old_order + new
            node.relayout()
            for index, pod in enumerate(node.pods):
                target = node.slot(index)
                if pod.parentItem() is not node:
                    self.new_pictures += 1
                    n += ADD_WORK           # its first paint makes its pixmap (at most ~600 per repaint)
                    start = pod.scenePos() if pod.scene() is self else None
                    if start is None and animate:   # new and already scheduled: come from its Deployment
                        dep = self.items_by_key.get(self.deployment_of(pod.obj))
                        if dep is not None:
                            start = dep.sceneBoundingRect().center()
                    release_from_node(pod)
                    pod.setParentItem(node)
                    if start is not None and animate:
                        self._move_animated(pod, node.mapFromScene(start), target)
                        continue
                    pod.setPos(target)
                    follow_node(pod)
                elif pod.pos() != target:
                    if animate:
                        self._move_animated(pod, pod.pos(), target)
                    else:
                        pod.setPos(target)
            if not self.compact:    # compact nodes repaint when their cells change (_place_cells)
                node.update()
        yield n
        if self.simulating:
            yield from self._push_nodes_apart()

    def _push_nodes_apart(self):
        """While simulating, nodes grow with their pods; shift later nodes in a row right so none overlap
        (display only: the design's positions are unchanged and come back on Reset)."""
        layout = self.state.layout
        rows: dict = {}
        n = 0
        for it in list(self.items_by_key.values()):
            n += 1
            if n == CHUNK:
                yield n
                n = 0
            if isinstance(it, NodeItem):
                x, y = layout.get(it.key, (it.pos().x(), it.pos().y()))
                rows.setdefault(round(y / 60), []).append((x, y, it))
        for row in rows.values():
            cursor = None
            for x, y, it in sorted(row, key=lambda t: t[0]):
                n += 1
                if n == CHUNK:
                    yield n
                    n = 0
                if cursor is not None and x < cursor:
                    x = cursor
                if (it.pos().x(), it.pos().y()) != (x, y):
                    it.setPos(QPointF(x, y))
                cursor = x + it.size()[0] + 30.0
        yield n

    def _place_cells(self, scanned=None):
        """Generator (see :meth:`_sync_steps`). Only nodes whose pod objects changed are repainted.
        ``scanned``: the state's :func:`~explorer.ui.layout.scan_pods`, if the caller has it."""
        nodes = {it.obj.name: it for it in self.items_by_key.values() if isinstance(it, NodeItem)}
        yield 1
        if not self.compact:
            for node in nodes.values():
                if node.cells is not None:
                    node.set_cells(None)
            return
        if scanned is None:
            scanned = yield from scan_pods_steps(self.state, CHUNK * 4, CHUNK)
        by_node, self._static_components = scanned.by_node, scanned.static
        n = 0
        for name, node in nodes.items():
            pods, counts = by_node.get(name) or ([], {})
            old = node.cells
            if old is pods:
                continue    # the very list the node was made with, in this update (a new node)
            cost = 1 + len(pods) // 8 if old is None or len(old) != len(pods) else 1 + len(pods) // 4
            if n + cost + CELLS_REPAINT > CHUNK:
                yield n     # cut before a node whose cells may be compared and redrawn would overflow CHUNK
                n = 0
            n += cost
            if old is not None and len(old) == len(pods) and all(a is b for a, b in zip(old, pods)):
                continue    # same pod objects (the model is immutable): nothing to redraw
            if node.set_cells_if_changed(pods, counts):
                n += CELLS_REPAINT
                self.new_pictures += 1
        yield n

    def _update_control_planes(self, static: dict | None = None) -> None:
        """``static``: {node name: components of its static pods} when the caller already walked the pods."""
        cps = [it for it in self.items_by_key.values() if isinstance(it, NodeItem) and it.obj.is_control_plane]
        if not cps:
            return
        status = self.control_plane
        members = {}
        if status is not None:
            for m in getattr(status, "members", []) or []:
                get = m.get if isinstance(m, dict) else (lambda k, m=m: getattr(m, k, None))
                members[get("name")] = {"etcd": get("etcd"), "kube-apiserver": get("apiserver"),
                                        "kube-scheduler": get("scheduler"),
                                        "kube-controller-manager": get("controller_manager")}
        if static is None:
            static = {}
            for pod in self.state.objects("Pod", "kube-system"):
                if pod.is_static:
                    static.setdefault(pod.node_name, set()).add(pod.labels.get("component", ""))
        etcd_total = etcd_ok = 0
        for it in cps:
            name = it.obj.name
            if name in members:
                comps = {k: bool(v) for k, v in members[name].items()}
            else:
                present = static.get(name, set())
                comps = {c: (it.obj.ready if c in present else None) for c in
                         ("etcd", "kube-apiserver", "kube-scheduler", "kube-controller-manager")}
            it.components = comps
            if comps.get("etcd") is not None:
                etcd_total += 1
                etcd_ok += bool(comps["etcd"])
        quorum = etcd_ok > etcd_total // 2 if etcd_total else False
        if status is not None and hasattr(status, "etcd_quorum"):
            quorum = bool(status.etcd_quorum)
        for it in cps:
            it.quorum = (etcd_ok, etcd_total, quorum) if etcd_total else None
            it.update()

    # --------------------------------------------------------------------------------------------- animation
    def _animate(self, ms, on_value, on_done=None):
        anim = QVariantAnimation(self)
        anim.setStartValue(0.0)
        anim.setEndValue(1.0)
        anim.setDuration(ms)
        anim.setEasingCurve(QEasingCurve.InOutQuad)
        anim.valueChanged.connect(on_value)

        def finished():
            self._anims.discard(anim)
            if on_done:
                on_done()
            self._schedule_edges()
        anim.finished.connect(finished)
        self._anims.add(anim)
        anim.start()
        return anim

    def _move_animated(self, item, start: QPointF, end: QPointF) -> None:
        pod = isinstance(item, PodItem)
        if pod:
            item.moving += 1        # (a later update may move it again before this animation ends)
            follow_node(item)       # it draws itself while it moves
        item.setPos(start)

        def step(v, it=item, a=QPointF(start), b=QPointF(end)):
            it.setPos(a + (b - a) * v)

        def done(it=item, b=QPointF(end)):
            it.setPos(b)
            if pod and isValid(it):
                it.moving = max(0, it.moving - 1)     # (finish_animations may signal an end twice)
                follow_node(it)
        self._animate(650, step, done)

    @property
    def animating(self) -> bool:
        return bool(self._anims)

    def finish_animations(self) -> None:
        for anim in list(self._anims):
            anim.setCurrentTime(anim.duration())
            anim.stop()
            anim.finished.emit()

    # --------------------------------------------------------------------------------------------- edges
    def item_moved(self, item) -> None:
        self._schedule_edges([item])

    def _schedule_edges(self, moved=None) -> None:
        """Refresh the edges on the next event-loop turn: all of them, or only those touching the ``moved``
        items (moving items changes no edge's ends, only their curves: a drag must not recompute every edge
        of a design per mouse move)."""
        pending = getattr(self, "_moved_items", None)
        if moved is None:
            self._moved_items = None        # everything
        elif pending is not None or not self._edges_dirty:
            self._moved_items = (pending or set()) | set(moved)
        if not self._edges_dirty:
            self._edges_dirty = True
            QTimer.singleShot(0, self._flush_edges)

    def _flush_edges(self) -> None:
        if not self._edges_dirty:
            return
        moved, self._moved_items = getattr(self, "_moved_items", None), None
        if moved is None:
            self.refresh_edges()
            return
        self._edges_dirty = False
        for it in list(moved):
            if isinstance(it, NodeItem):
                moved.update(it.pods)
        changed = False
        for edge in self.edges:
            if edge.src in moved or edge.dst in moved:
                changed = edge.refresh() or changed
        if changed:
            self._edges_changed()
            self._apply_edge_visibility()
        # the bus (and the client beside the top row) follows the moved items; it walks every item, so on a
        # big scene a drag redraws it once, when it ends
        if self.dragging and len(self.items_by_key) > BUS_LIVE_MAX:
            self._bus_stale = True
        else:
            self._refresh_bus()

    def refresh_edges(self) -> None:
        """Recompute every edge, the network bar and the client position from the items."""
        self._moved_items = None
        for _ in self._refresh_edges_steps():
            pass

    def _refresh_edges_steps(self):
        """Generator (see :meth:`_sync_steps`)."""
        self._edges_dirty = False
        yield from self._refresh_bus_steps()    # first: it places the client, which "enter" edges start from
        wanted = []
        yield from self._edge_pairs_steps(wanted)
        existing = {(e.src, e.dst, e.kind): e for e in self.edges}
        keep = []
        n = 0
        # a new edge that the bundle will draw is hidden from the start (not drawn by itself meanwhile)
        hidden = not self._edges_shown() or self._bundles(len(wanted))
        pending = False
        for triple in wanted:
            if n + EDGE_REFRESH > CHUNK:
                yield n
                n = 0
            edge = existing.pop(triple, None)
            if edge is None:
                edge = EdgeItem(*triple, shown=not hidden)     # (hidden: its curve waits until needed)
                pending = pending or hidden
                self.addItem(edge)
                n += EDGE_REFRESH
                self._edges_changed()
            elif edge.refresh():    # only an edge whose end items moved or resized is recomputed
                n += EDGE_REFRESH
                self._edges_changed()
            else:
                n += 1
            keep.append(edge)
        for edge in existing.values():
            self.removeItem(edge)
            self._edges_changed()
        self.edges = keep
        if pending:
            self._settle_turn.call(self._settle_edges)
        yield n
        if self._emphasized or self.selectedItems():
            self._emphasize_selection()     # the selection's edges as they are now
        self._apply_edge_visibility()

    def _settle_edges(self, at: int = 0) -> None:
        """Work out the curves of hidden edges made without one (:attr:`EdgeItem.pending`), :data:`SETTLE_EDGES`
        per event-loop turn once the update in flight is over (its first frame comes first): the first zoom in
        that shows them then finds them ready. (Whatever needs a curve before works it out itself.)"""
        if self._job is not None:
            self._settle_turn.call(self._settle_edges)     # (from the first edge again: this list may go)
            return
        edges = self.edges
        end = min(len(edges), at + SETTLE_EDGES)
        for edge in edges[at:end]:
            edge.ensure()
        if end < len(edges):
            self._settle_turn.call(lambda: self._settle_edges(end))

    def _edge_pairs(self) -> list:
        out = []
        for _ in self._edge_pairs_steps(out):
            pass
        return out

    def _edge_pairs_steps(self, out: list):
        """Generator (see :meth:`_sync_steps`): appends (src item, dst item, edge kind) to ``out``."""
        items = self.items_by_key
        everything = list(items.values())
        pods = [it for it in everything if isinstance(it, PodItem) and not it.evicting]
        pod_edges = len(pods) <= MAX_POD_EDGES
        yield len(everything) // 8 if len(everything) < 8 * CHUNK else CHUNK
        deps = [it.obj for it in everything if it.obj.kind == "Deployment"]
        deployments = LabelIndex(deps, lambda d: d.template_labels)
        deps_by_ns: dict = {}
        for d in deps:
            deps_by_ns.setdefault(d.namespace, []).append(d)
        standalone = LabelIndex([p.obj for p in pods if not p.obj.controller_owner], lambda p: p.labels) \
            if pod_edges else None
        yield CHUNK
        n = 0
        for it in everything:
            n += 1
            if n >= CHUNK - 5:
                yield n
                n = 0
            obj = it.obj
            if obj.kind in ("Pod", "Node"):
                continue
            n += 4          # a label-index look-up
            if obj.kind == "Service" and obj.selector:
                for dep in deployments.select(obj.namespace, obj.selector):
                    out.append((it, items[dep.key], "select"))
                if standalone is not None:
                    for pod in standalone.select(obj.namespace, obj.selector):
                        out.append((it, items[pod.key], "select"))
            elif obj.kind == "NetworkPolicy":
                targets = policy_deployments(obj, deployments, deps_by_ns)
                if not obj.pod_selector:      # {} selects every pod of the namespace: 50 edges at most
                    targets = targets[:50]
                for dep in targets:
                    out.append((it, items[dep.key], "policy"))
            elif obj.kind == "Ingress":
                for name in obj.backend_services:
                    target = items.get(("Service", obj.namespace, name))
                    if target is not None:
                        out.append((it, target, "route"))
        yield n
        if self.simulating and pod_edges:
            owners = self._owner_deployments()
            for pod in pods:        # at most MAX_POD_EDGES
                owner = pod.obj.controller_owner
                dep_key = owners.get((pod.obj.namespace, owner.get("name"))) if owner else None
                if dep_key in items:
                    out.append((items[dep_key], pod, "own"))
        yield CHUNK
        entries = [it for it in everything if is_entry(it.obj)]
        for it in entries:
            out.append((self.client, it, "enter"))
        yield CHUNK // 4

    def _refresh_bus(self) -> None:
        for _ in self._refresh_bus_steps():
            pass

    def _refresh_bus_steps(self):
        """Generator (see :meth:`_sync_steps`): the network bars and the client's position."""
        everything = list(self.items_by_key.values())
        nodes = [it for it in everything if isinstance(it, NodeItem)]
        tops, entries = [], []
        n = 0
        for it in everything:
            n += 1
            if n == CHUNK:
                yield n
                n = 0
            if not isinstance(it, (PodItem, NamespaceItem)):
                tops.append(it.sceneBoundingRect())
                if is_entry(it.obj):
                    entries.append(tops[-1])
        yield n
        if tops:    # the Internet sits over its entries, so its edges come down onto them
            pos = client_position(tops, entries)
            if self.client.pos() != pos:
                self.client.setPos(pos)
        if not nodes:
            self.bus.set_geometry([], [], "")
            return
        rects = [n.sceneBoundingRect() for n in nodes]
        # the geometry and the bus item's paths are two steps, each long for thousands of nodes (~30 ms at
        # 5,000 on a slow machine): after each the slice ends if its time is up, however few items it did
        big = len(rects) >= 4 * CHUNK
        yield len(tops) // 4 if len(tops) < 4 * CHUNK else CHUNK
        geometry = bus_geometry(rects)
        self._cut_slice = big
        yield len(rects) // 4 if not big else CHUNK
        self.bus.set_geometry(*geometry, self._bus_label())
        self._cut_slice = big
        yield len(rects) // 4 if not big else CHUNK

    def _bus_label(self) -> str:
        net = self._design.network if getattr(self, "_design", None) is not None else None
        return tr("cluster network · pods {0} · services {1}").format(
            net.pod_cidr if net else "", net.service_cidr if net else "")

    def retranslate_ui(self) -> None:
        """After a live language switch (the window forwards ``QEvent.LanguageChange``): tooltips set when items
        were made are set again, and every item is repainted. Items translate their painted texts at paint time,
        but big clusters cache each item's pixmap, and ``update()`` of the item is what drops that cache."""
        for item in self.items():
            if hasattr(item, "retranslate"):
                item.retranslate()
            elif isinstance(item, DiagramItem) and item.toolTip():    # set on hover or by a load overlay
                item.setToolTip(item.tooltip())
            item.update()
        if self.bus.label:
            self.bus.label = self._bus_label()

    def set_view_scale(self, scale: float) -> None:
        """Big clusters seen from far: hide the edges (hidden items cost nothing to repaint). Below
        :data:`theme.LOD_TEXT` the link handles, which draw nothing there, are hidden too."""
        self.view_scale = scale
        self._apply_edge_visibility()
        self._show_handles(scale >= theme.LOD_TEXT)
        self._apply_far_layer()
        self.caching.set_scale(scale)

    def _apply_far_layer(self) -> bool:
        """Turn the far layer on or off for the scene as it is now (compact, built) at the view's zoom; True
        when it did."""
        want = layer_wanted(self.compact, getattr(self, "view_scale", 1.0))
        if want == self.far.active:
            return False
        self.far.set_state(want, self.items_by_key.values)
        return True

    def _far_changed(self) -> None:
        """Items changed (an update ended, a move, a selection): the far layer takes it in on the next turn
        (once, however many changes came meanwhile), and turns on or off if it must."""
        if not self._far_turn.pending and (self.compact or self.far.active):
            self._far_turn.call(self._refresh_far)

    @property
    def far_pending(self) -> bool:
        """True while a refresh of the far layer waits for its turn or gathers what it will draw."""
        return self._far_turn.pending or self.far.gathering

    def _refresh_far(self) -> None:
        if not self._apply_far_layer() and self.far.active:
            self.far.refresh()

    def _show_handles(self, shown: bool) -> None:
        if shown == self._handles_shown:
            return
        self._handles_shown = shown
        for item in self.items_by_key.values():
            if item.key[0] in ("Service", "Ingress"):
                for child in item.childItems():
                    if isinstance(child, LinkHandle):
                        child.hide_from_far(not shown)

    def set_view_rect(self, rect: QRectF) -> None:
        """The part of the scene a view shows (after a scroll, zoom or resize): where more than
        :data:`DENSE_EDGES` edges cross it, the bundle draws them at any zoom (a tangle of 1,400 antialiased
        curves took 0.3 s per repaint at 86 %, and nobody reads 1,400 crossing arrows)."""
        self.caching.set_view_rect(rect)
        self._view_rect = QRectF(rect)
        if not self._edges_shown():
            self._dense = None      # (unknown: no edge shows, and counting would work out every curve)
            return
        dense = self._edges_crossing(rect) > DENSE_EDGES
        if dense != self._dense:
            self._dense = dense
            self._apply_edge_visibility()

    def _edges_changed(self) -> None:
        """Edges were added, removed or moved: the bundle and the edges' boxes are made again when needed."""
        self._bundle_stale = True
        self._edge_boxes = None
        self._edges_by_end = None

    def _emphasize_selection(self) -> None:
        """The edges of the selected items are drawn on their own, in their colours, also where the bundle
        draws the others washed out: in a big design, what a selected card connects to stays visible."""
        for edge in self._emphasized:
            edge.emphasized = False
        self._emphasized = []
        selected = self.selectedItems()
        if not selected or not self.edges:
            return
        if self._edges_by_end is None:
            index: dict = {}
            for edge in self.edges:
                index.setdefault(edge.src, []).append(edge)
                index.setdefault(edge.dst, []).append(edge)
            self._edges_by_end = index
        found = {}
        for item in selected:
            for edge in self._edges_by_end.get(item, ()):
                found[id(edge)] = edge
        self._emphasized = list(found.values())
        for edge in self._emphasized:
            edge.emphasized = True

    def _edges_crossing(self, rect: QRectF) -> int:
        """How many edges' bounding rectangles meet ``rect`` (numpy over the edges' boxes, kept until the
        edges change)."""
        if len(self.edges) <= BUNDLE_EDGES:
            return 0
        if self._edge_boxes is None:
            boxes = numpy.empty((len(self.edges), 4))
            for i, edge in enumerate(self.edges):
                b = edge.bounds()
                boxes[i] = (b.left(), b.top(), b.right(), b.bottom())
            self._edge_boxes = boxes
        b = self._edge_boxes
        meets = (b[:, 0] < rect.right()) & (b[:, 2] > rect.left()) & (b[:, 1] < rect.bottom()) & \
            (b[:, 3] > rect.top())
        return int(meets.sum())

    @property
    def edges_bundled(self) -> bool:
        """Whether the edges are drawn by one :class:`EdgeBundleItem` (many edges seen from far, or many
        crossing the view)."""
        return self._bundles(len(self.edges))

    def _bundles(self, edges: int) -> bool:
        scale = getattr(self, "view_scale", 1.0)
        return edges > BUNDLE_EDGES and (scale < EDGE_FAR_LOD or self._dense) and \
            (not self.compact or scale >= EDGE_MIN_SCALE)

    def _edges_shown(self) -> bool:
        """Compact scenes seen from very far show no edge at all."""
        return not self.compact or getattr(self, "view_scale", 1.0) >= EDGE_MIN_SCALE

    def _apply_edge_visibility(self) -> None:
        """Compact scenes seen from very far hide every edge. Many edges seen from far are drawn by one
        bundle item (a hairline path per colour, what the edge items draw at that scale anyway) and the edge
        items are hidden, except those on a traced request's path and those of the selected items."""
        show = self._edges_shown()
        if show and self._dense is None:    # shown again (zoomed in): how many edges cross the view now
            self._dense = self._view_rect is not None and self._edges_crossing(self._view_rect) > DENSE_EDGES
        bundled = self.edges_bundled
        for edge in self.edges:
            edge.bundled = bundled
            visible = show and (not bundled or edge.drawn_alone())
            if edge.isVisible() != visible:
                if visible:
                    edge.ensure()
                edge.setVisible(visible)
        if bundled and self.edge_bundle is None:
            self.edge_bundle = EdgeBundleItem()
            self.addItem(self.edge_bundle)
        if bundled and self._bundle_stale:
            self.edge_bundle.set_edges(self.edges)
            self._bundle_stale = False
        if self.edge_bundle is not None and self.edge_bundle.isVisible() != bundled:
            self.edge_bundle.setVisible(bundled)

    # --------------------------------------------------------------------------------------------- helpers
    def selected_keys(self) -> list:
        return [it.key for it in self.selectedItems() if isinstance(it, DiagramItem)]

    def select_keys(self, keys) -> None:
        self.clearSelection()
        for key in keys:
            item = self.items_by_key.get(key)
            if item is not None:
                item.setSelected(True)

    def node_at(self, scene_pos: QPointF, exclude=None) -> NodeItem | None:
        for it in self.items(scene_pos):
            if isinstance(it, NodeItem) and it is not exclude:
                return it
        return None

    def diagram_item_at(self, scene_pos: QPointF, exclude=None):
        for it in self.items(scene_pos):
            if isinstance(it, DiagramItem) and it is not exclude and not getattr(it, "evicting", False):
                return it
        return None

    def set_highlight(self, keys_colors: dict) -> None:
        """Tint items (traffic path): {key: QColor}; an empty dict clears every tint."""
        for key, item in self.items_by_key.items():
            color = keys_colors.get(key)
            if item.highlight != color:
                item.highlight = color
                item.update()

    def set_heat(self, heat: dict) -> None:
        """Per-pod load overlay: {pod key: (count, drops)}; colours scale with the count (drops red)."""
        top = max((c for c, _ in heat.values()), default=0) or 1
        for key, item in self.items_by_key.items():
            if not isinstance(item, PodItem):
                continue
            value = heat.get(key)
            item.heat = value
            if value is None:
                item.highlight = None
            else:
                count, drops = value
                if drops:
                    item.highlight = QColor(231, 76, 60, 90 + min(140, int(140 * drops / max(count, 1))))
                else:
                    item.highlight = QColor(243, 156, 18, 40 + int(180 * count / top))
            item.setToolTip(item.tooltip())
            item.update()

    # --------------------------------------------------------------------------------------------- gestures
    def mousePressEvent(self, event):
        if event.button() == Qt.LeftButton and not self.simulating:
            hit = self.itemAt(event.scenePos(), self.views()[0].transform()) if self.views() else None
            if isinstance(hit, LinkHandle):
                line = RubberLinkItem(hit.scenePos())
                self.addItem(line)
                self._link = (hit, line)
                event.accept()
                return
        super().mousePressEvent(event)
        if event.button() == Qt.LeftButton:
            self.dragging = True
            self._press_positions = {it: it.scenePos() for it in self.selectedItems()
                                     if isinstance(it, DiagramItem) and it.flags() & QGraphicsItem.ItemIsMovable}

    def mouseMoveEvent(self, event):
        if self._link is not None:
            self._link[1].set_end(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)
        if self.dragging and self._press_positions and event.buttons() & Qt.LeftButton:
            if self.snap_to_grid:
                g = theme.GRID
                for item in self._press_positions:
                    if item.parentItem() is None:
                        p = item.pos()
                        snapped = QPointF(round(p.x() / g) * g, round(p.y() / g) * g)
                        if snapped != p:
                            item.setPos(snapped)
            self._schedule_edges(self._press_positions)

    def mouseReleaseEvent(self, event):
        if self._link is not None and event.button() == Qt.LeftButton:
            handle, line = self._link
            self._link = None
            self.removeItem(line)
            target = self.diagram_item_at(event.scenePos(), exclude=handle.parentItem())
            if target is not None:
                self.link_requested.emit(handle.parentItem().key, target.key)
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.LeftButton and self.dragging:
            self.dragging = False
            moved = list(self._press_positions)
            self._commit_drag()
            if self._bus_stale:
                self._bus_stale = False
                self._schedule_edges(moved)     # the next flush redraws the bus once (with the commit's edges)

    def _commit_drag(self) -> None:
        presses, self._press_positions = self._press_positions, {}
        moves, edits = {}, []
        for item, start in presses.items():
            if item.scene() is not self or item.key not in self._design:
                continue
            now = item.scenePos()
            if (now - start).manhattanLength() < 0.5:
                continue
            if isinstance(item, PodItem):
                node = self.node_at(item.sceneBoundingRect().center(), exclude=None)
                pod = self._design.get(item.key)
                new_node = node.obj.name if node is not None else ""
                if new_node != pod.node_name:
                    def change(raw, n=new_node):
                        if n:
                            raw.setdefault("spec", {})["nodeName"] = n
                        else:
                            raw.get("spec", {}).pop("nodeName", None)
                    edits.append(ReplaceObject(pod.edited(change), text=tr("Pin pod")))
                if node is None:
                    old = self._design.position(item.key)
                    moves[item.key] = (old, (now.x(), now.y()))
                elif node is not None and new_node == pod.node_name:
                    item.setPos(node.slot(node.pods.index(item)) if item in node.pods else item.pos())
                continue
            old = self._design.position(item.key) or (start.x(), start.y())
            moves[item.key] = (old, (now.x(), now.y()))
        commands = list(edits)
        if moves:
            commands.append(MoveObjects(moves))
        if not commands:
            return
        cmd = commands[0] if len(commands) == 1 else Macro(commands, text=tr("Move"))
        text = tr("Move {0} items").format(len(moves)) if moves and not edits else (
            tr("Pin pod to node") if edits else tr("Move"))
        try:
            self.document.push(cmd, text)
        except Exception as exc:  # noqa: BLE001 - the model rejected it: put items back, say why
            self.sync(animate=False)
            for key, (old, _new) in moves.items():
                item = self.items_by_key.get(key)
                if item is not None and old is not None:
                    item.setPos(QPointF(*old))
            self.edit_failed.emit(str(exc))

    def contextMenuEvent(self, event):
        item = self.diagram_item_at(event.scenePos())
        if item is not None and not item.isSelected():
            self.clearSelection()
            item.setSelected(True)
        cell = None
        if isinstance(item, NodeItem) and item.cells:
            cell = item.cell_at(item.mapFromScene(event.scenePos()))
        self.context_requested.emit(item.key if item is not None else None, event.screenPos(), cell)
        event.accept()

    def dragEnterEvent(self, event):
        if event.mimeData().hasFormat(PALETTE_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event):
        if event.mimeData().hasFormat(PALETTE_MIME):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event):
        if not event.mimeData().hasFormat(PALETTE_MIME):
            return super().dropEvent(event)
        key = bytes(event.mimeData().data(PALETTE_MIME)).decode()
        node = self.node_at(event.scenePos())
        self.palette_dropped.emit(key, event.scenePos(), node.obj.name if node is not None else "")
        event.acceptProposedAction()

    def drawBackground(self, painter, rect):
        """The background and its grid of dots (every 20 scene units from 70 % zoom, else every 80; none
        when they would be closer than 8 px). The dots are a cached pattern drawn where the grid starts in
        ``rect``: making thousands of points per repaint took ~25 ms of a far view's frame."""
        painter.fillRect(rect, theme.BACKGROUND)
        scale = painter.worldTransform().m11()
        step = 20 if scale >= 0.7 else 80
        if scale * step < 8:
            return
        left = int(rect.left()) - int(rect.left()) % step
        top = int(rect.top()) - int(rect.top()) % step
        # x = left, left + step, ... up to the first past rect.right(), whose dot's half shows inside
        columns = (rect.right() - left) // step + 1
        rows = (rect.bottom() - top) // step + 1
        pen = QPen(theme.GRID_DOT, 2.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.save()
        painter.setClipRect(rect, Qt.IntersectClip)     # the pattern may reach past rect
        # moved in scene units (exact for these integers), not by the painter: the dots land on the pixels
        # of the grid's own points, as drawing each point would place them
        painter.drawPoints(grid_dots(step, int(columns), int(rows)).translated(left, top))
        painter.restore()

    def expected_rect(self) -> QRectF:
        """The content rect a design being built will have: exactly when :meth:`expect` was told it (File >
        Open: the loader computes :func:`drawn_rect`, which scans every pod: 0.25 s on this thread at 150,000
        pods, too long a freeze); else roughly, its layout's positions (the items' top-left corners) padded
        for the items' sizes. Never smaller than what is already drawn."""
        layout = self.state.layout if self.state is not None else {}
        if not layout:
            return self.content_rect()
        state = self.state
        cached = self._drawn_rect
        exact = cached[2] if cached is not None and cached[0] is state and \
            cached[1] == (len(state), len(layout)) else None
        if exact is not None:
            return exact.united(self.content_rect()) if self.items_by_key else exact
        xs = [p[0] for p in layout.values()]
        ys = [p[1] for p in layout.values()]
        left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
        pad_x = max(EXPECTED_PAD[0], (right - left) * EXPECTED_PAD[2])
        pad_y = max(EXPECTED_PAD[1], (bottom - top) * EXPECTED_PAD[2])
        rect = QRectF(left - 80, top - 80, right - left + 80 + pad_x, bottom - top + 80 + pad_y)
        return rect.united(self.content_rect()) if self.items_by_key else rect

    def expect(self, cluster, rect, pods=None) -> None:
        """``rect`` is :func:`drawn_rect` of ``cluster`` as it is now, and ``pods`` its
        :func:`~explorer.ui.layout.scan_pods` (a loader thread made them), for its build, which must follow at
        once: the scene then does not scan 150,000 pods again."""
        self._drawn_rect = (cluster, (len(cluster), len(cluster.layout)), rect)
        self._pod_scan = (cluster, len(cluster), pods) if pods is not None else None

    def _take_pod_scan(self, state):
        """The scan :meth:`expect` handed over if it is of ``state`` (once: the design may change after)."""
        held, self._pod_scan = self._pod_scan, None
        return held[2] if held is not None and held[0] is state and held[1] == len(state) else None

    def content_rect(self) -> QRectF:
        rect = self.itemsBoundingRect()
        return rect.adjusted(-CONTENT_PAD, -CONTENT_PAD, CONTENT_PAD, CONTENT_PAD) if not rect.isNull() else \
            QRectF(0, 0, 800, 600)


CLIENT_ABOVE = 130.0    # from the top of the Internet's item to the top row of the diagram
ENTRY_TYPES = ("LoadBalancer", "NodePort")     # Services the internet reaches (a NodePort on every node's IP)


def is_entry(obj) -> bool:
    """Whether requests from the internet enter the cluster through ``obj``: a LoadBalancer or NodePort
    Service (the Internet's "enter" edges end there)."""
    return obj.kind == "Service" and obj.type in ENTRY_TYPES


def client_position(tops: list, entries: list = ()) -> QPointF:
    """Where the Internet goes, given the scene rects of the top-level items (pods and namespaces aside) and of
    the Services it enters through (``entries``, see :func:`is_entry`): above the whole diagram, centered over
    the entries, so its edges come down onto them instead of running along a row of cards; with no entry, left of
    the top row."""
    top = min(r.top() for r in tops)
    if entries:
        x = sum(r.center().x() for r in entries) / len(entries)
        return QPointF(round((x - CLIENT_BOUNDS.width() / 2) / 10) * 10.0, top - CLIENT_ABOVE)
    left = min(r.left() for r in tops if r.top() <= top + 40)
    return QPointF(left - 200, top)


def bus_geometry(node_rects: list) -> tuple[list, list]:
    """(bars, drops) of the network bus for nodes with these scene rects: a bar under each row of nodes,
    across all of them, and a drop from each node down to its row's bar."""
    rows: dict = {}
    for r in node_rects:
        rows.setdefault(round(r.top() / 60), []).append(r)
    left = min(r.left() for r in node_rects) - 30
    right = max(r.right() for r in node_rects) + 30
    bars, drops = [], []
    for _key, group in sorted(rows.items()):
        bottom = max(r.bottom() for r in group) + 44
        bars.append(QRectF(left, bottom, right - left, 26))
        drops += [(r.center().x(), r.bottom() - 3, bottom) for r in group]
    return bars, drops


def drawn_rect(cluster, counts: dict | None = None) -> QRectF | None:
    """The content rect (:meth:`DiagramScene.content_rect`) a design scene of ``cluster`` will have once it is
    built, from the layout alone: the cards and nodes (nodes sized by their pods; ``counts``:
    :func:`~explorer.ui.layout.pods_per_node` if known), the Internet and the network bus. None unless its pods
    are drawn as cells (more than :data:`COMPACT_PODS`) and every drawn object has a position. Plain values
    only: a loader thread may call it."""
    if cluster.count("Pod") <= COMPACT_PODS:
        return None
    counts = pods_per_node(cluster) if counts is None else counts
    layout = cluster.layout
    nodes, tops, entries = [], [], []
    rect = QRectF()
    for kind in DRAWN_KINDS:
        if kind == "Pod":
            continue
        bounds = None if kind == "Node" else card_bounds(kind)
        for obj in cluster.objects(kind):
            pos = layout.get(obj.key)
            if pos is None:
                return None
            x, y = pos
            if kind == "Node":
                w, h = node_size(counts.get(obj.name, 0), obj.is_control_plane)
                r = QRectF(x - 3, y - 3, w + 6, h + 6)
                nodes.append(r)
            else:
                r = bounds.translated(x, y)
            if kind != "Namespace":
                tops.append(r)
            if is_entry(obj):
                entries.append(r)
            rect = rect.united(r)
    if tops:
        rect = rect.united(CLIENT_BOUNDS.translated(client_position(tops, entries)))
    if nodes:
        rect = rect.united(NetworkBusItem.bounds_of(*bus_geometry(nodes)))
    if rect.isNull():
        return None
    return rect.adjusted(-CONTENT_PAD, -CONTENT_PAD, CONTENT_PAD, CONTENT_PAD)


__all__ = ["DiagramScene", "PALETTE_MIME", "BOX_W"]


GRID_DOTS_MAX = 60000   # at most this many dots in a grid pattern (a bigger area is cut short on the right)
_grid_patterns: dict = {}   # step -> (columns, rows, QPolygonF)


def grid_dots(step: int, columns: int, rows: int) -> QPolygonF:
    """The background's dots of a grid of at least ``columns`` x ``rows`` from (0, 0), ``step`` apart (the
    caller clips what reaches past its area). One pattern per step is kept and grown by a quarter more
    than asked when a bigger one is needed: making the points costs ~2 us each, drawing a clipped one a
    fraction of that, and a zoom asks for a new size at every notch."""
    held = _grid_patterns.get(step)
    if held is not None and held[0] >= columns and held[1] >= rows:
        return held[2]
    if held is not None:
        columns, rows = max(columns, held[0]), max(rows, held[1])
    rows = max(1, rows + rows // 4)
    columns = max(1, min(columns + columns // 4, GRID_DOTS_MAX // rows))
    ys = [j * step for j in range(rows)]
    dots = QPolygonF([QPointF(i * step, y) for i in range(columns) for y in ys])
    _grid_patterns[step] = (columns, rows, dots)
    return dots
