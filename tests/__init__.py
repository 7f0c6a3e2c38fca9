"""briefgen's tests: one folder per package of briefgen (see docs/architecture.md, Tests); helpers in tests/support."""
