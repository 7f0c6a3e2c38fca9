"""Tests of briefgen/render/handout."""
