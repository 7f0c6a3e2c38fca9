"""Tests of briefgen/render/common."""
