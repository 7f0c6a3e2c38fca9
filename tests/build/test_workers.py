"""The worker pool spreads jobs over all its workers, from a count or a lazy feed.

A regression test: a pool that dispatched one job and then waited for it ran a
whole batch on one worker while the other sat idle.
"""

from __future__ import annotations

import os
import time

import pytest

from briefgen.build.pool import WorkerPool


def _busy(index: int) -> tuple:
    started = time.monotonic()
    while time.monotonic() - started < 0.2:
        pass
    return index, os.getpid()


@pytest.mark.parametrize("size", [2, 3])
@pytest.mark.parametrize("lazy", [False, True])
def test_every_worker_gets_jobs(tmp_path, size, lazy) -> None:
    def feed():
        for i in range(2 * size):
            time.sleep(0.02)  # drawing a job costs time (the engine parses a source)
            yield i

    pool = WorkerPool(_busy, size, 30, str(tmp_path), lambda slot: None)
    with pool:
        pool.start()
        finished = list(pool.results(feed() if lazy else 2 * size))
    assert sorted(f.index for f in finished) == list(range(2 * size))
    assert all(f.failure is None for f in finished)
    assert len({f.result[1] for f in finished}) == size  # each worker ran some


def test_init_sees_each_workers_slot(tmp_path) -> None:
    slots = tmp_path / "slots"
    slots.mkdir()

    def init(slot: int) -> None:
        (slots / str(slot)).write_text(str(os.getpid()))

    pool = WorkerPool(_busy, 2, 30, str(tmp_path), init)
    with pool:
        pool.start()
        list(pool.results(2))
    assert sorted(p.name for p in slots.iterdir()) == ["0", "1"]


def test_a_worker_retires_after_its_quota_and_a_fresh_one_takes_over(tmp_path) -> None:
    pool = WorkerPool(_quick, 2, 30, str(tmp_path), lambda slot: None, max_jobs=3)
    with pool:
        pool.start()
        finished = list(pool.results(20))
    assert sorted(f.index for f in finished) == list(range(20))
    assert all(f.failure is None for f in finished)
    per_worker = {}
    for f in finished:
        per_worker[f.result[1]] = per_worker.get(f.result[1], 0) + 1
    assert len(per_worker) >= 7 and max(per_worker.values()) <= 3  # 20 jobs, 3 each at most
    assert not pool.workers  # every worker reaped


def _quick(index: int) -> tuple:
    return index, os.getpid()


def test_each_worker_imports_ahead_what_it_will_most_likely_render() -> None:
    """The preload plan plays out the pool's first-idle-worker rule with the registry's costs (#24)."""
    from briefgen.build.preload import assign

    # three outputs on two workers: the handout's worker is free first and takes the deck
    assert assign(["handout", "memo", "deck"], 2) == [["handout", "deck"], ["memo"]]
    # the four defaults: the handout PDF is the long one, the other worker runs the rest
    assert assign(["handout-pdf", "handout", "memo", "deck"], 2) == [["handout-pdf"], ["handout", "memo", "deck"]]
    assert assign(["memo"], 4) == [["memo"], [], [], []]
    assert assign(["memo", "deck"], 0) == [["memo", "deck"]]
    every = ["handout-pdf", "handout", "memo", "deck", "onepager", "deck-notes", "docx"]
    plan = assign(every, 3)
    assert sorted(sum(plan, [])) == sorted(every) and all(plan)  # each job planned once, no worker idle
