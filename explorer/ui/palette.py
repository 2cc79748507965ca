"""The palette of drag sources and the objects each entry creates when dropped.

:data:`ENTRIES` lists (key, icon, title); :func:`objects_for` builds the model objects for a drop (with
fresh, unique names) and never touches the cluster.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from explorer.model import builders as b
from explorer.ui import theme
from explorer.ui.scene import PALETTE_MIME


def _t(text):
    return QCoreApplication.translate("Palette", text)


ENTRIES = (
    ("control-plane", "control-plane", "Control-plane node"),
    ("worker-node", "worker-node", "Worker node"),
    ("pod", "pod", "Pod"),
    ("deployment", "deployment", "Deployment"),
    ("service-clusterip", "service-clusterip", "Service: ClusterIP"),
    ("service-nodeport", "service-nodeport", "Service: NodePort"),
    ("service-loadbalancer", "service-loadbalancer", "Service: LoadBalancer"),
    ("ingress-nginx", "ingress-nginx", "Ingress: NGINX"),
    ("ingress-traefik", "ingress-traefik", "Ingress: Traefik"),
    ("ingress-haproxy", "ingress-haproxy", "Ingress: HAProxy"),
    ("ingress-envoy", "ingress-envoy", "Ingress: Envoy"),
    ("networkpolicy", "networkpolicy", "NetworkPolicy"),
    ("namespace", "namespace", "Namespace"),
    ("external-client", "external-client", "External client"),
)

_TOOLTIPS = {
    "control-plane": "A control-plane node runs etcd, kube-apiserver, kube-scheduler and "
                     "kube-controller-manager. Use an odd number: etcd needs a majority (quorum).",
    "worker-node": "A worker node runs your pods: the kubelet starts containers, kube-proxy programs Services.",
    "pod": "A Pod: one or more containers sharing an IP. Drop it on a node to pin it there (spec.nodeName); "
           "drop it on empty canvas and it stays Pending until the scheduler places it.",
    "deployment": "A Deployment keeps N identical pods running through a ReplicaSet and rolls out changes.",
    "service-clusterip": "A ClusterIP Service: one stable virtual IP inside the cluster that load-balances "
                         "to the pods its selector picks.",
    "service-nodeport": "A NodePort Service: a ClusterIP Service also reachable on a port (30000-32767) of "
                        "every node.",
    "service-loadbalancer": "A LoadBalancer Service: a NodePort Service plus an external IP from the load "
                            "balancer pool.",
    "ingress-nginx": "An Ingress served by the NGINX controller: HTTP routing by host and path to Services.",
    "ingress-traefik": "An Ingress served by Traefik: HTTP routing by host and path to Services.",
    "ingress-haproxy": "An Ingress served by HAProxy: HTTP routing by host and path to Services.",
    "ingress-envoy": "An Ingress served by Envoy (Contour): HTTP routing by host and path to Services.",
    "networkpolicy": "A NetworkPolicy: once a pod is selected by one, only traffic a policy allows reaches it.",
    "namespace": "A Namespace: a scope for names, policies and quotas.",
    "external-client": "An external client on the internet: drop it to send a request into the cluster.",
}


def tooltip(key: str) -> str:
    """The explanation for a palette entry (help_texts when the i18n engineer's module provides it)."""
    try:
        from explorer.ui.help_texts import tooltip as help_tooltip
        text = help_tooltip(key)
        if text:
            return text
    except Exception:  # noqa: BLE001 - help texts are optional; fall back to the short tooltip
        pass
    return _t(_TOOLTIPS.get(key, ""))


def entry_title(key: str, fallback: str) -> str:
    """The palette label: the help topic's (translated) title when help texts are available."""
    try:
        from explorer.ui.help_texts import title
        return title(key)
    except Exception:  # noqa: BLE001 - help texts are optional
        return _t(fallback)


def unique_name(cluster, kind: str, base: str, namespace: str = "") -> str:
    existing = {o.name for o in cluster.objects(kind)}
    n = 1
    while f"{base}-{n}" in existing:
        n += 1
    return f"{base}-{n}"


def objects_for(key: str, cluster, node_name: str = "", namespace: str = "default") -> list:
    """The objects a drop of palette entry ``key`` creates (first one is the item placed at the drop point).

    Raises KeyError for an unknown key; ``external-client`` creates nothing (it is not a Kubernetes object).
    """
    if key == "control-plane":
        return list(b.control_plane_node(unique_name(cluster, "Node", "control-plane")))
    if key == "worker-node":
        return [b.worker_node(unique_name(cluster, "Node", "worker"))]
    if key == "pod":
        name = unique_name(cluster, "Pod", "pod")
        return [b.pod(name, namespace, node_name=node_name)]
    if key == "deployment":
        return [b.deployment(unique_name(cluster, "Deployment", "app"), namespace, "nginx:1.27", 2)]
    if key.startswith("service-"):
        type_ = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer"}[key[8:]]
        name = unique_name(cluster, "Service", "svc")
        return [b.service(name, namespace, {"app": name}, 80, 80, type_)]
    if key.startswith("ingress-"):
        controller = b.INGRESS_CONTROLLERS[key[8:]]
        objs = [b.ingress(unique_name(cluster, "Ingress", "ingress"), namespace, controller.class_name)]
        for obj in b.ingress_controller_stack(controller.key, default=not cluster.objects("IngressClass")):
            if obj.key not in cluster:
                objs.append(obj)
        return objs
    if key == "networkpolicy":
        return [b.network_policy(unique_name(cluster, "NetworkPolicy", "policy"), namespace, {})]
    if key == "namespace":
        return [b.namespace(unique_name(cluster, "Namespace", "namespace"))]
    if key == "external-client":
        return []
    raise KeyError(key)


class Palette(QListWidget):
    """Drag sources: drag an entry onto the canvas (or double-click it to add at the view's centre)."""

    activated_key = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragOnly)
        self.setIconSize(QSize(30, 30))
        self.setSpacing(1)
        self.setUniformItemSizes(True)
        for key, icon_name, _title in ENTRIES:
            item = QListWidgetItem(theme.icon(icon_name), "")
            item.setData(Qt.UserRole, key)
            self.addItem(item)
        self.retranslate_ui()
        self.itemDoubleClicked.connect(lambda it: self.activated_key.emit(it.data(Qt.UserRole)))

    def retranslate_ui(self) -> None:
        """Entry titles, tooltips and status tips in the current language."""
        for row, (key, _icon, title) in enumerate(ENTRIES):
            item = self.item(row)
            item.setText(entry_title(key, title))
            item.setToolTip(tooltip(key))
            item.setStatusTip(tooltip(key))

    def changeEvent(self, event):  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.currentItem() is not None:
            self.activated_key.emit(self.currentItem().data(Qt.UserRole))    # keyboard: add at the view centre
            return
        super().keyPressEvent(event)

    def mime_for(self, key: str) -> QMimeData:
        mime = QMimeData()
        mime.setData(PALETTE_MIME, key.encode())
        return mime

    def startDrag(self, actions):
        item = self.currentItem()
        if item is None:
            return
        drag = QDrag(self)
        drag.setMimeData(self.mime_for(item.data(Qt.UserRole)))
        drag.setPixmap(item.icon().pixmap(40, 40))
        drag.exec(Qt.CopyAction)
