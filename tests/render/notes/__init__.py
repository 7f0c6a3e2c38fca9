"""Tests of briefgen/render/notes."""
