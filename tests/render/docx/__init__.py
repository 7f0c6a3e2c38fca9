"""Tests of briefgen/render/docx."""
