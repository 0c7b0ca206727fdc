"""``python -m mopr_timeline``: the command line."""

from mopr_timeline.cli import main

if __name__ == "__main__":
    main()
