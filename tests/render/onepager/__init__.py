"""Tests of briefgen/render/onepager."""
