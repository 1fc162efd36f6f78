"""The notebook face of analyst_pa: the ``%analyst`` magics and the panel.

``%load_ext analyst_pa`` registers the magics (:class:`AnalystMagics`);
:class:`Panel` is the ipywidgets view of an analysis, which is also what an
:class:`~analyst_pa.results.Analysis` displays as in a live notebook;
:func:`analysis_html` renders one as static HTML for exports; and
:func:`install_kernel_spec` installs the "Python (analyst)" kernel
(``analyst-pa kernel install``). Names are imported on first use, so the
command line does not pay for ipywidgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analyst_pa._lazy import lazy_attributes

__all__ = [
    "AnalystMagics",
    "Panel",
    "analysis_html",
    "install_kernel_spec",
    "load_ipython_extension",
]

_LAZY = {
    "AnalystMagics": "analyst_pa.notebook._magic",
    "load_ipython_extension": "analyst_pa.notebook._magic",
    "Panel": "analyst_pa.notebook._panel",
    "analysis_html": "analyst_pa.notebook._html",
    "install_kernel_spec": "analyst_pa.notebook._kernelspec",
}

if TYPE_CHECKING:
    from analyst_pa.notebook._html import analysis_html
    from analyst_pa.notebook._kernelspec import install_kernel_spec
    from analyst_pa.notebook._magic import AnalystMagics, load_ipython_extension
    from analyst_pa.notebook._panel import Panel


__getattr__, __dir__ = lazy_attributes("analyst_pa.notebook", globals(), _LAZY)
