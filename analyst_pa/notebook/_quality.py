"""The Quality tab: issues by severity, a check box per fix, and Apply.

Apply runs :func:`analyst_pa.fix` with the ticked issues on the data the
analysis was made of, binds the cleaned frame to the name the user typed,
shows the pandas code ready to copy, and offers it as a new cell (see
:func:`~analyst_pa.notebook._code.offer_next_cell` for when it appears).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from analyst_pa.notebook._code import cell_code, is_identifier, offer_next_cell
from analyst_pa.notebook._html import (
    esc,
    issue_html,
    issues_by_severity,
    issues_summary,
    severity_heading,
)
from analyst_pa.results import Analysis, Issue

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Data", "QualityView", "css_name"]


@dataclass(frozen=True)
class Data:
    """The frame an analysis was made of, and how the user's code reaches it.

    ``expression`` is a variable name (``df``) or a call
    (``analyst_pa.load('dataset:flights')``); generated code starts from it.
    """

    frame: pd.DataFrame
    expression: str


def css_name(text: str) -> str:
    """Return ``text`` as a CSS class fragment (browser tests find rows by it)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower()


def _default_target(data: Data | None) -> str:
    if data is not None and is_identifier(data.expression):
        return f"{data.expression}_clean"
    return "df_clean"


class QualityView(widgets.VBox):
    """The issues of an analysis, with their fixes to accept and apply.

    Parameters
    ----------
    analysis : Analysis
        Whose issues to show.
    data : Data, optional
        The analysed frame; without it the user names the variable that
        holds it (a guess from the namespace is filled in).
    shell : InteractiveShell, optional
        Where the cleaned frame is bound and the code cell offered.
    """

    def __init__(
        self, analysis: Analysis, *, data: Data | None = None, shell: Any = None
    ) -> None:
        self.analysis = analysis
        self.data = data
        self.shell = shell
        self.boxes: dict[str, widgets.Checkbox] = {}

        self.source = widgets.Text(
            value=data.expression if data else _guess_name(shell, analysis),
            description="Data",
            disabled=data is not None,
            layout=widgets.Layout(width="260px"),
        )
        self.target = widgets.Text(
            value=_default_target(data),
            description="Save as",
            layout=widgets.Layout(width="220px"),
        )
        self.apply_button = widgets.Button(
            description="Apply accepted fixes",
            button_style="primary",
            icon="check",
            layout=widgets.Layout(width="190px"),
        )
        self.status = widgets.HTML()
        self.code = widgets.Textarea(
            layout=widgets.Layout(width="100%", height="140px", display="none"),
        )
        self.apply_button.on_click(self._apply)
        self.apply_button.add_class("analyst-pa-apply")
        self.status.add_class("analyst-pa-status")
        self.code.add_class("analyst-pa-code")

        super().__init__(children=self._rows())
        self.add_class("analyst-pa-quality")

    def _rows(self) -> list[widgets.Widget]:
        issues = self.analysis.issues
        rows: list[widgets.Widget] = [widgets.HTML(issues_summary(issues))]
        for severity, found in issues_by_severity(issues).items():
            rows.append(widgets.HTML(severity_heading(severity, len(found))))
            rows += [self._issue_row(issue) for issue in found]

        if any(issue.fix is not None for issue in issues):
            controls = widgets.HBox([self.source, self.target, self.apply_button])
            area = widgets.VBox([controls, self.status, self.code])
            area.add_class("analyst-pa-apply-area")
            rows.append(area)
        return rows

    def _issue_row(self, issue: Issue) -> widgets.Widget:
        text = widgets.HTML(issue_html(issue), layout=widgets.Layout(flex="1 1 auto"))
        if issue.fix is None:
            row: widgets.Box = widgets.HBox(
                [_spacer(), text], layout=widgets.Layout(margin="2px 0")
            )
        else:
            box = widgets.Checkbox(
                value=issue.fix.safe,
                description="accept",
                indent=False,
                layout=widgets.Layout(width="80px", flex="0 0 auto"),
            )
            box.observe(self._same_fix_follows(issue), names="value")
            self.boxes[issue.id] = box
            row = widgets.HBox([box, text], layout=widgets.Layout(margin="2px 0"))
        row.add_class("analyst-pa-issue")
        row.add_class(f"analyst-pa-issue-{css_name(issue.id)}")
        return row

    def _same_fix_follows(self, issue: Issue) -> Callable[[dict[str, Any]], None]:
        # Two issues can propose the same fix (dropping a column correlated
        # with two others): accepting or rejecting it is one decision.
        def follow(change: dict[str, Any]) -> None:
            assert issue.fix is not None
            for other in self.analysis.issues:
                box = self.boxes.get(other.id)
                if other.fix is not None and other.fix.id == issue.fix.id and box:
                    box.value = change["new"]

        return follow

    @property
    def accepted(self) -> list[str]:
        """The ids of the issues whose fix is ticked."""
        return [issue_id for issue_id, box in self.boxes.items() if box.value]

    def _say(self, message: str, *, error: bool = False) -> None:
        colour = "var(--jp-error-color1, #d32f2f)" if error else "inherit"
        self.status.value = f'<div style="color: {colour}">{message}</div>'

    def _apply(self, _button: widgets.Button | None = None) -> None:
        # A callback's exception would only reach the browser's log console,
        # so every failure is said in the panel instead.
        try:
            self.apply()
        except Exception as exc:
            self._say(f"Not applied: {esc(type(exc).__name__)}: {esc(exc)}", error=True)

    def apply(self) -> pd.DataFrame | None:
        """Apply the ticked fixes, bind the result, and offer the code.

        Returns
        -------
        DataFrame or None
            The cleaned frame, or None when nothing was applied (the status
            line says why).
        """
        target = self.target.value.strip()
        problem = self._check(target)
        if problem:
            self._say(problem, error=True)
            return None
        data = self._data()
        if data is None:
            return None

        from analyst_pa.quality import fix

        fixed = fix(data.frame, self.analysis.issues, accept=self.accepted)
        code = cell_code(
            fixed.code,
            source=data.expression,
            target=target,
            comment=f"analyst_pa: the fixes accepted for {data.expression}",
        )
        self.shell.user_ns[target] = fixed.frame
        self._show(code, target, data, fixed)
        offer_next_cell(self.shell, code)
        return fixed.frame

    def _check(self, target: str) -> str | None:
        if self.shell is None:
            return "Apply needs IPython: run this in a notebook."
        if not self.accepted:
            return "Nothing to apply: tick the fixes to accept first."
        if not is_identifier(target):
            return f"{esc(target) or 'An empty name'} is not a Python variable name."
        return None

    def _data(self) -> Data | None:
        if self.data is not None:
            return self.data
        import pandas as pd

        name = self.source.value.strip()
        frame = self.shell.user_ns.get(name) if is_identifier(name) else None
        if not isinstance(frame, pd.DataFrame):
            self._say(
                f"No DataFrame called {esc(name) or '(empty)'}: type the name of the "
                "variable holding the data that was analysed.",
                error=True,
            )
            return None
        return Data(frame, name)

    def _show(self, code: str, target: str, data: Data, fixed: Any) -> None:
        rows, columns = fixed.frame.shape
        done = " ".join(_logged(entry) for entry in fixed.log)
        done += "".join(f" Not applied: {esc(note)}." for note in fixed.skipped)
        self._say(
            f"<b>{esc(target)}</b> = {esc(data.expression)} cleaned: {rows:,} rows × "
            f"{columns} columns. {done} The code below is ready to copy; it also "
            "goes into a new cell under the next cell you run."
        )
        self.code.value = code
        self.code.layout.display = None


def _logged(entry: Any) -> str:
    """One applied fix and what it changed, as a sentence."""
    changes = [
        f"{n:,} rows {what}"
        for n, what in (
            (entry.rows_changed, "changed"),
            (entry.rows_removed, "removed"),
        )
        if n
    ]
    said = esc(entry.description.rstrip("."))
    return f"{said} ({', '.join(changes)})." if changes else f"{said}."


def _spacer() -> widgets.Widget:
    return widgets.Box(layout=widgets.Layout(width="80px", flex="0 0 auto"))


def _guess_name(shell: Any, analysis: Analysis) -> str:
    """The variable holding a frame of the analysed shape and columns, if one."""
    table = analysis.profile
    if shell is None or table is None:
        return ""
    import pandas as pd

    names = [c.name for c in table.columns]
    for name, value in shell.user_ns.items():
        if (
            not name.startswith("_")
            and isinstance(value, pd.DataFrame)
            and value.shape == (table.n_rows, table.n_columns)
            and [str(c) for c in value.columns] == names
        ):
            return str(name)
    return ""
