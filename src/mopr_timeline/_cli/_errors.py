"""The command line's error policy: bad input is one line on stderr and exit code 2; a bug is a
traceback and exit code 1; the library's warnings are lines on stderr.

Bad input is what the library refuses on purpose (``MoprTimelineError`` and its subclasses:
an unreadable date, a malformed event, an unknown store...) and click's usage errors. Any
other exception is a bug and surfaces as one, never disguised as bad input. An ``OSError``
that a user's input can cause (an unwritable ``--output``, an unreadable store file) is
turned into an ``InputError`` where it happens (``user_files``).
"""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

import click

from mopr_timeline.errors import MoprTimelineError
from mopr_timeline.replay import UnreadableRecordWarning, UnregisteredKindWarning

__all__ = ["PROG", "USAGE_ERROR", "InputError", "OneLineErrors", "fail", "user_files"]

USAGE_ERROR = 2
PROG = "mopr-timeline"


class InputError(MoprTimelineError, click.ClickException):
    """Bad input found by a command (an unknown event id, a missing store...)."""

    exit_code = USAGE_ERROR

    def __init__(self, message: str) -> None:
        click.ClickException.__init__(self, message)


@contextlib.contextmanager
def user_files(what: str) -> Iterator[None]:
    """Turn an ``OSError`` from a file the user named (``what``: ``"--output 'x.csv'"``)
    into an ``InputError`` saying what could not be done."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) not in what else ""
        raise InputError(f"{what}: {reason}{where}") from exc


class OneLineErrors(click.Group):
    """A group whose bad-input errors print as ``mopr-timeline: error: ...`` on one stderr
    line with exit code 2, and whose warnings print as ``mopr-timeline: warning: ...``.

    Only the library's own errors (``MoprTimelineError``) and click's usage errors count as
    bad input; any other exception propagates with its traceback (exit code 1).
    """

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        del standalone_mode
        failure: tuple[str, int] | None = None
        result: Any = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UnregisteredKindWarning)
            warnings.simplefilter("always", UnreadableRecordWarning)
            try:
                result = super().main(
                    args, prog_name or PROG, complete_var, standalone_mode=False, **extra
                )
            except click.exceptions.Abort:
                failure = ("aborted", 1)
            except click.ClickException as exc:
                failure = (_context(exc), exc.exit_code)
            except MoprTimelineError as exc:
                failure = (str(exc) or type(exc).__name__, USAGE_ERROR)
        if failure is not None:
            fail(*failure)
        _show(caught)
        sys.exit(result if isinstance(result, int) else 0)


_UNREADABLE_SHOWN = 10
"""Unreadable records named one per line, per stream; more are counted in one line."""


def _show(caught: list[warnings.WarningMessage]) -> None:
    """The warnings of a command that succeeded: the library's as lines on stderr (skipped
    records of unregistered kinds summed up in one line per stream, unreadable records one
    line each up to ``_UNREADABLE_SHOWN`` per stream), any other as Python shows it. (A
    command that fails prints its one error line only.)"""
    skipped: dict[str, dict[str, int]] = {}
    shown: set[str] = set()
    unreadable: dict[str, set[int]] = {}
    for item in caught:
        message = item.message
        if isinstance(message, UnreadableRecordWarning):
            seen = unreadable.setdefault(message.stream, set())
            if message.version not in seen and len(seen) < _UNREADABLE_SHOWN:
                click.echo(f"{PROG}: warning: {' '.join(str(message).split())}", err=True)
            seen.add(message.version)
        elif isinstance(message, UnregisteredKindWarning):
            kinds = skipped.setdefault(message.stream, {})
            kinds[message.kind] = max(kinds.get(message.kind, 0), len(message.versions))
        elif item.category.__module__.startswith("mopr_timeline."):
            text = " ".join(str(message).split())
            if text not in shown:
                shown.add(text)
                click.echo(f"{PROG}: warning: {text}", err=True)
        else:
            warnings.showwarning(message, item.category, item.filename, item.lineno, item.file)
    for stream, versions in unreadable.items():
        if len(versions) > _UNREADABLE_SHOWN:
            click.echo(
                f"{PROG}: warning: stream {stream!r}: skipped {len(versions) - _UNREADABLE_SHOWN}"
                " more unreadable record(s); mopr-timeline check lists them all",
                err=True,
            )
    for stream, kinds in skipped.items():
        count = sum(kinds.values())
        listed = ", ".join(f"{kind} ({n})" if n > 1 else kind for kind, n in kinds.items())
        click.echo(
            f"{PROG}: warning: stream {stream!r}: skipped {count} record(s) of event kinds not "
            f"declared here: {listed}; load the module declaring them with --kinds MODULE "
            "(or MOPR_TIMELINE_KINDS) to replay them",
            err=True,
        )


def _context(exc: click.ClickException) -> str:
    message = exc.format_message()
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        return f"{message} (see '{ctx.command_path} --help')"
    return message


def fail(message: str, code: int) -> NoReturn:
    """Print ``mopr-timeline: error: MESSAGE`` (on one line) on stderr and exit with ``code``."""
    click.echo(f"{PROG}: error: {' '.join(message.split())}", err=True)
    sys.exit(code)
