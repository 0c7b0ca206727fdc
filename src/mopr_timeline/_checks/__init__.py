"""Internals of ``mopr_timeline.check``: the report records, integrity and consistency checks."""
