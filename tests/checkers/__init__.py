"""Tests of the test suite's own checkers (tests/support/checkers): each rule has a case that must fail it."""
