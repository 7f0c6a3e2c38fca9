"""Tests of briefgen/importers: briefgen import DRAFT.docx."""
