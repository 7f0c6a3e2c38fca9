"""The build machinery: what is stale, parsing once, rendering in workers, writing atomically.

:mod:`.registry` (one entry per output), :mod:`.engine` (plan and run a build),
:mod:`.report` (what the user sees), :mod:`.pool` and :mod:`.worker` (forked
render processes and one job in them), :mod:`.manifest` (what each output was
made from), :mod:`.fastpath` (the no-op build), :mod:`.preload`, :mod:`.cache`,
:mod:`.interrupts`, :mod:`.fsutil`, :mod:`.outfolder` and :mod:`.cleaning`.

This package's ``__init__`` imports nothing: the no-op build goes through it.
"""
