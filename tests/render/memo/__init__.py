"""Tests of briefgen/render/memo."""
