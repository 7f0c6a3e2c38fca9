"""Tests of briefgen/render/pdfkit."""
