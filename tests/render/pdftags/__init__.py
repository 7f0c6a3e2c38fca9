"""Tests of briefgen/render/pdftags."""
