"""Tests of briefgen/layout: layouts as data, and starting one from an organization's template."""
