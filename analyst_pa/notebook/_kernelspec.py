"""The "Python (analyst)" kernelspec: IPython with ``%analyst`` loaded.

New notebooks and papermill runs that pick this kernel have the magics
without a ``%load_ext analyst_pa`` cell. The kernel is this interpreter
(``sys.executable``) started by ipykernel with the extension listed in
``--IPKernelApp.extensions``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

__all__ = ["DISPLAY_NAME", "KERNEL_NAME", "install_kernel_spec"]

KERNEL_NAME = "analyst"
DISPLAY_NAME = "Python (analyst)"
EXTENSION_ARGUMENT = "--IPKernelApp.extensions=analyst_pa"


def install_kernel_spec(
    *,
    name: str = KERNEL_NAME,
    display_name: str = DISPLAY_NAME,
    user: bool = True,
    prefix: str | Path | None = None,
    python: str | None = None,
) -> Path:
    """Install the kernelspec that starts IPython with ``%analyst`` loaded.

    Parameters
    ----------
    name : str, default "analyst"
        The kernel's name (``jupyter kernelspec list``, papermill's ``-k``).
    display_name : str, default "Python (analyst)"
        What the launcher and the kernel picker show.
    user : bool, default True
        Install for the current user (the Jupyter data directory); False
        installs system-wide unless ``prefix`` is given.
    prefix : path, optional
        Install under ``PREFIX/share/jupyter/kernels`` instead, for instance
        ``sys.prefix`` for the current virtual environment.
    python : str, optional
        The interpreter the kernel runs; by default this one.

    Returns
    -------
    Path
        The directory the kernelspec was installed to.
    """
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager

    with tempfile.TemporaryDirectory(prefix="analyst-pa-kernel-") as tmp:
        spec = write_kernel_spec(
            Path(tmp) / name,
            overrides={"display_name": display_name},
            extra_arguments=[EXTENSION_ARGUMENT],
        )
        if python is not None:
            _use_python(Path(spec), python)
        installed = KernelSpecManager().install_kernel_spec(
            spec,
            kernel_name=name,
            user=user and prefix is None,
            prefix=str(prefix) if prefix is not None else None,
        )
    return Path(installed)


def _use_python(spec: Path, python: str) -> None:
    path = spec / "kernel.json"
    kernel = json.loads(path.read_text())
    kernel["argv"][0] = python
    path.write_text(json.dumps(kernel, indent=1))
