"""Tests of briefgen/render/deck."""
