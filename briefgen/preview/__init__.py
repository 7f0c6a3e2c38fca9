"""Previews while writing: ``watch`` (:mod:`.watch`) and ``serve`` (:mod:`.server`, answering
requests with :mod:`.web`), both rebuilding through :mod:`briefgen.build.engine` on every save."""
