from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from analyst_pa.runs import Run, RunStore, write_atomic


def _finished_run(store: RunStore, source: str, payload: bytes = b"") -> str:
    run = Run(source, ["load"], store=store)
    with run.stage("load"):
        pass
    run.write_artifact("data.bin", lambda tmp: tmp.write_bytes(payload))
    run.finish()
    return run.id


def test_runs_are_listed_newest_first(tmp_path):
    store = RunStore(tmp_path)
    ids = [_finished_run(store, f"source {i}") for i in range(3)]
    listed = store.recent()
    assert [r.id for r in listed] == list(reversed(ids))
    assert [r.source for r in store.recent(limit=2)] == ["source 2", "source 1"]


def test_old_runs_are_removed_by_age(tmp_path):
    store = RunStore(tmp_path, max_age=timedelta(days=1))
    old = _finished_run(store, "old")
    new = _finished_run(store, "new")

    removed = store.clean(now=store.get(old).started_at + timedelta(days=1, hours=1))
    assert old in removed and new in removed  # both are older than a day by then

    store = RunStore(tmp_path, max_age=timedelta(days=1))
    kept = _finished_run(store, "kept")
    assert store.clean() == []
    assert [r.id for r in store.recent()] == [kept]
    assert not (tmp_path / old).exists()


def test_oldest_runs_are_removed_beyond_the_size_cap(tmp_path):
    store = RunStore(tmp_path, max_bytes=2500)
    first = _finished_run(store, "a", b"x" * 1000)
    second = _finished_run(store, "b", b"x" * 1000)
    third = _finished_run(store, "c", b"x" * 1000)

    removed = store.clean()

    assert removed == [first]
    assert [r.id for r in store.recent()] == [third, second]
    assert not (tmp_path / first).exists()
    assert (tmp_path / second / "data.bin").stat().st_size == 1000


def test_write_atomic_leaves_nothing_when_the_writer_fails(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")

    def broken(tmp):
        tmp.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, broken)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_store_takes_a_sqlalchemy_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite'}"
    store = RunStore(tmp_path / "runs", url=url)
    run_id = _finished_run(store, "s")
    assert (tmp_path / "elsewhere.sqlite").exists()
    assert RunStore(tmp_path / "runs", url=url).get(run_id).source == "s"


def test_unknown_run_is_a_key_error(tmp_path):
    with pytest.raises(KeyError, match="no run 'nope'"):
        RunStore(tmp_path).get("nope")


def test_started_at_is_aware_utc(tmp_path):
    store = RunStore(tmp_path)
    run_id = _finished_run(store, "s")
    started = store.get(run_id).started_at
    assert started.tzinfo is not None
    assert abs(datetime.now(UTC) - started) < timedelta(minutes=1)


def test_runs_starting_together_on_a_new_store_both_record(tmp_path):
    # Regression: both found no index table and one failed creating it.
    import threading
    from concurrent.futures import ThreadPoolExecutor

    workers = 8

    def start(root, together: threading.Barrier, i: int) -> str:
        store = RunStore(root)
        together.wait()
        return _finished_run(store, f"source {i}")

    # The race is narrow: try it on several new stores.
    for attempt in range(10):
        root, together = tmp_path / str(attempt), threading.Barrier(workers)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            ids = list(
                pool.map(start, [root] * workers, [together] * workers, range(workers))
            )
        assert sorted(r.id for r in RunStore(root).recent()) == sorted(ids)
