"""``python -m mopr_timeline``: the command line."""

from mopr_timeline.cli import main

main()
