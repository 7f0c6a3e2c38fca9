"""Whole-tool runs over shared corpora: the hostile corpus, the real reports, the threat model of SECURITY.md."""
