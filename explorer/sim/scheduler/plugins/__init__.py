"""The default plugin set of kube-scheduler 1.34 (volume and DRA plugins left out: the explorer has no volumes).

:data:`FILTER_ORDER` and :data:`SCORE_ORDER` are the orders in which kube-scheduler's default profile runs them.
"""

from explorer.sim.scheduler.plugins.balancedallocation import BalancedAllocation
from explorer.sim.scheduler.plugins.imagelocality import ImageLocality
from explorer.sim.scheduler.plugins.interpodaffinity import InterPodAffinity
from explorer.sim.scheduler.plugins.nodeaffinity import NodeAffinity
from explorer.sim.scheduler.plugins.nodename import NodeName
from explorer.sim.scheduler.plugins.nodeports import NodePorts
from explorer.sim.scheduler.plugins.noderesourcesfit import NodeResourcesFit
from explorer.sim.scheduler.plugins.nodeunschedulable import NodeUnschedulable
from explorer.sim.scheduler.plugins.podtopologyspread import PodTopologySpread
from explorer.sim.scheduler.plugins.tainttoleration import TaintToleration

FILTER_ORDER = ("NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit",
                "PodTopologySpread", "InterPodAffinity")
SCORE_ORDER = ("TaintToleration", "NodeAffinity", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity",
               "NodeResourcesBalancedAllocation", "ImageLocality")
DEFAULT_WEIGHTS = {"TaintToleration": 3, "NodeAffinity": 2, "PodTopologySpread": 2, "InterPodAffinity": 2,
                   "NodeResourcesFit": 1, "NodeResourcesBalancedAllocation": 1, "ImageLocality": 1}

__all__ = ["BalancedAllocation", "ImageLocality", "InterPodAffinity", "NodeAffinity", "NodeName", "NodePorts",
           "NodeResourcesFit", "NodeUnschedulable", "PodTopologySpread", "TaintToleration", "FILTER_ORDER",
           "SCORE_ORDER", "DEFAULT_WEIGHTS"]
