"""Tests of briefgen/source: reading a source into the model."""
