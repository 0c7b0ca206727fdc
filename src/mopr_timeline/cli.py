"""STUB: replaced by the views work."""


def main() -> None:
    raise SystemExit("not yet")
