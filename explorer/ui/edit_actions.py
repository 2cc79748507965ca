"""Editing the design on the canvas for the main window: dropping palette items (a Pod dropped on a node is
pinned to it), linking (a Service to what it selects, an Ingress to a Service), delete, copy, paste and
duplicate (with what the objects own), rename in place, nudge, select all, auto-arrange, the canvas's context
menu, scaling a Deployment and the simulation's faults (stop a node, kill a pod...).

:class:`EditActions` belongs to the window (``window.edits``). Every change is one undoable command pushed
through ``window.push``; the scene only shows the model. The window keeps ``push``, undo/redo and
``require_design``, and its public entry points as delegates.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QMimeData, QObject, QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMenu

from explorer.model import Cluster
from explorer.model import builders as b
from explorer.model.commands import AddObjects, MoveObjects, RemoveObjects, ReplaceObject
from explorer.model.objects import from_dict
from explorer.ui import theme
from explorer.ui.edits import replace_command
from explorer.ui.items import tr as diagram_tr
from explorer.ui.layout import auto_layout
from explorer.ui.palette import objects_for

OBJECTS_MIME = "application/x-k8s-explorer-objects"     # our clipboard format (a JSON list of objects)


class EditActions(QObject):
    """Canvas editing for ``window`` (a :class:`explorer.ui.mainwindow.MainWindow`). ``rename_editor`` is the
    in-place editor of the last rename (None before any); ``context_menu_shown`` the last context menu."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._clipboard_fallback = None     # the copied objects when the system clipboard is not available
        self.rename_editor = None
        self.context_menu_shown = None
        self._fault_hint = None     # (the status bar's "now run the simulation" text, the time it was given at)
        window.sim.state_changed.connect(self._forget_fault_hint)

    def drop_palette_item(self, key: str, pos: QPointF, node_name: str = "") -> None:
        """Create the objects for palette entry ``key`` at ``pos`` (a pod dropped on a node is pinned)."""
        if key == "external-client":
            self.window.send_request_dialog()
            return
        if not self.window.require_design():
            return
        cluster = self.window.document.cluster
        try:
            objs = objects_for(key, cluster, node_name if key == "pod" else "")
        except Exception as exc:  # noqa: BLE001
            self.window.show_error(str(exc))
            return
        if not objs:
            return
        g = theme.GRID
        positions = {}
        first = objs[0]
        if not (first.kind == "Pod" and node_name):
            positions[first.key] = (round(pos.x() / g) * g, round(pos.y() / g) * g)
        extra = [o for o in objs[1:] if o.kind in ("Deployment", "Service", "Namespace")]
        for i, o in enumerate(extra):
            positions[o.key] = (positions.get(first.key, (pos.x(), pos.y()))[0] + 230 * (i + 1),
                                positions.get(first.key, (pos.x(), pos.y()))[1] - 130)
        title = self.tr("Add {0}").format(first.kind)
        if self.window.push(AddObjects(objs, positions), title):
            self.window.scene.select_keys([first.key])
            if first.kind == "Pod" and node_name:
                self.window.statusBar().showMessage(self.tr("Pod {0} pinned to node {1} (spec.nodeName).").format(
                    first.name, node_name), 6000)

    def link(self, src_key, dst_key) -> None:
        """A drag from a Service handle to a Deployment/Pod sets the selector; from an Ingress handle to a
        Service adds a rule."""
        if not self.window.require_design():
            return
        cluster = self.window.document.cluster
        if src_key not in cluster or dst_key not in cluster:
            return
        src, dst = cluster.get(src_key), cluster.get(dst_key)
        if src.kind == "Service" and dst.kind in ("Deployment", "Pod"):
            labels = dict(dst.template_labels if dst.kind == "Deployment" else dst.labels)
            if not labels:
                self.window.show_error(self.tr("{0} has no labels to select.").format(dst.name))
                return
            if dst.namespace != src.namespace:
                self.window.show_error(self.tr("A Service only selects pods in its own namespace ({0}).").format(
                    src.namespace))
                return
            target_port = None
            ports = (dst.pod_spec if dst.kind == "Deployment" else dst.spec).get("containers") or []
            for c in ports:
                for p in c.get("ports") or []:
                    target_port = target_port or p.get("containerPort")

            def change(raw):
                raw["spec"]["selector"] = labels
                if target_port and raw["spec"].get("ports"):
                    first = raw["spec"]["ports"][0]
                    if first.get("targetPort") in (None, first.get("port")):
                        first["targetPort"] = target_port
            self.window.push(ReplaceObject(src.edited(change)), self.tr("Service {0} selects {1}").format(
                src.name, dst.name))
        elif src.kind == "Ingress" and dst.kind == "Service":
            if dst.namespace != src.namespace:
                self.window.show_error(self.tr("An Ingress only routes to Services in its own namespace ({0}).").format(
                    src.namespace))
                return
            port = dst.ports[0].port if dst.ports else 80

            def add_rule(raw):
                rules = raw.setdefault("spec", {}).setdefault("rules", [])
                path = {"path": f"/{dst.name}", "pathType": "Prefix",
                        "backend": {"service": {"name": dst.name, "port": {"number": port}}}}
                for rule in rules:
                    if not rule.get("host"):
                        rule.setdefault("http", {}).setdefault("paths", []).append(path)
                        return
                rules.append({"http": {"paths": [path]}})
            self.window.push(ReplaceObject(src.edited(add_rule)), self.tr("Route /{0} to {0}").format(dst.name))
        else:
            self.window.statusBar().showMessage(self.tr("Connect a Service to a Deployment or Pod, or an Ingress to a "
                                                 "Service."), 6000)

    def _design_keys(self) -> list:
        return [k for k in self.window.scene.selected_keys() if k in self.window.document.cluster]

    def _with_owned(self, keys) -> list:
        """``keys`` plus the static pods of selected nodes (they go with their node)."""
        out = list(keys)
        nodes = {k[2] for k in keys if k[0] == "Node"}
        for pod in self.window.document.cluster.objects("Pod", "kube-system"):
            if pod.is_static and pod.node_name in nodes and pod.key not in out:
                out.append(pod.key)
        return out

    def delete_selected(self):
        if not self.window.require_design():
            return
        keys = self._with_owned(self._design_keys())
        if keys:
            self.window.push(RemoveObjects(keys), self.tr("Delete {0} objects").format(len(keys)) if len(keys) > 1
                      else self.tr("Delete {0}").format(keys[0][2]))

    def _payload(self, keys) -> dict:
        c = self.window.document.cluster
        return {"objects": [c.get(k).raw for k in keys], "positions": [c.position(k) for k in keys]}

    def copy_selected(self):
        keys = self._with_owned(self._design_keys())
        if not keys:
            return
        payload = self._payload(keys)
        data = json.dumps(payload)
        mime = QMimeData()
        mime.setData(OBJECTS_MIME, QByteArray(data.encode()))
        try:
            from explorer.io import dump_manifests
            tmp = Cluster()
            tmp.add_many([from_dict(o) for o in payload["objects"]], validate=False)
            mime.setText(dump_manifests(tmp))
        except Exception:  # noqa: BLE001 - plain-text form is a convenience
            mime.setText(data)
        self._clipboard_fallback = payload
        QApplication.clipboard().setMimeData(mime)
        self.window.statusBar().showMessage(self.tr("Copied {0} objects.").format(len(keys)), 4000)

    def paste(self):
        if not self.window.require_design():
            return
        mime = QApplication.clipboard().mimeData()
        payload = None
        if mime is not None and mime.hasFormat(OBJECTS_MIME):
            payload = json.loads(bytes(mime.data(OBJECTS_MIME)).decode())
        elif self._clipboard_fallback:
            payload = self._clipboard_fallback
        if payload:
            self._paste_payload(payload)

    def duplicate_selected(self):
        if not self.window.require_design():
            return
        keys = self._with_owned(self._design_keys())
        if keys:
            self._paste_payload(self._payload(keys))

    def _paste_payload(self, payload) -> None:
        """Add copies with fresh names, 40 units down-right; static pods follow their renamed node."""
        cluster = self.window.document.cluster
        taken = {(o.kind, o.name) for o in cluster}
        renames = {}
        objs, positions = [], {}
        raws = [from_dict(json.loads(json.dumps(r))) for r in payload["objects"]]
        for obj, pos in zip(raws, payload["positions"]):
            if obj.kind == "Pod" and obj.is_static:
                continue
            base = obj.name
            name = f"{base}-copy"
            n = 2
            while (obj.kind, name) in taken:
                name = f"{base}-copy-{n}"
                n += 1
            taken.add((obj.kind, name))
            renames[obj.key] = name

            def change(raw, name=name):
                raw["metadata"]["name"] = name
                raw["metadata"].pop("uid", None)
                raw["metadata"].pop("resourceVersion", None)
                if raw.get("kind") == "Node":
                    labels = raw["metadata"].setdefault("labels", {})
                    if "kubernetes.io/hostname" in labels:
                        labels["kubernetes.io/hostname"] = name
                    for addr in (raw.get("status") or {}).get("addresses") or []:
                        if isinstance(addr, dict) and addr.get("type") == "Hostname":
                            addr["address"] = name
            new = obj.edited(change)
            objs.append(new)
            if pos:
                positions[new.key] = (pos[0] + 40, pos[1] + 40)
            if obj.kind == "Node":
                components = {p.labels.get("component") for p in raws if p.kind == "Pod" and p.is_static
                              and p.node_name == obj.name}
                for comp in b.CONTROL_PLANE_COMPONENTS:
                    if comp in components:
                        objs.append(b.static_pod(comp, name))
        if not objs:
            return
        if self.window.push(AddObjects(objs, positions), self.tr("Paste {0} objects").format(len(objs))):
            self.window.scene.select_keys([o.key for o in objs])

    def rename_selected(self):
        """F2: edit the name in place, over the item on the canvas."""
        if not self.window.require_design():
            return
        keys = self._design_keys()
        if len(keys) != 1:
            return
        item = self.window.scene.items_by_key.get(keys[0])
        if item is None:
            return
        editor = QLineEdit(self.window.view.viewport())
        editor.setObjectName("rename_editor")
        editor.setText(item.obj.name)
        editor.selectAll()
        top_left = self.window.view.mapFromScene(item.sceneBoundingRect().topLeft())
        editor.setGeometry(top_left.x() + 4, top_left.y() + 4, 200, 26)
        done = {"flag": False}

        def commit():
            if done["flag"]:
                return
            done["flag"] = True
            text = editor.text().strip()
            editor.deleteLater()
            self.window.view.setFocus()
            obj = self.window.document.cluster.find(item.key[0], item.key[2], item.key[1]) if item.key in \
                self.window.document.cluster else None
            if obj is None or not text or text == obj.name:
                return
            new = obj.edited(lambda raw: raw["metadata"].__setitem__("name", text))
            if self.window.push(replace_command(self.window.document.cluster, obj, new),
                         self.tr("Rename {0} to {1}").format(obj.name, text)):
                self.window.scene.select_keys([new.key])

        def cancel():
            done["flag"] = True
            editor.deleteLater()
            self.window.view.setFocus()
        editor.returnPressed.connect(commit)
        editor.editingFinished.connect(commit)
        esc = QAction(editor)
        esc.setShortcut(QKeySequence(Qt.Key_Escape))
        esc.triggered.connect(cancel)
        editor.addAction(esc)
        editor.show()
        editor.setFocus()
        self.rename_editor = editor

    def nudge(self, dx: float, dy: float) -> None:
        """Arrow keys: move the selected top-level items by (dx, dy) as one undo step."""
        if self.window.sim.active:
            return
        cluster = self.window.document.cluster
        moves = {}
        for key in self._design_keys():
            item = self.window.scene.items_by_key.get(key)
            if item is None or item.parentItem() is not None:
                continue
            old = cluster.position(key) or (item.pos().x(), item.pos().y())
            moves[key] = (old, (old[0] + dx, old[1] + dy))
        if moves:
            self.window.push(MoveObjects(moves), diagram_tr("Move {0} items").format(len(moves)))

    def select_all(self):
        for item in self.window.scene.items_by_key.values():
            item.setSelected(True)

    def auto_arrange(self):
        if not self.window.require_design():
            return
        cluster = self.window.document.cluster
        new = auto_layout(cluster, only_missing=False)
        moves = {k: (cluster.position(k), v) for k, v in new.items() if cluster.position(k) != v}
        if moves:
            self.window.push(MoveObjects(moves), self.tr("Auto-layout"))
            self.window.view.fit()

    def toggle_snap(self, on):
        self.window.scene.snap_to_grid = bool(on)

    def context_menu(self, key, screen_pos, cell=None):
        """The canvas's menu for the item of ``key`` (None: the empty canvas). ``cell``: the pod of a compact
        node's cell under the pointer (big designs draw their pods as cells of their node, not as items): its
        entries come first, then the node's."""
        menu = QMenu(self.window)
        item = self.window.scene.items_by_key.get(key) if key else None
        obj = item.obj if item is not None else None
        if cell is not None:    # a pod's cell: its entries, then the node's, each under a heading
            menu.addSection(self.tr("Pod {0}").format(cell.name))
            self._pod_entries(menu, cell)
            if obj is not None:
                menu.addSection(self.tr("Node {0}").format(obj.name))
        if obj is not None and not self.window.sim.active:
            menu.addAction(self.window.rename_act)
            menu.addAction(self.window.duplicate_act)
            menu.addAction(self.window.delete_act)
            menu.addSeparator()
        if obj is not None and obj.kind == "Node":
            name = obj.name
            sub = menu.addMenu(self.tr("Faults"))
            if obj.ready:
                sub.addAction(self.tr("Stop node {0}").format(name), lambda: self.fault("stop_node", name))
            else:
                sub.addAction(self.tr("Start node {0}").format(name), lambda: self.fault("start_node", name))
            sub.addAction(self.tr("Stop kubelet"), lambda: self.fault("stop_kubelet", name))
            sub.addAction(self.tr("Start kubelet"), lambda: self.fault("start_kubelet", name))
            sub.addAction(self.tr("Cordon"), lambda: self.fault("cordon", name))
            sub.addAction(self.tr("Uncordon"), lambda: self.fault("uncordon", name))
            sub.addAction(self.tr("Drain"), lambda: self.fault("drain", name))
            if obj.is_control_plane:
                sub.addSeparator()
                sub.addAction(self.tr("Stop control-plane member"), lambda: self.fault("stop_member", name))
                sub.addAction(self.tr("Start control-plane member"), lambda: self.fault("start_member", name))
                sub.addAction(self.tr("Stop etcd member"), lambda: self.fault("stop_etcd", name))
                sub.addAction(self.tr("Start etcd member"), lambda: self.fault("start_etcd", name))
        elif obj is not None and obj.kind == "Pod":
            self._pod_entries(menu, obj)
        elif obj is not None and obj.kind == "Deployment":
            menu.addAction(self.tr("Scale…"), lambda: self.scale_dialog(obj))
        elif obj is None:
            add = menu.addMenu(self.tr("Add"))
            pos = self.window.view.mapToScene(self.window.view.mapFromGlobal(screen_pos))
            for entry in self.window.palette.findItems("*", Qt.MatchWildcard):
                k = entry.data(Qt.UserRole)
                add.addAction(entry.icon(), entry.text(), lambda k=k, p=pos: self.drop_palette_item(k, p, ""))
            menu.addAction(self.window.layout_act)
            menu.addAction(self.window.fit_act)
        if menu.isEmpty():
            return
        menu.popup(screen_pos)
        self.context_menu_shown = menu

    def _pod_entries(self, menu, pod) -> None:
        menu.addAction(self.tr("Kill pod {0}").format(pod.name),
                       lambda: self.fault("delete_pod", pod.namespace, pod.name))
        menu.addAction(self.tr("Explain scheduling"),
                       lambda: (self.window.explain(pod), self.window.scheduling_dock.raise_()))

    def fault(self, op: str, *args) -> bool:
        """Apply a fault/operation to the simulation (started and settled first when needed; a big design's
        simulator starts in the background and the fault follows when it is ready: then False now)."""
        if not self.window.sim.active:
            if not self.window.sim.start_in_background(lambda: self.fault(op, *args), settle=True):
                return False
        ok = self.window.sim.apply(op, *args)
        if ok:
            hint = self.tr("{0} {1}: now run the simulation to see what Kubernetes does.").format(
                op.replace("_", " "), " ".join(map(str, args)))
            self.window.statusBar().showMessage(hint, 8000)
            sim = self.window.sim.sim
            self._fault_hint = (hint, sim.now if sim is not None else None)
        return ok

    def _forget_fault_hint(self) -> None:
        """Take the fault's "now run the simulation" hint off the status bar once the simulation has moved
        on (a step, a run or a seek) or ended: it no longer says what to do next."""
        if self._fault_hint is None:
            return
        hint, at = self._fault_hint
        sim = self.window.sim.sim
        if sim is not None and sim.now == at:
            return
        self._fault_hint = None
        bar = self.window.statusBar()
        if bar.currentMessage() == hint:
            bar.clearMessage()

    def scale_dialog(self, obj):
        value, ok = QInputDialog.getInt(self.window, self.tr("Scale {0}").format(obj.name), self.tr("Replicas:"),
                                        obj.replicas, 0, 1000)
        if ok:
            self.scale(obj, value)

    def scale(self, obj, replicas: int):
        """Scale in the simulation when one is shown, else change the design's spec.replicas."""
        if self.window.sim.active:
            self.window.sim.apply("scale", obj.namespace, obj.name, replicas)
        else:
            design = self.window.document.cluster.get(obj.key)
            self.window.push(ReplaceObject(design.edited(lambda raw: raw["spec"].__setitem__("replicas", replicas))),
                      self.tr("Scale {0} to {1}").format(obj.name, replicas))
