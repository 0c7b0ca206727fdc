"""One hedge per date: doubled or misplaced qualifiers are refused, never read as wider.

EDTF puts at most one mark (``~`` approximate, ``?`` uncertain, ``%`` both) on a component,
either before it or after it, never both; ``1925~~``, ``1925?~`` and ``~1925~`` are not EDTF.
A word and a mark of the same kind (``c. 1925~``, ``maybe 1925?``) or the same word twice
(``c. c. 1925``) say one hedge twice, which has no reading: they are refused too. A word and a
mark of different kinds (``c. 1925?``) are approximate and uncertain together.
"""

from __future__ import annotations

from mopr_timeline.dates._errors import DateParseError

__all__ = ["check_mark", "check_marks_of_components", "refuse_repeated_hedge"]

_ONE_MARK = "EDTF puts one qualifier on a date: ~ (approximate), ? (uncertain) or % (both)"


def check_mark(text: str, marks: str, position: int) -> None:
    """Refuse a run of more than one qualifier mark (``1925~~``, ``1925?~``)."""
    if len(marks) > 1:
        raise DateParseError(text, f"{marks!r} doubles a qualifier: {_ONE_MARK}", position)


def check_marks_of_components(text: str, groups: tuple[tuple[str | None, int], ...]) -> None:
    """Each EDTF component's marks, before and after it (``(marks, position)`` pairs in the
    order qualifier-before, qualifier-after): at most one mark, on one side."""
    for index in range(0, len(groups), 2):
        (before, before_at), (after, after_at) = groups[index], groups[index + 1]
        check_mark(text, before or "", before_at)
        check_mark(text, after or "", after_at)
        if before and after:
            raise DateParseError(
                text,
                f"the same part of the date is qualified twice ({before!r} before it and "
                f"{after!r} after it): {_ONE_MARK}",
                after_at,
            )


def refuse_repeated_hedge(text: str, kind: str, position: int) -> None:
    """A second approximate (or uncertain) word or mark on a date that already has one."""
    raise DateParseError(
        text,
        f"the date is marked {kind} twice: one hedge per date (c. 1925, 1925~, maybe 1925 or "
        "1925?; a word and a mark of different kinds, as in c. 1925?, are both)",
        position,
    )
