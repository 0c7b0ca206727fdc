"""Click parameter types for dates and ``--as-of``, failing with one clear message."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from mopr_timeline import PERIODS
from mopr_timeline.dates import DateParseError, FuzzyDate, parse_date

__all__ = ["AS_OF", "DATE", "AsOfType", "DateType", "LiveChoice"]

if TYPE_CHECKING:
    _DateBase = click.ParamType[FuzzyDate, Any]
    _AsOfBase = click.ParamType[int | _dt.datetime, Any]
else:  # click < 8.2 has no generic ParamType
    _DateBase = _AsOfBase = click.ParamType


class DateType(_DateBase):
    """Any ``parse_date`` form: ``1925``, ``Aug. 1925``, ``before 1933``, EDTF, a named period
    of the dataset (``during the Spanish Civil War``)..."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, FuzzyDate):
            return value
        try:
            return parse_date(str(value), periods=PERIODS)
        except DateParseError as exc:
            self.fail(str(exc), param, ctx)


class AsOfType(_AsOfBase):
    """A stream version (``40``) or a recording time (ISO date-time; UTC when no offset)."""

    name = "version|datetime"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, int | _dt.datetime):
            return value
        text = str(value).strip()
        if text.isdigit():
            return int(text)
        try:
            moment = _dt.datetime.fromisoformat(text)
        except ValueError:
            self.fail(
                f"{text!r} is neither a stream version (e.g. 40) nor an ISO date-time "
                "(e.g. 2026-01-31T12:00:00+00:00)",
                param,
                ctx,
            )
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=_dt.UTC)


DATE = DateType()
AS_OF = AsOfType()


class LiveChoice(click.Choice):  # type: ignore[type-arg]
    """A choice among values known only when the command runs (the registered event kinds,
    which a ``--kinds`` module may add to)."""

    def __init__(self, values: Callable[[], Sequence[str]]) -> None:
        super().__init__(())
        self._values = values

    @property  # type: ignore[override]
    def choices(self) -> Sequence[str]:
        return tuple(self._values())

    @choices.setter
    def choices(self, _: Sequence[str]) -> None:
        """Set by ``click.Choice.__init__``; the values are read live instead."""
