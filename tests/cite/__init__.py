"""Tests of briefgen/cite: citations."""
