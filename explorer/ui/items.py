"""Graphics items of the diagram. Items only DRAW a model object; they never change the model.

Every item keeps ``key`` (the model ObjectKey) and ``obj`` (the object it draws). The scene
(:mod:`explorer.ui.scene`) creates, updates and removes them when the model (or the simulation state) changes.
Level of detail: below :data:`~explorer.ui.theme.LOD_TEXT` items draw a filled rectangle and no text.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyle

from explorer.ui import theme
from explorer.ui.layout import NOT_READY, drawn_phase

POD_W, POD_H = 132.0, 40.0
POD_GAP = 8.0
NODE_PAD = 10.0
NODE_HEADER_H = 56.0
CP_STRIP_H = 46.0
BOX_W, BOX_H = 210.0, 64.0
EDGE_FAR_LOD = theme.LOD_TEXT    # below this scale edges draw as plain hairlines (a dash would be a pixel or less)
PHASE_BARS_LOD = 0.12   # below this scale a node draws its pods as one bar per phase (see NodeItem.far_rects)
WHITE = QColor("#ffffff")
COMPONENTS = ("etcd", "kube-apiserver", "kube-scheduler", "kube-controller-manager")
COMPONENT_SHORT = {"etcd": "etcd", "kube-apiserver": "apiserver", "kube-scheduler": "scheduler",
                   "kube-controller-manager": "ctrl-mgr"}


def node_columns(pod_count: int) -> int:
    """How many pods a node draws side by side: two up to 12, then a near-square grid."""
    return 2 if pod_count <= 12 else max(2, math.ceil(math.sqrt(pod_count * 0.6)))


def node_size(pod_count: int, control_plane: bool) -> tuple[float, float]:
    """(width, height) of a node drawn with ``pod_count`` pods (static pods not counted): the one formula
    for the node item, the automatic layout and the rect a design being built will fill."""
    cols = node_columns(pod_count)
    rows = math.ceil(pod_count / cols)
    if rows == 0 and not control_plane:
        rows = 1    # room for the "drop a Pod here" hint
    top = NODE_HEADER_H + (CP_STRIP_H if control_plane else 0.0) + NODE_PAD
    return (cols * POD_W + (cols - 1) * POD_GAP + 2 * NODE_PAD,
            top + rows * (POD_H + POD_GAP) + (NODE_PAD if rows else -4))


NO_PEN = QPen(Qt.NoPen)


def tr(text: str) -> str:
    return QCoreApplication.translate("Diagram", text)


def lod_of(painter, option) -> float:
    return option.levelOfDetailFromTransform(painter.worldTransform())


def elide(text: str, fnt, width: float) -> str:
    return QFontMetricsF(fnt).elidedText(text, Qt.ElideRight, width)


class DiagramItem(QGraphicsRectItem):
    """Base of every object item: remembers the key and object; selectable; hover tooltips.

    Its bounding rect is its rect (:data:`BOUNDS` unless a subclass sets another; no pen, so nothing is added
    around it) and ``paint`` is the subclass's. Qt asks for an item's bounding rect two or three times on
    every repaint that shows it: answered in C++ rather than by a Python override, that saves ~11 ms of a
    full-view repaint of 5,000 nodes. Subclasses call ``setRect`` when their size changes and never override
    ``boundingRect``."""

    BOUNDS = QRectF()
    movable_in_design = True
    far_look = False    # drawn as seen from far whatever the zoom (its cached picture is scaled: item_cache.py)
    far_drawn = False   # the far layer draws it for the screen (it has ItemHasNoContents meanwhile: far_layer.py)
    far_memo = None     # the far layer's rectangles for it, until it moves or its look changes (far_layer.py)
    painting_image = False  # being painted into an exported image (image_export.py), not for the screen

    def __init__(self, obj, parent=None):
        super().__init__(self.BOUNDS, parent)
        self.setPen(NO_PEN)
        self.key = obj.key
        self.obj = obj
        self.highlight = None      # QColor overlay (traffic path, heat)
        self.heat = None           # (count, drops) from a load run
        self.setFlag(QGraphicsItem.ItemIsSelectable, True)
        self.setAcceptHoverEvents(True)

    def set_object(self, obj) -> None:
        """Draw ``obj`` from now on. Items with a :meth:`drawn` signature repaint only when it changes: the
        simulator hands out new objects on every state, and a repaint invalidates the item's cached pixmap
        (thousands of nodes on a big cluster)."""
        before = self.drawn()
        self.obj = obj
        self.key = obj.key
        if before is None or self.drawn() != before:
            self.far_memo = None
            self.prepareGeometryChange()
            self.update()

    def drawn(self):
        """What the item shows of its object, as comparable data; None: always repaint on a new object."""
        return None

    def hoverEnterEvent(self, event):
        self.setToolTip(self.tooltip())     # computed lazily: big clusters have many items
        super().hoverEnterEvent(event)

    def tooltip(self) -> str:
        ns = f"{self.obj.namespace}/" if self.obj.namespace else ""
        return f"{self.obj.kind} {ns}{self.obj.name}"

    def far_rects(self) -> list:
        """The look from far: ``[(QColor, QRectF)]`` filled in turn, in item coordinates (also drawn by
        :class:`explorer.ui.far_layer.FarLayer`)."""
        return []

    def _paint_far(self, painter, rect: QRectF, selected: bool) -> None:
        """Paint :meth:`far_rects`, and the selection's outline around ``rect`` when ``selected``."""
        for fill, r in self.far_rects():
            painter.fillRect(r, fill)
        if selected:
            painter.setPen(self._selection_pen())
            painter.drawRect(rect)

    def _selection_pen(self) -> QPen:
        pen = QPen(theme.SELECTION, 2.5)
        pen.setCosmetic(True)
        return pen


class MovableItem(DiagramItem):
    """A top-level item the user drags. Snapping and edge updates are done by the scene during the drag
    (no itemChange override: a Python call per item change is too slow for big clusters)."""


_BOX_BOUNDS = QRectF(-3, -3, BOX_W + 6, BOX_H + 6)


class BoxItem(MovableItem):
    """A card: icon, name and a few detail lines (Deployments, Services, Ingresses, policies, namespaces...)."""

    BOUNDS = _BOX_BOUNDS

    def __init__(self, obj, parent=None):
        super().__init__(obj, parent)
        self.setZValue(2)

    def color(self) -> QColor:
        return theme.KIND_COLORS.get(self.obj.kind, theme.GENERIC_COLOR)

    def drawn(self):
        return (self.obj.kind, theme.icon_for(self.obj), self.title(), tuple(self.lines()))

    def title(self) -> str:
        return self.obj.name

    def lines(self) -> list[str]:
        return [f"{self.obj.kind} · {self.obj.namespace}" if self.obj.namespace else self.obj.kind]

    def far_rects(self) -> list:
        """The look from far (below :data:`theme.LOD_TEXT`): ``[(QColor, QRectF)]`` filled in turn, in item
        coordinates (also drawn by :class:`explorer.ui.far_layer.FarLayer`)."""
        return [(self.color(), QRectF(0, 0, BOX_W, BOX_H))]

    def paint(self, painter, option, widget=None):
        rect = QRectF(0, 0, BOX_W, BOX_H)
        color = self.color()
        selected = bool(option.state & QStyle.State_Selected)
        if self.far_look or lod_of(painter, option) < theme.LOD_TEXT:
            self._paint_far(painter, rect, selected)
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(theme.SELECTION, 2.5) if selected else QPen(color.darker(110), 1.2))
        painter.setBrush(QBrush(self.highlight or theme.NODE_FILL))
        painter.drawRoundedRect(rect, 7, 7)
        painter.setPen(Qt.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(QRectF(0, 0, 6, BOX_H), 3, 3)
        theme.svg_renderer(theme.icon_for(self.obj)).render(painter, QRectF(12, 10, 28, 28))
        painter.setPen(theme.INK)
        f = theme.font(9.5, True)
        painter.setFont(f)
        painter.drawText(QRectF(48, 6, BOX_W - 54, 18), Qt.AlignLeft | Qt.AlignVCenter,
                         elide(self.title(), f, BOX_W - 54))
        small = theme.font(7.5)
        painter.setFont(small)
        painter.setPen(theme.MUTED)
        for i, line in enumerate(self.lines()[:3]):
            painter.drawText(QRectF(48, 24 + i * 12.5, BOX_W - 54, 13), Qt.AlignLeft | Qt.AlignVCenter,
                             elide(line, small, BOX_W - 54))


class NamespaceItem(BoxItem):
    """A namespace as a small tag."""

    H = 34.0
    BOUNDS = QRectF(-3, -3, BOX_W * 0.7 + 6, H + 6)

    def far_rects(self) -> list:
        return [(self.color(), QRectF(0, 0, BOX_W * 0.7, self.H))]

    def paint(self, painter, option, widget=None):
        rect = QRectF(0, 0, BOX_W * 0.7, self.H)
        selected = bool(option.state & QStyle.State_Selected)
        color = self.color()
        if self.far_look or lod_of(painter, option) < theme.LOD_TEXT:
            self._paint_far(painter, rect, False)     # (a tag seen from far shows no selection outline)
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        pen = QPen(theme.SELECTION, 2.5) if selected else QPen(color, 1.2, Qt.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(rect, 6, 6)
        theme.svg_renderer("namespace").render(painter, QRectF(6, 5, 24, 24))
        f = theme.font(9, True)
        painter.setFont(f)
        painter.setPen(theme.INK)
        painter.drawText(QRectF(36, 0, rect.width() - 40, self.H), Qt.AlignLeft | Qt.AlignVCenter,
                         elide(self.obj.name, f, rect.width() - 40))


class DeploymentItem(BoxItem):
    def lines(self):
        d = self.obj
        images = ", ".join(c.get("image", "") for c in d.pod_spec.get("containers") or [])
        labels = ",".join(f"{k}={v}" for k, v in d.template_labels.items())
        first = tr("Deployment · {0} · {1} replicas").format(d.namespace, d.replicas)
        if "readyReplicas" in d.status or "replicas" in d.status:
            first = tr("Deployment · {0} · {1}/{2} ready").format(d.namespace, d.status.get("readyReplicas", 0),
                                                                 d.replicas)
        return [first, images, labels]


class ServiceItem(BoxItem):
    def lines(self):
        s = self.obj
        ports = ", ".join(f"{p.port}→{p.target_port}" + (f" :{p.node_port}" if p.node_port else "")
                          for p in s.ports)
        ip = s.cluster_ip or tr("ClusterIP assigned at run time")
        ext = s.external_ips
        sel = ",".join(f"{k}={v}" for k, v in s.selector.items()) or tr("(no selector)")
        return [f"Service {s.type} · {s.namespace}", f"{ip}  {ports}" + (f"  LB {ext[0]}" if ext else ""),
                tr("selector: {0}").format(sel)]


class IngressItem(BoxItem):
    def lines(self):
        ing = self.obj
        rules = "; ".join(f"{p.host or '*'}{p.path}→{p.service}" for p in ing.paths)
        if not rules and ing.default_backend:
            rules = tr("default backend → {0}").format(ing.default_backend[0])
        kind = tr("Ingress · class {0}").format(ing.ingress_class_name) if ing.ingress_class_name else \
            tr("Ingress · the default class")     # (no ingressClassName: the cluster's default IngressClass)
        return [kind, rules or tr("(no rules)")]


class PolicyItem(BoxItem):
    def lines(self):
        p = self.obj
        sel = ",".join(f"{k}={v}" for k, v in (p.pod_selector.get("matchLabels") or {}).items()) or tr("all pods")
        return [tr("NetworkPolicy · {0}").format(p.namespace), tr("applies to: {0}").format(sel),
                " + ".join(p.policy_types)]


class LinkHandle(QGraphicsRectItem):
    """The small round handle under a Service or Ingress: drag it onto a target to connect. Its bounding rect
    is its rect (answered in C++, see :class:`DiagramItem`). It draws nothing below
    :data:`~explorer.ui.theme.LOD_TEXT`, where the scene hides it (``DiagramScene.set_view_scale``): a
    thousand handles asked to paint nothing took a third of a full-view repaint of 5,000 nodes."""

    R = 7.0
    hidden_from_far = False     # hidden because the view is too far to draw it (images still show it)

    def __init__(self, parent):
        super().__init__(QRectF(-self.R - 1, -self.R - 1, 2 * self.R + 2, 2 * self.R + 2), parent)
        self.setPen(NO_PEN)

    def hide_from_far(self, hidden: bool) -> None:
        """Hide the handle because the view is too far for it to draw anything, or show it again."""
        self.hidden_from_far = hidden
        self.setVisible(not hidden)
        self.setPos(BOX_W - 16, BOX_H)
        self.setCursor(Qt.CrossCursor)
        self.setZValue(5)
        self.retranslate()

    def retranslate(self) -> None:
        """Tooltip in the current interface language."""
        if self.parentItem().obj.kind == "Service":
            self.setToolTip(tr("Drag onto a Deployment or Pod to make this Service select it"))
        else:
            self.setToolTip(tr("Drag onto a Service to add an Ingress rule that routes to it"))

    def paint(self, painter, option, widget=None):
        if lod_of(painter, option) < theme.LOD_TEXT:
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(self.parentItem().color().darker(120), 1.5))
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(QPointF(0, 0), self.R, self.R)
        painter.setPen(QPen(self.parentItem().color(), 2))
        painter.drawLine(QPointF(-3.5, 0), QPointF(3.5, 0))
        painter.drawLine(QPointF(0, -3.5), QPointF(0, 3.5))


def running_not_ready(p) -> bool:
    """A Running pod, not being deleted, whose Ready condition says False (or Unknown): what the node
    lifecycle controller does to the pods of a node that stopped answering, before it evicts them. A pod
    without a Ready condition (a design's pod as written) is not flagged."""
    return drawn_phase(p.raw) == NOT_READY


def phase_color(phase: str) -> QColor:
    """The fill of a pod drawn as a coloured cell or bar: ``phase`` is a drawn phase
    (:func:`~explorer.ui.layout.drawn_phase`)."""
    if phase == NOT_READY:
        return theme.NOT_READY_COLOR
    return theme.PHASE_COLORS.get(phase, theme.GENERIC_COLOR)


def pod_tooltip(p, phase: str | None = None) -> str:
    lines = [f"Pod {p.namespace}/{p.name}", tr("phase: {0}").format(phase or p.phase)]
    if phase in (None, "Running") and running_not_ready(p):
        lines.append(tr("not ready: its Ready condition is not True, so Services send it no traffic"))
    if p.pod_ip:
        lines.append(f"IP {p.pod_ip}")
    if p.node_name:
        lines.append(tr("node: {0}").format(p.node_name))
    return "\n".join(lines)


class PodItem(DiagramItem):
    """A pod: coloured by phase, with its name and IP. Inside its node when bound, free when Pending."""

    BOUNDS = QRectF(-2, -2, POD_W + 4, POD_H + 4)

    node_drawn = False  # its node draws its far look (it has ItemHasNoContents meanwhile: item_cache.py)
    _far_color = None   # far_color(), until the next update()

    def __init__(self, obj, parent=None):
        self.evicting = False
        self.moving = 0         # animations moving it (it draws itself meanwhile: item_cache.follow_node)
        super().__init__(obj, parent)
        self.setZValue(4)

    def update(self, *args) -> None:
        """Repaint (every change of its look calls this); a pod its node draws (``node_drawn``) repaints its
        node."""
        self._far_color = None
        super().update(*args)
        if self.node_drawn:
            parent = self.parentItem()
            if parent is not None:
                parent.update()

    def far_color(self) -> QColor:
        """The colour of its far look: a tint (traffic, load), else its drawn phase's colour. Kept until the
        next :meth:`update` (a node drawing its pods asks for each on every repaint of its picture)."""
        color = self._far_color
        if color is None:
            if self.highlight:
                color = self.highlight
            elif self.evicting:
                color = phase_color("Terminating")
            else:       # the same as not_ready() and phase() say, in one look at the object
                color = phase_color(drawn_phase(self.obj.raw))
            self._far_color = color
        return color

    @property
    def movable_in_design(self):
        return not self.obj.controller_owner

    def tooltip(self):
        return pod_tooltip(self.obj, self.phase())

    def drawn(self):
        """Name, phase, readiness, IP, bound or not: a simulated state's new pod object repaints only when one
        changed."""
        return self.obj.name, self.phase(), self.not_ready(), self.obj.pod_ip, bool(self.obj.node_name)

    def not_ready(self) -> bool:
        """Drawn as Running but not ready (:func:`running_not_ready`): a hollow status dot and "not ready"."""
        return not self.evicting and running_not_ready(self.obj)

    def phase(self) -> str:
        if self.evicting or self.obj.metadata.get("deletionTimestamp"):
            return "Terminating"
        return self.obj.phase


    def paint(self, painter, option, widget=None):
        rect = QRectF(0, 0, POD_W, POD_H)
        color = theme.PHASE_COLORS.get(self.phase(), theme.GENERIC_COLOR)
        selected = bool(option.state & QStyle.State_Selected)
        if self.far_look or lod_of(painter, option) < theme.LOD_TEXT:
            painter.fillRect(rect, self.far_color())
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        fill = QColor(color)
        fill.setAlpha(40)
        if self.highlight is not None:
            fill = self.highlight
        pen = QPen(theme.SELECTION, 2.5) if selected else QPen(color.darker(115), 1.3)
        if not self.obj.node_name:
            pen.setStyle(Qt.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(rect, 6, 6)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 6, 6)
        not_ready = self.not_ready()
        if not_ready:       # a ring: Running, but the Ready condition is not True
            painter.setPen(QPen(color, 1.6))
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(QPointF(10, 12), 3.2, 3.2)
        else:
            painter.setPen(Qt.NoPen)
            painter.setBrush(color)
            painter.drawEllipse(QPointF(10, 12), 4, 4)
        f = theme.font(7.5, True)
        painter.setFont(f)
        painter.setPen(theme.INK)
        painter.drawText(QRectF(18, 3, POD_W - 22, 16), Qt.AlignLeft | Qt.AlignVCenter,
                         QFontMetricsF(f).elidedText(self.obj.name, Qt.ElideMiddle, POD_W - 22))
        small = theme.font(7, mono=True)
        painter.setFont(small)
        painter.setPen(theme.MUTED)
        second = self.obj.pod_ip or self.phase()
        if not_ready:
            second = tr("not ready · {0}").format(second)
        if self.heat is not None:
            count, drops = self.heat
            second = tr("{0} req · {1} drop").format(count, drops)
        painter.drawText(QRectF(8, 20, POD_W - 12, 16), Qt.AlignLeft | Qt.AlignVCenter, elide(second, small,
                                                                                             POD_W - 12))


def _cell_look(pod) -> tuple:
    """What a compact-mode cell shows of a pod: name, drawn phase (:func:`~explorer.ui.layout.drawn_phase`:
    terminating and not ready included), IP."""
    raw = pod.raw
    return raw["metadata"].get("name"), drawn_phase(raw), (raw.get("status") or {}).get("podIP")


def _cells_look(pods) -> list:
    """What compact-mode cells show of these pods: name, drawn phase, IP."""
    return [_cell_look(p) for p in pods]


def cells_look_same(old, new) -> bool:
    """Whether cells of ``old`` and ``new`` (pod lists) look the same. The same pod object (the model is
    immutable) is not looked at; the first difference ends the comparison (a big cluster's first simulated
    state differs from the design in every pod)."""
    if len(old) != len(new):
        return False
    for a, b in zip(old, new):
        if a is not b and _cell_look(a) != _cell_look(b):
            return False
    return True


class NodeItem(MovableItem):
    """A node as a container: header (name, role, IP, zone, capacity), control-plane strip, pods in a grid."""

    def __init__(self, obj, parent=None):
        self.pods: list[PodItem] = []
        self._pods_far = None           # [(QColor, [QRectF])]: the far look of the pods it draws (see below)
        self.cells = None               # compact mode (big clusters): pod objects drawn by the node itself
        self._phase_counts: dict | None = None   # see phase_counts
        self.components: dict = {}      # component -> bool (healthy), control-plane nodes only
        self.quorum: tuple | None = None  # (healthy members, total members, has quorum)
        self._size = (2 * POD_W + POD_GAP + 2 * NODE_PAD, 130.0)
        super().__init__(obj, parent)
        self.setRect(QRectF(-3, -3, self._size[0] + 6, self._size[1] + 6))
        self.setZValue(1)

    def tooltip(self):
        n = self.obj
        role = tr("control-plane node") if n.is_control_plane else tr("worker node")
        alloc = n.allocatable
        lines = [f"Node {n.name} ({role})", f"IP {n.internal_ip or '-'}  zone {n.zone or '-'}",
                 tr("allocatable: {0}m CPU, {1} MiB, {2} pods").format(alloc["cpu"], alloc["memory"] // 2**20,
                                                                      alloc["pods"])]
        if n.taints:
            lines.append(tr("taints: {0}").format(", ".join(str(t) for t in n.taints)))
        return "\n".join(lines)

    def drawn(self):
        n = self.obj
        alloc = n.allocatable
        return (n.name, n.ready, n.unschedulable, n.is_control_plane, n.zone, alloc["cpu"], alloc["memory"],
                n.internal_ip, n.pod_cidr, theme.icon_for(n))

    def set_cells_if_changed(self, pods, counts: dict | None = None) -> bool:
        """Like :meth:`set_cells` but without a repaint when the cells would look the same (same names,
        drawn phases and IPs in the same order). Returns whether the node was repainted."""
        old = self.cells
        if old is not None and cells_look_same(old, pods):
            self.cells = pods       # new objects, same picture: tooltips read the new ones
            return False
        self.set_cells(pods, counts)
        return True

    def pod_count(self) -> int:
        return len(self.cells) if self.cells is not None else len(self.pods)

    def set_cells(self, pods, counts: dict | None = None) -> None:
        """Compact mode: draw these pod objects as cells (no PodItem per pod). None leaves compact mode.
        ``counts`` ({drawn phase: n}, see :meth:`phase_counts`) may be given by a caller that already walked
        the pods."""
        self.cells = pods
        self.far_memo = None
        self._phase_counts = counts
        self.relayout()
        self.update()

    def phase_counts(self) -> dict:
        """{drawn phase: number of cells} (:func:`~explorer.ui.layout.drawn_phase`): as :meth:`set_cells` was
        given them, else counted when first asked (only the far look needs them)."""
        if self._phase_counts is None:
            counts: dict = {}
            for p in self.cells or ():
                phase = drawn_phase(p.raw)
                counts[phase] = counts.get(phase, 0) + 1
            self._phase_counts = counts
        return self._phase_counts

    def cell_at(self, pos: QPointF):
        """The pod object drawn at item position ``pos`` in compact mode, or None."""
        if not self.cells:
            return None
        cols = self.columns()
        c = int((pos.x() - NODE_PAD) // (POD_W + POD_GAP))
        r = int((pos.y() - self.content_top()) // (POD_H + POD_GAP))
        if pos.y() < self.content_top() or not 0 <= c < cols:
            return None
        i = r * cols + c
        return self.cells[i] if 0 <= i < len(self.cells) else None

    def hoverMoveEvent(self, event):
        pod = self.cell_at(event.pos()) if self.cells else None
        if pod is not None:
            self.setToolTip(pod_tooltip(pod))
        elif self.cells is not None:
            self.setToolTip(self.tooltip())
        super().hoverMoveEvent(event)

    def columns(self) -> int:
        return node_columns(self.pod_count())

    def content_top(self) -> float:
        return NODE_HEADER_H + (CP_STRIP_H if self.obj.is_control_plane else 0.0) + NODE_PAD

    def slot(self, index: int) -> QPointF:
        cols = self.columns()
        r, c = divmod(index, cols)
        return QPointF(NODE_PAD + c * (POD_W + POD_GAP), self.content_top() + r * (POD_H + POD_GAP))

    def relayout(self) -> None:
        """Recompute the size from the pod count (pods are placed by the scene, possibly animated)."""
        w, h = node_size(self.pod_count(), self.obj.is_control_plane)
        if (w, h) != self._size:
            self._size = (w, h)
            self.far_memo = None
            self.setRect(QRectF(-3, -3, w + 6, h + 6))     # (a geometry change)

    def size(self):
        return self._size

    def header_color(self) -> QColor:
        n = self.obj
        if not n.ready:
            return theme.NODE_DOWN
        if n.unschedulable:
            return theme.NODE_CORDONED
        return theme.CONTROL_PLANE_HEADER if n.is_control_plane else theme.NODE_HEADER

    def status_text(self) -> str:
        n = self.obj
        if not n.ready:
            return tr("NotReady")
        if n.unschedulable:
            return tr("Ready, SchedulingDisabled")
        return tr("Ready")

    def paint(self, painter, option, widget=None):
        w, h = self._size
        rect = QRectF(0, 0, w, h)
        head = self.header_color()
        selected = bool(option.state & QStyle.State_Selected)
        lod = lod_of(painter, option)
        if lod < PHASE_BARS_LOD:
            self._paint_far(painter, rect, selected)
            self._paint_pods_far(painter)
            return
        if lod < theme.LOD_TEXT:
            painter.fillRect(rect, WHITE)
            painter.fillRect(QRectF(0, 0, w, NODE_HEADER_H), head)
            if self.cells:
                self._paint_cells(painter, lod)
            if selected:
                painter.setPen(self._selection_pen())
                painter.drawRect(rect)
            self._paint_pods_far(painter)
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(theme.SELECTION, 3) if selected else QPen(head.darker(115), 1.5))
        painter.setBrush(QColor("#ffffff") if self.obj.ready else QColor("#fdeceb"))
        painter.drawRoundedRect(rect, 9, 9)
        path = QPainterPath()
        path.setFillRule(Qt.WindingFill)
        path.addRoundedRect(QRectF(0, 0, w, NODE_HEADER_H), 9, 9)
        path.addRect(QRectF(0, NODE_HEADER_H - 10, w, 10))
        painter.fillPath(path.simplified(), head)
        theme.svg_renderer(theme.icon_for(self.obj)).render(painter, QRectF(8, 8, 34, 34))
        painter.setPen(QColor("#ffffff"))
        f = theme.font(10.5, True)
        painter.setFont(f)
        painter.drawText(QRectF(48, 4, w - 56, 20), Qt.AlignLeft | Qt.AlignVCenter, elide(self.obj.name, f, w - 56))
        small = theme.font(7.5)
        painter.setFont(small)
        role = tr("control plane") if self.obj.is_control_plane else tr("worker")
        alloc = self.obj.allocatable
        line1 = f"{role} · {self.status_text()}" + (f" · {self.obj.zone}" if self.obj.zone else "") + \
            f" · {alloc['cpu'] / 1000:g} CPU · {alloc['memory'] / 2**30:g} GiB"
        line2 = f"{self.obj.internal_ip or '—'}" + (f" · pods {self.obj.pod_cidr}" if self.obj.pod_cidr else "")
        painter.drawText(QRectF(48, 23, w - 56, 14), Qt.AlignLeft | Qt.AlignVCenter, elide(line1, small, w - 56))
        mono = theme.font(7, mono=True)
        painter.setFont(mono)
        painter.drawText(QRectF(48, 38, w - 56, 14), Qt.AlignLeft | Qt.AlignVCenter, elide(line2, mono, w - 56))
        if self.obj.is_control_plane:
            self._paint_components(painter, w)
        if self.cells:
            self._paint_cells(painter, lod)
        if not self.pod_count() and not self.obj.is_control_plane:
            painter.setPen(theme.MUTED)
            painter.setFont(theme.font(8))
            painter.drawText(QRectF(0, NODE_HEADER_H, w, h - NODE_HEADER_H), Qt.AlignCenter,
                             tr("no pods yet\ndrop a Pod here to pin it"))
        self._paint_pods_far(painter)     # (until a zoom's cache switch gives them back their own look)

    def _paint_pods_far(self, painter) -> None:
        """The far look of the pods this node draws for them (``PodItem.node_drawn``, see item_cache.py): a
        far view repaints one node picture when pods change, not a picture per pod. Not in exported images,
        where each pod paints itself at the image's scale."""
        if self.painting_image:
            return
        groups = self._pods_far
        if groups is None:      # gathered once until it or one of them changes (a zoom repaints every node)
            by_color: dict = {}
            for pod in self.pods:
                if pod.node_drawn and pod.parentItem() is self:
                    color = pod.far_color()
                    entry = by_color.get(color.rgba())
                    if entry is None:
                        by_color[color.rgba()] = entry = (color, [])
                    p = pod.pos()
                    entry[1].append(QRectF(p.x(), p.y(), POD_W, POD_H))
            self._pods_far = groups = list(by_color.values())
        painter.setPen(Qt.NoPen)
        for color, rects in groups:
            painter.setBrush(color)
            painter.drawRects(rects)

    def update(self, *args) -> None:
        """Repaint (every change of its look, its size or its pods' places calls this)."""
        self._pods_far = None
        super().update(*args)

    def far_rects(self) -> list:
        """The look from very far (below :data:`PHASE_BARS_LOD`): ``[(QColor, QRectF)]`` filled in turn, in
        item coordinates: the body, the header and, in compact mode, one bar per pod phase (a node-sized
        summary of its cells). Also drawn by :class:`explorer.ui.far_layer.FarLayer`."""
        w, h = self._size
        out = [(WHITE, QRectF(0, 0, w, h)), (self.header_color(), QRectF(0, 0, w, NODE_HEADER_H))]
        if self.cells:
            top = self.content_top()
            counts = self.phase_counts()
            total = sum(counts.values()) or 1
            x = NODE_PAD
            width = w - 2 * NODE_PAD
            for phase, count in sorted(counts.items()):
                part = width * count / total
                out.append((phase_color(phase),
                            QRectF(x, top, part, h - top - NODE_PAD)))
                x += part
        return out

    def _paint_cells(self, painter, lod: float) -> None:
        """Compact mode, from :data:`PHASE_BARS_LOD` on: pods as cells (with their names and IPs from
        :data:`theme.LOD_TEXT` on)."""
        text = lod >= theme.LOD_TEXT
        f = theme.font(7.5, True)
        mono = theme.font(7, mono=True)
        for i, pod in enumerate(self.cells):
            r = QRectF(self.slot(i), QPointF(self.slot(i).x() + POD_W, self.slot(i).y() + POD_H))
            look = drawn_phase(pod.raw)
            if not text:
                painter.fillRect(r, phase_color(look))
                continue
            not_ready = look == NOT_READY
            color = theme.PHASE_COLORS["Running"] if not_ready else phase_color(look)
            fill = QColor(color)
            fill.setAlpha(40)
            pen = QPen(color.darker(115), 1.2)
            if not_ready:
                pen.setStyle(Qt.DotLine)
            painter.setPen(pen)
            painter.setBrush(fill)
            painter.drawRoundedRect(r, 6, 6)
            painter.setFont(f)
            painter.setPen(theme.INK)
            painter.drawText(r.adjusted(8, 2, -4, -20), Qt.AlignLeft | Qt.AlignVCenter,
                             QFontMetricsF(f).elidedText(pod.name, Qt.ElideMiddle, POD_W - 12))
            painter.setFont(mono)
            painter.setPen(theme.MUTED)
            second = pod.pod_ip or ("Running" if not_ready else look)
            if not_ready:
                second = elide(tr("not ready · {0}").format(second), mono, POD_W - 12)
            painter.drawText(r.adjusted(8, 20, -4, -2), Qt.AlignLeft | Qt.AlignVCenter, second)

    def _paint_components(self, painter, w):
        top = NODE_HEADER_H + 6
        cw = (w - 2 * NODE_PAD - 3 * 4) / 4
        f = theme.font(6.8, True)
        painter.setFont(f)
        for i, comp in enumerate(COMPONENTS):
            ok = self.components.get(comp)
            if ok is None:
                fill, txt = QColor("#e9edf3"), theme.MUTED
            elif ok:
                fill, txt = QColor("#dff3e8"), QColor("#1e6e49")
            else:
                fill, txt = QColor("#fbdedb"), QColor("#a02a1e")
            r = QRectF(NODE_PAD + i * (cw + 4), top, cw, 20)
            painter.setPen(QPen(txt, 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(r, 4, 4)
            painter.drawText(r, Qt.AlignCenter, COMPONENT_SHORT[comp])
        if self.quorum is not None:
            healthy, total, ok = self.quorum
            painter.setFont(theme.font(7.2))
            painter.setPen(QColor("#1e6e49") if ok else QColor("#a02a1e"))
            text = (tr("etcd quorum OK: {0}/{1} members healthy") if ok
                    else tr("etcd quorum LOST: {0}/{1} members healthy")).format(healthy, total)
            painter.drawText(QRectF(NODE_PAD, top + 22, w - 2 * NODE_PAD, 14), Qt.AlignLeft | Qt.AlignVCenter,
                             text)


class ClientItem(QGraphicsItem):
    """The outside world (the internet): where requests from external clients start."""

    def __init__(self):
        super().__init__()
        self.setZValue(2)
        self.retranslate()

    def retranslate(self) -> None:
        """Tooltip in the current interface language (the painted label is translated at paint time)."""
        self.setToolTip(tr("External client: requests from the internet enter through LoadBalancer and "
                           "NodePort Services, usually via an Ingress controller"))

    def boundingRect(self):
        return CLIENT_BOUNDS

    def paint(self, painter, option, widget=None):
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor("#34495e"), 1.2, Qt.DashLine))
        painter.setBrush(QColor("#eef1f5"))
        painter.drawRoundedRect(QRectF(0, 0, 140, 48), 24, 24)
        theme.svg_renderer("external-client").render(painter, QRectF(8, 8, 32, 32))
        if lod_of(painter, option) >= theme.LOD_TEXT:
            painter.setPen(theme.INK)
            painter.setFont(theme.font(9, True))
            painter.drawText(QRectF(46, 0, 90, 48), Qt.AlignVCenter | Qt.AlignLeft, tr("Internet"))


_NO_BOUNDS = QRectF()


class EdgeItem(QGraphicsItem):
    """A directed curve from one item to another: ``select`` (Service→workload), ``route`` (Ingress→Service),
    ``own`` (Deployment→pod), ``enter`` (client→LoadBalancer Service) or ``policy`` (NetworkPolicy→the
    Deployments whose pods it selects)."""

    STYLES = {"select": ("#d9822b", Qt.SolidLine, 1.6), "route": ("#1b8a3a", Qt.SolidLine, 1.8),
              "own": ("#b9a3e3", Qt.DotLine, 1.0), "enter": ("#34495e", Qt.DashLine, 1.4),
              "policy": ("#c0392b", Qt.DashDotLine, 1.3)}

    def __init__(self, src, dst, kind, shown: bool = True):
        """``shown``: False makes a hidden edge whose curve is worked out only when it is needed (shown, drawn
        by the bundle, measured: :meth:`path`, :meth:`bounds`), from where its ends are then: a 5,000-node
        design seen whole hides its 3,500 edges, and their curves cost ~0.1 s of its first frame."""
        super().__init__()
        self.src, self.dst, self.kind = src, dst, kind
        self.setAcceptedMouseButtons(Qt.NoButton)
        self._ends = None           # the end items' scene rectangles the curve was computed from
        self._active = False
        self._emphasized = False
        self.bundled = False        # drawn by the scene's EdgeBundleItem (hidden unless active or emphasized)
        self._path = None           # None: no curve yet (a hidden edge's, see above); boundingRect is empty
        self._bounds = _NO_BOUNDS
        if shown:
            self._compute()
        else:
            self.setVisible(False)

    @property
    def pending(self) -> bool:
        """Hidden since it was made, its curve not worked out yet."""
        return self._path is None

    def ensure(self) -> None:
        """Work out the curve of a :attr:`pending` edge (nothing for the others)."""
        if self._path is None:
            self._compute()

    def path(self) -> QPainterPath:
        """The curve, in scene coordinates (worked out first if :attr:`pending`)."""
        self.ensure()
        return self._path

    def bounds(self) -> QRectF:
        """What the curve and its arrow cover (worked out first if :attr:`pending`); :meth:`boundingRect`
        is empty meanwhile (a hidden item draws nothing)."""
        self.ensure()
        return self._bounds

    @property
    def active(self) -> bool:
        """On the path of a traced request (drawn red and thick, also when the other edges are bundled)."""
        return self._active

    @active.setter
    def active(self, value: bool) -> None:
        self._active = bool(value)
        self._follow_bundle()

    @property
    def emphasized(self) -> bool:
        """An edge of a selected item: drawn on its own, in its colour, also when the other edges are
        bundled (and washed out)."""
        return self._emphasized

    @emphasized.setter
    def emphasized(self, value: bool) -> None:
        self._emphasized = bool(value)
        self._follow_bundle()

    def drawn_alone(self) -> bool:
        """Whether this edge is drawn by itself while the bundle draws the others."""
        return self._active or self._emphasized

    @property
    def only_for_selection(self) -> bool:
        """Drawn by itself only because an end of it is selected (else the bundle draws it): an image, which
        shows no selection, leaves it to the bundle."""
        return self.bundled and self._emphasized and not self._active

    def paint_for_image(self, painter, option) -> None:
        """:meth:`paint` without the selection's emphasis: an image shows no selection."""
        emphasized, self._emphasized = self._emphasized, False
        try:
            self.paint(painter, option)
        finally:
            self._emphasized = emphasized

    def _follow_bundle(self) -> None:
        if self.bundled and self.isVisible() != self.drawn_alone():
            self.ensure()
            self.setVisible(self.drawn_alone())

    def refresh(self) -> bool:
        """Follow the end items. Only when one of their scene rectangles changed is the curve recomputed
        (``prepareGeometryChange`` re-indexes the edge in the scene: ~0.5 ms on a big scene, and a simulation
        state touches thousands of edges whose ends did not move). Returns whether the curve changed. A
        :attr:`pending` edge stays so (its curve will follow the ends as they are when it is needed)."""
        if self._path is None:
            return False
        return self._compute()

    def _compute(self) -> bool:
        a = self.src.sceneBoundingRect()
        b = self.dst.sceneBoundingRect()
        if self._ends is not None and self._ends[0] == a and self._ends[1] == b:
            return False
        self._ends = (a, b)
        if a.center().y() <= b.center().y():
            p1, p2 = QPointF(a.center().x(), a.bottom() - 3), QPointF(b.center().x(), b.top() + 3)
        else:
            p1, p2 = QPointF(a.center().x(), a.top() + 3), QPointF(b.center().x(), b.bottom() - 3)
        dy = (p2.y() - p1.y()) * 0.5
        path = QPainterPath(p1)
        path.cubicTo(QPointF(p1.x(), p1.y() + dy), QPointF(p2.x(), p2.y() - dy), p2)
        self.prepareGeometryChange()
        self._path = path
        self._bounds = path.boundingRect().adjusted(-8, -8, 8, 8)   # Qt asks for it many times per repaint
        self._end = p2
        self._end_dir = p2 - _curve_point(p1, dy, p2, 0.97)
        return True

    def boundingRect(self):
        return self._bounds

    def paint(self, painter, option, widget=None):
        color, style, width = self.STYLES[self.kind]
        c = QColor(color)
        if self.active:
            c, width = QColor("#e74c3c"), width + 2
        elif self._emphasized:
            width += 1
        lod = lod_of(painter, option)
        far = lod < EDGE_FAR_LOD
        if far:
            # seen from far a dash would be a pixel or less: a dashed curve became thousands of tiny dashes
            # (~0.3 ms per edge, seconds per repaint with thousands of edges); a plain hairline looks the same
            style = Qt.SolidLine
        painter.setRenderHint(painter.RenderHint.Antialiasing, not far)
        pen = QPen(c, width, style)
        pen.setCosmetic(width < 1.5 or far)
        if far:
            pen.setWidthF(2.0 if self.drawn_alone() else 1.0)
        painter.setPen(pen)
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(self.path())
        if self.kind != "own" and lod >= 0.2:
            d = self._end_dir
            length = math.hypot(d.x(), d.y()) or 1.0
            ux, uy = d.x() / length, d.y() / length
            tip = self._end
            left = QPointF(tip.x() - 9 * ux + 4.5 * uy, tip.y() - 9 * uy - 4.5 * ux)
            right = QPointF(tip.x() - 9 * ux - 4.5 * uy, tip.y() - 9 * uy + 4.5 * ux)
            painter.setPen(Qt.NoPen)
            painter.setBrush(c)
            painter.drawPolygon(QPolygonF([tip, left, right]))


def _curve_point(p1: QPointF, dy: float, p2: QPointF, t: float) -> QPointF:
    """The point at parameter ``t`` of the cubic from ``p1`` to ``p2`` with control points ``dy`` below ``p1``
    and above ``p2`` (:meth:`EdgeItem.refresh`'s curve): what ``QPainterPath.pointAtPercent(t)`` returns for
    that one-curve path, without the path's length that it computes first (~30 us an edge)."""
    u = 1.0 - t
    a, b, c, d = u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t
    return QPointF((a + b) * p1.x() + (c + d) * p2.x(),
                   a * p1.y() + b * (p1.y() + dy) + c * (p2.y() - dy) + d * p2.y())


EXPORT_PART_EDGES = 150     # edges per piece of an exported image (EdgeBundleItem.export_parts)


BUNDLE_STRENGTH = 0.4     # how much of an edge's colour the bundle keeps, the rest the canvas's background


def washed(color: str, strength: float = BUNDLE_STRENGTH) -> QColor:
    """``color`` mixed with the canvas background, opaque: the bundle draws thousands of edges, and at full
    strength they covered the cards of a big design (1,000 NetworkPolicies' edges made a solid red wall at
    30 %); washed out they stay a light haze the cards stand out of. Opaque, so painting the bundle in parts
    (an image export) gives the same pixels as painting it whole."""
    c, bg = QColor(color), theme.BACKGROUND
    return QColor(round(bg.red() + (c.red() - bg.red()) * strength),
                  round(bg.green() + (c.green() - bg.green()) * strength),
                  round(bg.blue() + (c.blue() - bg.blue()) * strength))


class EdgeBundleItem(QGraphicsItem):
    """Many edges seen from far, drawn as one hairline path per edge colour. A view of a scene with thousands
    of edges (per-pod edges, policies) spent ~50 µs per edge item per repaint on the item alone (traversal, a
    Python ``paint``); the scene hides the edge items and shows this instead (see ``DiagramScene``)."""

    def __init__(self):
        super().__init__()
        self.setZValue(-0.5)
        self.setAcceptedMouseButtons(Qt.NoButton)
        # Stroking thousands of curves costs ~30 ms a frame (1,500 pods' edges); a repaint that does not
        # change the zoom (a step, a selection, a scroll) blits the cached pixmap of what is visible instead.
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self._paths: list = []      # [(QColor, QPainterPath)]
        self._bounds = QRectF()
        self.count = 0

    def set_edges(self, edges) -> None:
        """Draw these :class:`EdgeItem` curves from now on."""
        paths: dict = {}
        self._edge_paths = []       # (colour, curve): export_parts sorts them, only when an image is exported
        for edge in edges:
            color = edge.STYLES[edge.kind][0]
            path = paths.get(color)
            if path is None:
                path = paths[color] = QPainterPath()
            curve = edge.path()
            path.addPath(curve)
            self._edge_paths.append((color, curve))
        self.prepareGeometryChange()
        self._paths = [(washed(color), path) for color, path in sorted(paths.items())]
        bounds = QRectF()
        for _color, path in self._paths:
            bounds = bounds.united(path.boundingRect())
        self._bounds = bounds.adjusted(-2, -2, 2, 2) if not bounds.isNull() else QRectF()
        self.count = len(edges)
        self.update()

    def boundingRect(self):
        return self._bounds

    def paint(self, painter, option, widget=None):
        for color, path in self._paths:
            self._draw(painter, color, path)

    @staticmethod
    def _draw(painter, color, path) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing, False)
        painter.setBrush(Qt.NoBrush)
        pen = QPen(color, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawPath(path)

    def export_parts(self) -> list:
        """:meth:`paint` in parts of at most :data:`EXPORT_PART_EDGES` edges, for an image painted a piece at a
        time (explorer/ui/image_export.py): stroking every edge of a big design at an image's scale takes
        most of a second. Painted in order, the parts make the same pixels (opaque colours, no antialiasing,
        the colours in paint's order). Each part is ``part(painter)``."""
        parts = []
        edges = sorted(getattr(self, "_edge_paths", []), key=lambda e: e[0])     # paint's colour order
        for start in range(0, len(edges), EXPORT_PART_EDGES):
            chunk = edges[start:start + EXPORT_PART_EDGES]
            for color in sorted({c for c, _p in chunk}):
                path = QPainterPath()
                for c, edge_path in chunk:
                    if c == color:
                        path.addPath(edge_path)
                parts.append(lambda painter, c=washed(color), p=path: self._draw(painter, c, p))
        return parts


class NetworkBusItem(QGraphicsItem):
    """The cluster network: a bar under each row of nodes that every node plugs into, joined by a trunk."""

    def __init__(self):
        super().__init__()
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.NoButton)
        self._bars: list[QRectF] = []
        self._drops: list[tuple[float, float, float]] = []  # (x, node bottom y, bar top y)
        self._bounds = QRectF()
        self._drops_path = QPainterPath()
        self.label = ""
        self.setFlag(QGraphicsItem.ItemUsesExtendedStyleOption, True)   # exposedRect: draw only what shows
        self.retranslate()

    def retranslate(self) -> None:
        """Tooltip in the current interface language (the scene sets the label again)."""
        self.setToolTip(tr("The cluster network: every pod gets an IP from its node's slice of the pod CIDR "
                           "and can reach every other pod directly, across nodes, without NAT"))

    def set_geometry(self, bars, drops, label: str) -> None:
        self.prepareGeometryChange()
        self._bars = list(bars)
        self._drops = list(drops)
        self.label = label
        self._bounds = self.bounds_of(self._bars, self._drops)
        drops_path = QPainterPath()     # one path: a big cluster has thousands of drops, drawn in one call
        for x, y, top in self._drops:
            drops_path.moveTo(x, y)
            drops_path.lineTo(x, top)
        self._drops_path = drops_path
        self.update()

    @staticmethod
    def bounds_of(bars, drops) -> QRectF:
        """The bounding rect of the bus drawn with these bars and drops (see :meth:`set_geometry`)."""
        r = QRectF()
        for bar in bars:
            r = r.united(bar)
        for x, y, _top in drops:
            r = r.united(QRectF(x - 5, y, 10, 1))
        return r.adjusted(-6, -6, 6, 6) if not r.isNull() else QRectF()

    def bars(self) -> list:
        return list(self._bars)

    def boundingRect(self):
        return self._bounds

    def paint(self, painter, option, widget=None):
        if not self._bars:
            return
        detailed = lod_of(painter, option) >= theme.LOD_TEXT * 0.6
        painter.setRenderHint(painter.RenderHint.Antialiasing, detailed)
        pen = QPen(theme.NETWORK, 3)
        painter.setPen(pen)
        painter.setBrush(theme.NETWORK)
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(self._drops_path)
        painter.setBrush(theme.NETWORK)
        if detailed:
            exposed = option.exposedRect.adjusted(-6, -6, 6, 6)
            left, right, top_e, bottom_e = exposed.left(), exposed.right(), exposed.top(), exposed.bottom()
            for x, y, top in self._drops:
                if left <= x <= right and top_e <= top <= bottom_e:
                    painter.drawEllipse(QPointF(x, top), 4, 4)
        if len(self._bars) > 1:
            x = self._bars[0].left() + 13
            painter.drawLine(QPointF(x, self._bars[0].center().y()), QPointF(x, self._bars[-1].center().y()))
        painter.setPen(Qt.NoPen)
        for bar in self._bars:
            painter.drawRoundedRect(bar, bar.height() / 2, bar.height() / 2)
        if detailed:
            painter.setPen(QColor("#ffffff"))
            painter.setFont(theme.font(8.5, True))
            painter.drawText(self._bars[0], Qt.AlignCenter, self.label)


class PacketItem(QGraphicsItem):
    """The animated request travelling hop by hop."""

    def __init__(self):
        super().__init__()
        self.setZValue(50)
        self.setAcceptedMouseButtons(Qt.NoButton)

    def boundingRect(self):
        return QRectF(-11, -11, 22, 22)

    def paint(self, painter, option, widget=None):
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor("#ffffff"), 2))
        painter.setBrush(QColor("#e74c3c"))
        painter.drawEllipse(QPointF(0, 0), 8, 8)


class RubberLinkItem(QGraphicsItem):
    """The line drawn while dragging from a link handle."""

    def __init__(self, start: QPointF):
        super().__init__()
        self.start = start
        self.end = start
        self.setZValue(60)

    def set_end(self, p: QPointF):
        self.prepareGeometryChange()
        self.end = p

    def boundingRect(self):
        return QRectF(self.start, self.end).normalized().adjusted(-4, -4, 4, 4)

    def paint(self, painter, option, widget=None):
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(theme.SELECTION, 2, Qt.DashLine))
        painter.drawLine(self.start, self.end)


CLIENT_BOUNDS = QRectF(-2, -2, 144, 52)     # the Internet's item, in its own coordinates


def card_bounds(kind: str) -> QRectF:
    """The bounding rect, in its own coordinates, of the card drawn for an object of ``kind`` (not a Node or a
    Pod) together with its children: the link handle under a Service or an Ingress."""
    if kind == "Namespace":
        return QRectF(NamespaceItem.BOUNDS)
    if kind in ("Service", "Ingress"):
        r = LinkHandle.R + 1
        return _BOX_BOUNDS.united(QRectF(BOX_W - 16 - r, BOX_H - r, 2 * r, 2 * r))
    return QRectF(_BOX_BOUNDS)


def item_class_for(obj):
    """The item class that draws ``obj`` or None for kinds the diagram does not show."""
    return {"Node": NodeItem, "Pod": PodItem, "Deployment": DeploymentItem, "Service": ServiceItem,
            "Ingress": IngressItem, "NetworkPolicy": PolicyItem, "Namespace": NamespaceItem}.get(obj.kind)
