"""Network settings <-> the ConfigMap ``kube-system/kubeadm-config``, exactly as kubeadm stores them.

kubeadm keeps its ClusterConfiguration as a YAML string under ``data.ClusterConfiguration`` of that
ConfigMap (``kubectl -n kube-system get cm kubeadm-config -o yaml`` shows it). The explorer reads:

- ``networking.podSubnet``, ``networking.serviceSubnet``, ``networking.dnsDomain``
- ``kubernetesVersion``, ``clusterName``
- ``apiServer.extraArgs`` ``service-node-port-range`` (``30000-32767``)
- ``controllerManager.extraArgs`` ``node-cidr-mask-size`` (``"24"``)

``extraArgs`` may be kubeadm v1beta4's list of ``{name, value}`` or v1beta3's map. The LoadBalancer pool
(which real kubeadm does not know) travels as the annotation ``explorer.k8s.io/load-balancer-pool`` on the
ConfigMap. Everything else in the ConfigMap and the ClusterConfiguration is kept and written back.
"""

from __future__ import annotations

import copy

from explorer.model import InvalidValueError, NetworkConfig

NAMESPACE = "kube-system"
NAME = "kubeadm-config"
DATA_KEY = "ClusterConfiguration"
POOL_ANNOTATION = "explorer.k8s.io/load-balancer-pool"
KUBEADM_API = "kubeadm.k8s.io/v1beta4"
_EXTRA = "kubeadm"  # key in NetworkConfig.extra holding the KubeadmSource


def is_kubeadm_config(raw) -> bool:
    """True for the ConfigMap kube-system/kubeadm-config."""
    if not isinstance(raw, dict) or raw.get("kind") != "ConfigMap" or raw.get("apiVersion") != "v1":
        return False
    meta = raw.get("metadata")
    return isinstance(meta, dict) and meta.get("name") == NAME and meta.get("namespace") == NAMESPACE


class KubeadmConfigError(ValueError):
    """The kubeadm ConfigMap is unusable; ``path`` is the field in the ConfigMap, ``message`` says why."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def _args(section) -> dict:
    """extraArgs as {name: value} from v1beta4's list or v1beta3's map."""
    args = section.get("extraArgs") if isinstance(section, dict) else None
    if isinstance(args, list):
        return {a.get("name"): a.get("value") for a in args if isinstance(a, dict)}
    if isinstance(args, dict):
        return dict(args)
    return {}


def network_from_configmap(raw: dict, parse) -> NetworkConfig:
    """The NetworkConfig carried by the kubeadm ConfigMap ``raw``. ``parse(text)`` parses the embedded
    YAML safely. Kubeadm's defaults fill what is absent. Raises :class:`KubeadmConfigError`."""
    defaults = NetworkConfig()
    data = raw.get("data")
    text = data.get(DATA_KEY) if isinstance(data, dict) else None
    meta = raw.get("metadata") or {}
    annotations = meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {}
    pool = annotations.get(POOL_ANNOTATION, defaults.load_balancer_pool)
    if text is None:
        config = {}
    elif not isinstance(text, str):
        raise KubeadmConfigError(f"data.{DATA_KEY}", "must be a string holding a ClusterConfiguration")
    else:
        config = parse(text)
        if config is None:
            config = {}
        if not isinstance(config, dict):
            raise KubeadmConfigError(f"data.{DATA_KEY}", "must hold a ClusterConfiguration mapping")
    networking = config.get("networking") if isinstance(config.get("networking"), dict) else {}
    port_range = _args(config.get("apiServer")).get("service-node-port-range")
    mask = _args(config.get("controllerManager")).get("node-cidr-mask-size")
    try:
        node_port_range = defaults.node_port_range
        if port_range is not None:
            low, _, high = str(port_range).partition("-")
            node_port_range = (int(low), int(high))
    except ValueError:
        raise KubeadmConfigError(f"data.{DATA_KEY}", f"apiServer.extraArgs service-node-port-range "
                                 f"{port_range!r}: must be a range such as 30000-32767") from None
    try:
        mask_size = defaults.node_cidr_mask_size if mask is None else int(str(mask))
    except ValueError:
        raise KubeadmConfigError(f"data.{DATA_KEY}", f"controllerManager.extraArgs node-cidr-mask-size "
                                 f"{mask!r}: must be an integer") from None
    values = dict(
        pod_cidr=networking.get("podSubnet") or defaults.pod_cidr,
        service_cidr=networking.get("serviceSubnet") or defaults.service_cidr,
        dns_domain=networking.get("dnsDomain") or defaults.dns_domain,
        kubernetes_version=config.get("kubernetesVersion") or defaults.kubernetes_version,
        cluster_name=config.get("clusterName") or defaults.cluster_name,
        node_cidr_mask_size=mask_size, node_port_range=node_port_range, load_balancer_pool=pool)
    for key in ("pod_cidr", "service_cidr", "dns_domain", "kubernetes_version", "cluster_name",
                "load_balancer_pool"):
        if not isinstance(values[key], str):
            raise KubeadmConfigError(f"data.{DATA_KEY}", f"{key}: must be a string, got {values[key]!r}")
    try:
        network = NetworkConfig(**values).validated()
    except InvalidValueError as exc:
        raise KubeadmConfigError(f"data.{DATA_KEY}", str(exc)) from None
    stored = copy.deepcopy(raw)  # small; kept so unknown fields are written back verbatim
    ann = (stored.get("metadata") or {}).get("annotations")
    if isinstance(ann, dict) and POOL_ANNOTATION in ann:
        del ann[POOL_ANNOTATION]
        if not ann:
            del stored["metadata"]["annotations"]
    return NetworkConfig(**values, extra={_EXTRA: KubeadmSource(stored, config, network)})


class KubeadmSource:
    """The kubeadm ConfigMap a NetworkConfig was read from (kept in ``NetworkConfig.extra["kubeadm"]``) so
    that its other fields are written back verbatim."""

    __slots__ = ("configmap", "config", "network")

    def __init__(self, configmap: dict, config: dict, network: NetworkConfig):
        self.configmap, self.config, self.network = configmap, config, network

    def __repr__(self) -> str:
        return "<kubeadm-config ConfigMap>"


def _set_arg(section: dict, name: str, value: str) -> None:
    args = section.get("extraArgs")
    if isinstance(args, dict):
        args[name] = value
        return
    if not isinstance(args, list):
        args = section["extraArgs"] = []
    for a in args:
        if isinstance(a, dict) and a.get("name") == name:
            a["value"] = value
            return
    args.append({"name": name, "value": value})


def cluster_configuration(network: NetworkConfig, base: dict | None = None) -> dict:
    """A ClusterConfiguration dict for ``network``, starting from ``base`` (kept fields) when given."""
    config = copy.deepcopy(base) if base else {"apiVersion": KUBEADM_API, "kind": "ClusterConfiguration"}
    config["kubernetesVersion"] = network.kubernetes_version
    config["clusterName"] = network.cluster_name
    networking = config.setdefault("networking", {})
    networking["dnsDomain"] = network.dns_domain
    networking["podSubnet"] = network.pod_cidr
    networking["serviceSubnet"] = network.service_cidr
    low, high = network.node_port_range
    _set_arg(config.setdefault("apiServer", {}), "service-node-port-range", f"{low}-{high}")
    _set_arg(config.setdefault("controllerManager", {}), "node-cidr-mask-size", str(network.node_cidr_mask_size))
    return config


def configmap_for(network: NetworkConfig, dump) -> dict:
    """The kubeadm-config ConfigMap dict for ``network``; ``dump(value) -> str`` writes the embedded YAML.

    When the network is unchanged since it was read from a ConfigMap, that ConfigMap comes back verbatim.
    """
    kept = network.extra.get(_EXTRA) if isinstance(network.extra, dict) else None
    if not isinstance(kept, KubeadmSource):
        kept = None
    if kept and kept.network == network:  # extra is not compared
        raw = copy.deepcopy(kept.configmap)
    elif kept:
        raw = copy.deepcopy(kept.configmap)
        if not isinstance(raw.get("data"), dict):
            raw["data"] = {}
        raw["data"][DATA_KEY] = dump(cluster_configuration(network, kept.config))
    else:
        raw = {"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": NAME, "namespace": NAMESPACE},
               "data": {DATA_KEY: dump(cluster_configuration(network))}}
    meta = raw.get("metadata")
    if not isinstance(meta, dict):
        meta = raw["metadata"] = {"name": NAME, "namespace": NAMESPACE}
    annotations = meta.get("annotations")
    if not isinstance(annotations, dict):
        annotations = meta["annotations"] = {}
    annotations[POOL_ANNOTATION] = network.load_balancer_pool
    return raw

