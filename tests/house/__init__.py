"""Tests of the house rules across all of briefgen: import graph, block kinds x renderers, located diagnostics, CI skips, this layout."""
