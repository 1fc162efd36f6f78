"""Where runs are kept: an index in a database and a directory per run.

The index is one table reached through SQLAlchemy, SQLite under the Jupyter
data directory by default, so a team can point it at PostgreSQL with a URL.
Artifacts are files in the run's directory, each written to a temporary name
and renamed into place, so a reader never sees half a file. Old runs are
removed by age, then by total size, oldest first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from analyst_pa.results import RunRecord

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["RunStore", "default_runs_root", "write_atomic"]

DEFAULT_MAX_AGE = timedelta(days=30)
DEFAULT_MAX_BYTES = 2 * 1024**3


def default_runs_root() -> Path:
    """Return the runs directory: ``$ANALYST_PA_RUNS_DIR`` or the Jupyter data
    directory's ``analyst_pa/runs``."""
    configured = os.environ.get("ANALYST_PA_RUNS_DIR")
    if configured:
        return Path(configured)
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "analyst_pa" / "runs"


def _read_umask() -> int:
    # Read once, at import: setting the umask to read it would, for a moment,
    # apply to files other threads create.
    umask = os.umask(0o077)
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def _new_file_mode(path: Path) -> int:
    # A replaced file keeps its mode; a new one gets what the umask allows,
    # as open() would give it (mkstemp's own files are owner-only).
    if path.exists():
        return path.stat().st_mode & 0o777
    return 0o666 & ~_UMASK


def write_atomic(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it.

    If ``write`` raises, the temporary file is removed and ``path`` is left
    as it was.
    """
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a directory; name a file to write")
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _new_file_mode(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.chmod(mode)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _directory_bytes(directory: Path) -> int:
    # Another run may be renaming its temporary files into place meanwhile:
    # a file that vanished between listing and measuring counts as nothing.
    total = 0
    for path in directory.rglob("*"):
        with contextlib.suppress(FileNotFoundError):
            if path.is_file():
                total += path.stat().st_size
    return total


class RunStore:
    """The index of runs and their directories.

    Parameters
    ----------
    root : path, optional
        The directory holding one sub-directory per run; by default
        :func:`default_runs_root`.
    url : str, optional
        SQLAlchemy URL of the index; by default ``$ANALYST_PA_STORE_URL`` or
        a SQLite file ``runs.sqlite`` in ``root``.
    max_age : timedelta
        Runs older than this are removed when a new run starts.
    max_bytes : int
        Then the oldest runs are removed until all runs together take at
        most this many bytes.
    """

    def __init__(
        self,
        root: Path | str | None = None,
        *,
        url: str | None = None,
        max_age: timedelta = DEFAULT_MAX_AGE,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.root = Path(root) if root is not None else default_runs_root()
        self.url = url or os.environ.get("ANALYST_PA_STORE_URL")
        self.max_age = max_age
        self.max_bytes = max_bytes
        self._engine: sa.Engine | None = None
        self._table: sa.Table | None = None

    def _connect(self) -> tuple[sa.Engine, sa.Table]:
        if self._engine is not None and self._table is not None:
            return self._engine, self._table

        import sqlalchemy as sa

        self.root.mkdir(parents=True, exist_ok=True)
        url = self.url or f"sqlite:///{self.root / 'runs.sqlite'}"
        metadata = sa.MetaData()
        table = sa.Table(
            "analyst_pa_runs",
            metadata,
            sa.Column("id", sa.String(64), primary_key=True),
            sa.Column("source", sa.Text, nullable=False),
            sa.Column("state", sa.String(16), nullable=False),
            sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("record", sa.Text, nullable=False),
        )
        engine = sa.create_engine(url)
        try:
            metadata.create_all(engine)
        except sa.exc.OperationalError:
            # Two runs starting together on a new store can both find no table
            # and both create it; the loser sees it now.
            metadata.create_all(engine)
        self._engine, self._table = engine, table
        return engine, table

    def directory(self, run_id: str) -> Path:
        """Return the directory of run ``run_id``; it is made by the first
        artifact written there, so a run that fails early leaves none."""
        return self.root / run_id

    def save(self, record: RunRecord) -> None:
        """Insert or update the index entry of ``record``."""
        engine, table = self._connect()
        values = {
            "source": record.source,
            "state": record.state.value,
            "started_at": record.started_at,
            "record": record.model_dump_json(),
        }
        with engine.begin() as connection:
            updated = connection.execute(
                table.update().where(table.c.id == record.id).values(**values)
            )
            if updated.rowcount == 0:
                connection.execute(table.insert().values(id=record.id, **values))

    def recent(self, *, limit: int | None = None) -> list[RunRecord]:
        """Return the recorded runs, newest first."""
        engine, table = self._connect()
        query = table.select().order_by(table.c.started_at.desc(), table.c.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with engine.connect() as connection:
            rows = connection.execute(query).all()
        return [RunRecord.model_validate_json(row.record) for row in rows]

    def get(self, run_id: str) -> RunRecord:
        """Return the record of run ``run_id``; KeyError if there is none."""
        engine, table = self._connect()
        with engine.connect() as connection:
            row = connection.execute(
                table.select().where(table.c.id == run_id)
            ).one_or_none()
        if row is None:
            raise KeyError(f"no run {run_id!r} in {self.root}")
        return RunRecord.model_validate_json(row.record)

    def clean(self, *, now: datetime | None = None) -> list[str]:
        """Remove runs past ``max_age``, then the oldest beyond ``max_bytes``.

        Returns the ids of the removed runs.
        """
        now = now or datetime.now(UTC)
        runs = sorted(self.recent(), key=lambda r: r.started_at)
        expired = [r for r in runs if now - r.started_at > self.max_age]
        kept = [r for r in runs if r not in expired]

        sizes = {r.id: _directory_bytes(self.root / r.id) for r in kept}
        total = sum(sizes.values())
        while kept and total > self.max_bytes:
            oldest = kept.pop(0)
            total -= sizes[oldest.id]
            expired.append(oldest)

        self._remove([r.id for r in expired])
        return [r.id for r in expired]

    def _remove(self, run_ids: list[str]) -> None:
        if not run_ids:
            return
        engine, table = self._connect()
        with engine.begin() as connection:
            connection.execute(table.delete().where(table.c.id.in_(run_ids)))
        for run_id in run_ids:
            shutil.rmtree(self.root / run_id, ignore_errors=True)
