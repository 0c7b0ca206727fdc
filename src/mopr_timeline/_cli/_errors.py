"""One line on stderr and exit code 2 for every bad input, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from mopr_timeline.store import StoreError

__all__ = ["USAGE_ERROR", "InputError", "OneLineErrors"]

USAGE_ERROR = 2
PROG = "mopr-timeline"


class InputError(click.ClickException):
    """Bad input found by a command (an unknown event id, a missing store...)."""

    exit_code = USAGE_ERROR


class OneLineErrors(click.Group):
    """A group whose errors print as ``mopr-timeline: error: ...`` on one stderr line.

    Click's own usage errors, the library's input errors (``ValueError`` subclasses such as
    ``DateParseError`` and ``EventError``), store errors and file errors all exit with 2.
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
        try:
            result = super().main(
                args, prog_name or PROG, complete_var, standalone_mode=False, **extra
            )
        except click.exceptions.Abort:
            _fail("aborted", 1)
        except click.ClickException as exc:
            _fail(_context(exc), exc.exit_code)
        except (ValueError, StoreError, OSError) as exc:
            _fail(str(exc) or type(exc).__name__, USAGE_ERROR)
        sys.exit(result if isinstance(result, int) else 0)


def _context(exc: click.ClickException) -> str:
    message = exc.format_message()
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        return f"{message} (see '{ctx.command_path} --help')"
    return message


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"{PROG}: error: {' '.join(message.split())}", err=True)
    sys.exit(code)
