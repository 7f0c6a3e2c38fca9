"""Tests of briefgen/cli: the command line as a newcomer and a fuzzer meet it."""
