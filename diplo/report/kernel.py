"""The kernels diplo starts: quiet, on local sockets, with the environment they are given.

``diplo report`` and ``diplo pin`` run notebooks in kernels of this manager
class rather than jupyter_client's own, for three reasons (see
``docs/decisions.md``, "What a report gives a reader"): they talk over local
(IPC) sockets, so ipykernel does not warn on every start that TCP is
unencrypted; they are not interrupted before being asked to shut down, which
an idle ipykernel answers with "KeyboardInterrupt caught in kernel"; and a
report's kernel shows tables whole and hands over their rows
(:mod:`diplo.report.display`).
"""

from __future__ import annotations

import itertools
import os
import tempfile

from .._optional import require

__all__ = ["kernel_manager"]

_SOCKETS = itertools.count()


def kernel_manager(env: dict | None = None, *, display: bool = False):
    """A jupyter_client kernel manager class for papermill's or nbclient's ``kernel_manager_class``.

    Parameters
    ----------
    env : dict, optional
        The whole environment of every kernel it starts; by default the
        caller's.
    display : bool, default False
        Start each kernel with :func:`diplo.report.display.setup` (a report:
        tables whole, with their CSV and BibTeX). ``diplo pin`` runs the
        notebooks as nbval does, without it.

    Returns
    -------
    type
        A subclass of ``jupyter_client.manager.AsyncKernelManager``.
    """
    AsyncKernelManager = require("jupyter_client.manager", "run notebooks").AsyncKernelManager
    from traitlets import default

    class KernelManager(AsyncKernelManager):
        # Local sockets rather than TCP on 127.0.0.1: nothing listens on a port, and the kernel does
        # not warn on every start that TCP without encryption is in use.
        @default("transport")
        def _transport_default(self):
            return "ipc"

        @default("ip")
        def _ip_default(self):  # an absolute socket path: the kernel runs in the notebook's folder, not ours
            return os.path.join(tempfile.gettempdir(), f"diplo-kernel-{os.getpid()}-{next(_SOCKETS)}")

        async def _async_interrupt_kernel(self):
            # jupyter_client interrupts every kernel before asking it to shut down, and an idle ipykernel
            # answers with "KeyboardInterrupt caught in kernel" on stderr after a report that succeeded.
            # The shutdown request alone ends it (or the kill after it); a timeout's interrupt still goes.
            if not self.shutting_down:
                await super()._async_interrupt_kernel()

        def format_kernel_cmd(self, extra_arguments=None):
            command = super().format_kernel_cmd(extra_arguments)
            if display:  # set up by the kernel itself, so the notebooks stay as they run in JupyterLab and nbval
                command.append("--IPKernelApp.exec_lines=import diplo.report.display; diplo.report.display.setup()")
            return command

        async def start_kernel(self, **kw):
            if env is not None:
                kw["env"] = dict(env)
            return await super().start_kernel(**kw)

    return KernelManager
