"""Tests of briefgen/preview: serve and watch."""
