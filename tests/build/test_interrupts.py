"""briefgen.build.interrupts: which signal wins, when a stop raises, and that a deferred or swallowed one is not lost."""

from __future__ import annotations

import signal
import types

import pytest

from briefgen.build import interrupts


@pytest.fixture
def handlers():
    saved = {s: signal.getsignal(s) for s in interrupts.STOPPING}
    interrupts.install()
    yield
    for s, h in saved.items():
        signal.signal(s, h)
    interrupts.install()  # forget this test's signals
    for s, h in saved.items():
        signal.signal(s, h)


def _frame(filename: str):
    return types.SimpleNamespace(f_code=types.SimpleNamespace(co_filename=filename))


def test_a_stop_raises_with_the_first_signals_status(handlers) -> None:
    with pytest.raises(interrupts.Interrupted) as caught:
        interrupts._handler(signal.SIGTERM, _frame(__file__))
    assert caught.value.status == 143
    with pytest.raises(interrupts.Interrupted) as again:  # a swallowed first stop does not silence the next
        interrupts._handler(signal.SIGINT, _frame(__file__))
    assert again.value.status == 143, "the exit status is the first signal's"


def test_inside_the_import_machinery_the_stop_waits_for_the_next_check(handlers) -> None:
    interrupts._handler(signal.SIGHUP, _frame("<frozen importlib._bootstrap>"))  # must not raise there
    assert interrupts.pending()
    with pytest.raises(interrupts.Interrupted) as caught:
        interrupts.check()
    assert caught.value.status == 129


def test_once_stopping_further_signals_are_ignored(handlers) -> None:
    interrupts._received.append(signal.SIGINT)
    interrupts.ignore_further()
    assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    interrupts._handler(signal.SIGINT, _frame(__file__))  # a late delivery: no exception
    interrupts.check()
    assert not interrupts.pending()
    assert interrupts.status_of(KeyboardInterrupt()) == 130


def test_deferred_holds_signals_until_the_step_ends(handlers) -> None:
    with interrupts.deferred():
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, ())
        assert set(interrupts.STOPPING) <= set(mask)
    assert not set(interrupts.STOPPING) & set(signal.pthread_sigmask(signal.SIG_BLOCK, ()))
