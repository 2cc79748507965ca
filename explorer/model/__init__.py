"""The cluster model: plain Python, no Qt and no YAML.

Import what you need from here::

    from explorer.model import Cluster, Pod, Node, ValidationError, example_cluster
"""

from explorer.model.cluster import Cluster
from explorer.model.errors import (DuplicateObjectError, InvalidValueError, ModelError, ObjectNotFoundError,
                                   ValidationError, format_path)
from explorer.model.events import ChangeEvent, Signal
from explorer.model.example import example_cluster
from explorer.model.network import NetworkConfig
from explorer.model.objects import (KINDS, Deployment, EndpointSlice, Ingress, IngressClass, KubeObject, Namespace,
                                    NetworkPolicy, Node, ObjectKey, Pod, ReplicaSet, Service, from_dict)
from explorer.model.selectors import Taint, Toleration
from explorer.model.validation import Problem, validate_object

__all__ = [
    "Cluster", "ChangeEvent", "Deployment", "EndpointSlice", "DuplicateObjectError", "Ingress", "IngressClass",
    "InvalidValueError", "KINDS", "KubeObject", "ModelError", "Namespace", "NetworkConfig", "NetworkPolicy",
    "Node", "ObjectKey", "ObjectNotFoundError", "Pod", "Problem", "ReplicaSet", "Service", "Signal", "Taint",
    "Toleration", "ValidationError", "example_cluster", "format_path", "from_dict", "validate_object",
]
