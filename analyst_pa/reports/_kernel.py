"""The Jupyter kernel reports run on: this Python, with this environment.

A template must execute where analyst_pa and its dependencies are, so the
kernel is chosen by the interpreter it starts, not by its name. The
``python3`` kernelspec that ipykernel installs into ``sys.prefix`` starts
``python``, which jupyter_client replaces by ``sys.executable``; a spec
naming another interpreter (a ``--user`` spec from another environment) is
passed over. When no spec fits, one is installed for the current user
under a name derived from ``sys.executable``.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

__all__ = ["kernel_name"]

# jupyter_client starts sys.executable for a spec whose argv[0] is one of these
_GENERIC = {
    "python",
    f"python{sys.version_info[0]}",
    f"python{sys.version_info[0]}.{sys.version_info[1]}",
}


def _own_name() -> str:
    digest = hashlib.sha1(sys.executable.encode()).hexdigest()[:8]
    return f"analyst-pa-{digest}"


def _starts_this_python(argv: list[str]) -> bool:
    if not argv:
        return False
    if argv[0] in _GENERIC:
        return True
    # Not resolved: a virtual environment's python is a symlink to the base
    # interpreter, which would not see the environment's packages.
    return Path(argv[0]).absolute() == Path(sys.executable).absolute()


def kernel_name() -> str:
    """Return the name of a kernelspec that starts ``sys.executable``.

    Installs one for the current user (``ipykernel install --user``) when
    neither ``python3`` nor a previously installed one fits.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    specs = KernelSpecManager()
    for name in ("python3", _own_name()):
        try:
            spec = specs.get_kernel_spec(name)
        except NoSuchKernel:
            continue
        if _starts_this_python(spec.argv):
            return name
    return _install()


def _install() -> str:
    from ipykernel.kernelspec import install

    name = _own_name()
    install(user=True, kernel_name=name, display_name=f"Python ({sys.prefix})")
    return name
