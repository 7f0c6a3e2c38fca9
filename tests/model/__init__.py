"""Tests of briefgen/model: the typed document and its walks."""
