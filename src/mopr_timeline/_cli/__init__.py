"""Helpers of the ``mopr-timeline`` command line (the commands themselves are in ``cli``):
the error policy, event input, kinds of your own, parameter types and rendering."""

from mopr_timeline._cli._errors import InputError, OneLineErrors, user_files
from mopr_timeline._cli._input import EventFlags, EventInputError, build_event
from mopr_timeline._cli._kinds import ENTRY_POINT_GROUP, ENV_VAR, load_kinds, modules_from_env
from mopr_timeline._cli._params import AS_OF, DATE, LiveChoice
from mopr_timeline._cli._relations import explained, narrowed_json, relations_from_flags
from mopr_timeline._cli._render import (
    chronology_table,
    date_report,
    parse_text,
    span_report,
    state_for_people,
    state_view,
    to_json_ready,
)

__all__ = [
    "AS_OF",
    "DATE",
    "ENTRY_POINT_GROUP",
    "ENV_VAR",
    "EventFlags",
    "EventInputError",
    "InputError",
    "LiveChoice",
    "OneLineErrors",
    "build_event",
    "chronology_table",
    "date_report",
    "explained",
    "load_kinds",
    "modules_from_env",
    "narrowed_json",
    "parse_text",
    "relations_from_flags",
    "span_report",
    "state_for_people",
    "state_view",
    "to_json_ready",
    "user_files",
]
