"""Tests of briefgen/build: the engine, workers, caches, faults, safe writing."""
