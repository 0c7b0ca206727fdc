"""Helpers of the ``mopr-timeline`` command line (the commands themselves are in ``cli``)."""
