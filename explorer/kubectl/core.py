"""The ``Kubectl`` facade: one command line in, ``Result(exit_code, stdout, stderr)`` out.

Every command is an API call the simulation sees: reads go through ``sim.api``; writes go through the
Simulator's recorded operations (``apply``, ``delete``, ``scale``, ``cordon``, ``delete_pod`` ...), so the
timeline can replay them, controllers react and the scheduler places new pods. ``run`` never raises: API
errors become kubectl's ``Error from server (NotFound): pods "x" not found`` with exit code 1, usage errors
``error: ...`` with exit code 1 (kubectl's own code for both); an unexpected failure is reported the same
way rather than raised.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from explorer.kubectl.flags import UsageError, parse
from explorer.kubectl.resources import lookup
from explorer.sim.api import ApiError


@dataclass(frozen=True)
class Result:
    exit_code: int
    stdout: str
    stderr: str


class CommandError(Exception):
    """Ends a command with ``error: <message>`` on stderr (exit 1)."""


@dataclass
class Output:
    out: list = field(default_factory=list)
    err: list = field(default_factory=list)
    code: int = 0

    def print(self, text: str = "") -> None:
        self.out.append(text if text.endswith("\n") else text + "\n")

    def write(self, text: str) -> None:
        self.out.append(text)

    def error(self, text: str) -> None:
        self.err.append(text if text.endswith("\n") else text + "\n")


COMMANDS = ("annotate", "api-resources", "apply", "cluster-info", "config", "cordon", "create", "delete", "describe",
            "drain", "explain", "expose", "get", "label", "logs", "rollout", "scale", "taint", "top", "uncordon",
            "version")


class Kubectl:
    """kubectl against a simulator. ``sim`` is a Simulator or a callable returning the current one.

    ``run(argv)`` takes a list or a string (split like a shell: ``"get pods -n shop"``); a leading
    ``kubectl`` is ignored. ``namespace`` is the context's default namespace.
    """

    def __init__(self, sim, namespace: str = "default", max_wait: int = 600):
        self._sim = sim
        self.default_namespace = namespace
        self.max_wait = max_wait

    @property
    def sim(self):
        return self._sim() if callable(self._sim) and not hasattr(self._sim, "api") else self._sim

    def run(self, argv) -> Result:
        out = Output()
        try:
            if isinstance(argv, str):
                try:
                    argv = shlex.split(argv)
                except ValueError as exc:
                    raise CommandError(f"cannot parse the command line: {exc}") from None
            argv = list(argv)
            if argv and argv[0] == "kubectl":
                argv = argv[1:]
            if not argv:
                out.print(USAGE)
                return Result(0, "".join(out.out), "")
            command, rest = argv[0], argv[1:]
            if command in ("help", "--help", "-h"):
                out.print(USAGE)
                return Result(0, "".join(out.out), "")
            handler = _handlers().get(command)
            if handler is None:
                raise CommandError(f'unknown command "{command}" for "kubectl"')
            args, flags = parse(rest)
            if flags.get("help"):
                out.print(f"kubectl {command}: see https://kubernetes.io/docs/reference/kubectl/generated/"
                          f"kubectl_{command}/ (the explorer implements the everyday subset)")
                return Result(0, "".join(out.out), "")
            handler(self, args, flags, out)
        except CommandError as exc:
            out.error(f"error: {exc}")
            out.code = 1
        except UsageError as exc:
            out.error(f"error: {exc}")
            out.code = 1
        except ApiError as exc:
            out.error(self.error_text(exc))
            out.code = 1
        except ValueError as exc:          # the Simulator rejects an operation's arguments
            out.error(f"error: {exc}")
            out.code = 1
        except Exception as exc:  # noqa: BLE001 - a console must never die on one command; say what broke
            out.error(f"error: the explorer's kubectl failed on this command ({type(exc).__name__}: {exc}); "
                      f"please report it")
            out.code = 1
        return Result(out.code, "".join(out.out), "".join(out.err))

    def error_text(self, exc: ApiError) -> str:
        """kubectl's wording; an unreachable API server is a refused connection, not an API answer."""
        if exc.reason == "ServiceUnavailable" and exc.message.startswith("The connection to the server"):
            return f"The connection to the server {self.server_address()} was refused - did you specify the " \
                   f"right host or port?"
        if exc.reason == "ServiceUnavailable":
            return f"Error from server: {exc.message}"
        return str(exc)

    def server_address(self) -> str:
        """host:port of the API server as a kubeconfig would name it (the first control-plane node)."""
        from explorer.model.objects import CONTROL_PLANE_LABEL
        nodes = [n for n in self.sim.store.objects.values() if n.kind == "Node" and CONTROL_PLANE_LABEL in n.labels]
        return f"{nodes[0].internal_ip}:6443" if nodes and nodes[0].internal_ip else "localhost:6443"

    # helpers used by the commands ------------------------------------------------------------------------
    def namespace(self, flags: dict) -> str:
        return flags.get("namespace") or self.default_namespace

    def resource_type(self, name: str):
        rtype = lookup(name)
        if rtype is None:
            raise CommandError(f'the server doesn\'t have a resource type "{name}"')
        return rtype


def _handlers() -> dict:
    from explorer.kubectl import commands, mutate, nodes, rollout
    return {
        "get": commands.get, "describe": commands.describe, "explain": commands.explain_cmd,
        "logs": commands.logs, "top": commands.top, "version": commands.version,
        "api-resources": commands.api_resources, "cluster-info": commands.cluster_info, "config": commands.config,
        "apply": mutate.apply, "create": mutate.create, "expose": mutate.expose, "delete": mutate.delete,
        "scale": mutate.scale, "label": mutate.label, "annotate": mutate.annotate, "taint": nodes.taint,
        "cordon": nodes.cordon, "uncordon": nodes.uncordon, "drain": nodes.drain, "rollout": rollout.rollout,
    }


USAGE = """kubectl controls the simulated Kubernetes cluster.

 Basic Commands:
  create          Create a deployment or a namespace
  expose          Take a deployment and expose it as a new Kubernetes service
  get             Display one or many resources
  explain         Get the documentation of a resource
  delete          Delete resources by file names, resources and names, or by resources and label selector

 Deploy Commands:
  rollout         Manage the rollout of a deployment (status, restart, undo, history)
  scale           Set a new size for a deployment or replica set

 Cluster Management Commands:
  top             Display resource requests (not measured usage) of nodes or pods
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

 Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Explain why there are no container logs in a simulation

 Advanced Commands:
  apply           Apply a configuration to a resource by file name

 Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource

 Other Commands:
  api-resources   Print the supported API resources
  cluster-info    Display the address of the control plane
  config          set-context --current --namespace=NS, current-context, get-contexts
  version         Print the client and server version information

Every command goes through the simulated API server, so the simulation (and the diagram) follows it."""
