"""Traffic on the virtual network: routes hop by hop, NetworkPolicy reachability, load over time.

    from explorer.net import route, reachability, build_graph, LoadGenerator

All functions take a running cluster state (``Simulator(design).settle(); sim.cluster()``, or a file that
already carries status). See docs/traffic.md for the Kubernetes rules followed and the choices made.
"""

from explorer.net.graph import build_graph
from explorer.net.load import LoadGenerator, LoadReport, enumerate_outcomes
from explorer.net.reachability import Matrix, Summary, reachability, reachability_summary
from explorer.net.router import DEFAULT_CLIENT_IP, INTERNET, MODES, Router, route
from explorer.net.trace import Hop, Trace
from explorer.net.view import NetworkView

__all__ = ["DEFAULT_CLIENT_IP", "INTERNET", "MODES", "Hop", "LoadGenerator", "LoadReport", "Matrix",
           "NetworkView", "Router", "Summary", "Trace", "build_graph", "enumerate_outcomes", "reachability",
           "reachability_summary", "route"]
