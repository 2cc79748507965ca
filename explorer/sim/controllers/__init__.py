"""kube-controller-manager's controllers, each a work queue of object keys synced through the API server."""

from explorer.sim.controllers.base import Controller
from explorer.sim.controllers.deployment import DeploymentController
from explorer.sim.controllers.endpointslice import EndpointSliceController
from explorer.sim.controllers.gc import GarbageCollector
from explorer.sim.controllers.nodelifecycle import NodeLifecycleController
from explorer.sim.controllers.replicaset import ReplicaSetController

__all__ = ["Controller", "DeploymentController", "EndpointSliceController", "GarbageCollector",
           "NodeLifecycleController", "ReplicaSetController"]
