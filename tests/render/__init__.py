"""Tests of briefgen/render: each renderer in its folder; what concerns every output (charts, drafts, fonts, table shapes) here."""
