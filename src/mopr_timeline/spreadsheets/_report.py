"""What an import says: the rows read, the events appended, the rows already there, and every
bad row with its line, column, field and reason."""

from __future__ import annotations

from typing import Any

import attrs

from mopr_timeline.errors import MoprTimelineError

__all__ = ["AlreadyThere", "BadRowsError", "ImportReport", "RowError", "SpreadsheetError"]


class SpreadsheetError(MoprTimelineError, ValueError):
    """A table that cannot be imported at all, found before any row is read: a file that is
    not UTF-8 CSV, a mapping to a field the kind does not have, a column missing from the
    header, a required field left unmapped. Nothing is written."""


@attrs.frozen(kw_only=True)
class RowError:
    """Why one row cannot be imported: its ``line`` in the file (the header is line 1), the
    ``column`` and ``field`` at fault (None when the row as a whole is), and the reason."""

    line: int
    column: str | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}"
        if self.column is not None:
            where += f", column {self.column!r}"
        if self.field is not None:
            where += f" ({self.field})" if self.column is not None else f", field {self.field!r}"
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "reason": self.reason,
        }


@attrs.frozen(kw_only=True)
class AlreadyThere:
    """A row whose event the stream already holds (same id, same event): not appended again."""

    line: int
    id: str


@attrs.frozen(kw_only=True)
class ImportReport:
    """The outcome of importing a table into one stream as events of one kind.

    ``rows`` counts the rows read (blank rows are skipped and not counted); ``appended`` are
    the ids of the events appended in one batch (with ``dry_run``: that would be appended);
    ``already`` the rows whose event the stream already holds; ``errors`` every bad row (then
    nothing is appended); ``version`` the stream's version after the append, None when
    nothing was written.
    """

    table: str
    kind: str
    stream: str
    rows: int
    appended: tuple[str, ...] = ()
    already: tuple[AlreadyThere, ...] = ()
    errors: tuple[RowError, ...] = ()
    version: int | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """No bad row."""
        return not self.errors

    def headline(self) -> str:
        """The outcome in one line."""
        name = f"{self.table}: "
        if self.errors:
            bad = len({error.line for error in self.errors})
            return (
                f"{name}{bad} of {_count(self.rows, 'row')} cannot be imported as {self.kind}; "
                "nothing was written"
            )
        if self.rows == 0:
            return f"{name}no rows; nothing was written"
        already = ""
        if self.already:
            already = f"; {len(self.already)} of the {_count(self.rows, 'row')} already there"
        if self.dry_run:
            return (
                f"{name}{_count(self.rows, 'row')} checked: would append "
                f"{_count(len(self.appended), self.kind + ' event')} to stream "
                f"{self.stream!r}{already} (dry run: nothing was written)"
            )
        if not self.appended:
            return (
                f"{name}all {_count(self.rows, 'row')} already in stream {self.stream!r}; "
                "nothing was appended"
            )
        return (
            f"{name}appended {_count(len(self.appended), self.kind + ' event')} to stream "
            f"{self.stream!r} (now at version {self.version}){already}"
        )

    def to_text(self) -> str:
        """The headline, then one indented line per bad row."""
        return "\n".join([self.headline(), *(f"  {error}" for error in self.errors)])

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values."""
        return {
            "table": self.table,
            "kind": self.kind,
            "stream": self.stream,
            "rows": self.rows,
            "appended": list(self.appended),
            "already": [{"line": a.line, "id": a.id} for a in self.already],
            "errors": [error.to_dict() for error in self.errors],
            "version": self.version,
            "dry_run": self.dry_run,
            "ok": self.ok,
        }


class BadRowsError(SpreadsheetError):
    """Rows that cannot be imported; ``report`` lists every one of them (``report.errors``).
    Nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.errors = report.errors
        super().__init__(report.to_text())


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
