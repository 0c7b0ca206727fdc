"""Issue 15's reproductions at the command line (the records' half): hostile input is one line
and exit code 2 with the store unchanged, and a log holding an unreadable record still
answers every command."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from cli_support import one_line_error, run, stored_ids

from legacy_support import unchecked_appends
from mopr_timeline import (
    FiguresReported,
    Founded,
    SectionEstablished,
    Timeline,
    UnreadableEvent,
    open_store,
)
from mopr_timeline._cli._input import MAX_JSON_DEPTH, MAX_JSON_SIZE


def contents(path: Path) -> object:
    """A FileStore's bytes; a SQLite store's records (reading a SQLite database may change
    its bytes: its header, a checkpoint)."""
    if path.is_dir():
        files = sorted(path.rglob("*"))
        return hashlib.sha256(b"".join(f.read_bytes() for f in files if f.is_file())).hexdigest()
    return [(r.version, r.recorded_at, r.event) for r in open_store(str(path)).read("mopr")]


NINES = "9" * 5001


@pytest.mark.parametrize(
    ("args", "names"),
    [
        # item 1: the events that made a stream unusable are refused when made
        (["--json", '{"type":"FiguresReported","when":"1925","note":123}'], "note: expected text"),
        (["--json", '{"type":"FiguresReported","when":"1925","note":null}'], "note: expected text"),
        # item 7: deep JSON is refused before it is parsed
        (["--json", "[" * 100_000], "nests arrays and objects 100,000 levels deep; an event"),
        (["--json", '{"type":"Occurred","text":' + "[" * 40 + "]" * 40 + "}"], "41 levels"),
        (["--json", '{"type":"Occurred","text":"' + "x" * MAX_JSON_SIZE + '"}'], "long"),
        # item 8: a 5,001-digit number names the field, never Python's digit limit
        (
            ["--json", f'{{"type":"FiguresReported","when":"1925","members":{NINES}}}'],
            "FiguresReported.members: expected a whole number from 0 to 9,007,199,254,740,991 or "
            "nothing, got a number of 5,001 digits",
        ),
        (
            ["--type", "FiguresReported", "--when", "1925", "--field", f"members={NINES}"],
            "FiguresReported.members: expected a whole number from",
        ),
        (
            ["--json", '{"type":"FiguresReported","when":"1925","members":9007199254740992}'],
            "FiguresReported.members: expected a whole number from 0 to 9,007,199,254,740,991",
        ),
        (["--json", '{"type":"FiguresReported","when":"1925","members":NaN}'], "NaN"),
        (["--json", '{"type":"FiguresReported","when":"1925","members":1e400}'], "got inf"),
        (["--json", '{"type":"FiguresReported","when":"1925","members":1.0}'], "got 1.0"),
        (["--json", '{"type":"Occurred","when":"1925","text":"\\ud800"}'], "lone surrogate"),
        # item 9: digits are ASCII, groups of three with commas, no underscores
        (["--type", "FiguresReported", "--when", "1925", "--field", "members=٣"], "'٣'"),
        (["--type", "FiguresReported", "--when", "1925", "--field", "members=1_0,0"], "'1_0,0'"),
        (["--type", "FiguresReported", "--when", "1925", "--field", "members=12,78"], "'12,78'"),
        (["--type", "FiguresReported", "--when", "1925", "--field", "members=１２"], "members"),
        (
            ["--type", "CongressHeld", "--when", "1924", "--field", "name=C", "--field",
             "location=M", "--field", "delegate_groups=٣ CP"],
            "CongressHeld.delegate_groups: expected a count and a label",
        ),
    ],
)  # fmt: skip
def test_hostile_appends_are_one_line_and_change_nothing(
    store: Path, args: list[str], names: str
) -> None:
    before = contents(store)
    line = one_line_error(run("append", "--store", str(store), *args))
    assert names in line
    assert "4300" not in line
    assert "Traceback" not in line
    assert contents(store) == before


def test_the_limits_are_generous_for_events() -> None:
    assert MAX_JSON_DEPTH >= 8
    assert MAX_JSON_SIZE >= 100_000


def test_brackets_inside_texts_do_not_count_as_nesting(store: Path) -> None:
    text = "[" * 100 + '\\"{' * 50
    result = run(
        "append", "--store", str(store), "--json",
        f'{{"type":"Occurred","when":"1925","text":"{text}"}}',
    )  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("members", "number"), [("1,278,274", 1278274), ("1278274", 1278274), (" 1,000 ", 1000)]
)
def test_counts_as_text_in_both_spellings(store: Path, members: str, number: int) -> None:
    result = run(
        "append", "--store", str(store), "--type", "FiguresReported", "--when", "1925",
        "--field", f"members={members}", "--id", "r",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (event,) = [r.event for r in open_store(str(store)).read("mopr") if r.event.id == "r"]
    assert isinstance(event, FiguresReported)
    assert event.members == number


@pytest.mark.parametrize("command", ["check", "state 1926", "chronology"])
def test_a_missing_stream_exits_2_for_every_command(store: Path, command: str) -> None:
    """Issue 15, item 9: ``check --stream nope`` exited 0 while ``state --stream nope`` 2."""
    line = one_line_error(run(*command.split(), "--store", str(store), "--stream", "nope"))
    assert "'nope'" in line


def test_check_of_a_cut_stream_file_is_a_check_not_a_missing_stream(tmp_path: Path) -> None:
    store = tmp_path / "log"
    Timeline(open_store(str(store)), "mopr").append(
        [SectionEstablished(id="belgium", when="Aug. 1925", country="Belgium")]
    )
    (store / "mopr.jsonl").write_bytes(b"")
    assert run("check", "--store", str(store)).exit_code in (0, 1)


# --- a log already holding an unreadable record (issue 15, item 1) ---------------------------


@pytest.fixture(params=["directory", "sqlite"])
def spoiled(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A store whose third record is a FiguresReported with ``"note": 123``, as an older
    version could write it (an event altered by ``object.__setattr__``, appended without
    today's field checks)."""
    path = tmp_path / ("log" if request.param == "directory" else "log.db")
    bad = FiguresReported(id="bad", when="1925", members=5)
    object.__setattr__(bad, "note", 123)
    store = open_store(str(path))
    store.append(
        "mopr",
        [
            Founded(id="f", when="1922", name="MOPR"),
            SectionEstablished(id="belgium", when="Aug. 1925", country="Belgium"),
        ],
    )
    with unchecked_appends():
        store.append("mopr", [bad])
    store.append("mopr", [FiguresReported(id="good", when="1926", members=7)])
    store.close()
    return path


def test_a_log_holding_an_unreadable_record_answers_every_command(spoiled: Path) -> None:
    state = run("state", "1927", "--store", str(spoiled), "--format", "json")
    assert state.exit_code == 0, state.output
    answer = json.loads(state.stdout)
    assert [s["country"] for s in answer["sections"]] == ["Belgium"]
    assert [r["members"] for r in answer["reports"]] == [7]
    (warning,) = state.stderr.strip().splitlines()
    assert warning.startswith("mopr-timeline: warning: stream 'mopr': skipped version 3, ")
    assert "event 'bad' (FiguresReported) cannot be read: field 'note': expected text" in warning

    chronology = run("chronology", "--store", str(spoiled), "--format", "csv")
    assert chronology.exit_code == 0, chronology.output
    assert "bad" not in chronology.stdout
    assert "skipped version 3" in chronology.stderr

    check = run("check", "--store", str(spoiled), "--format", "json")
    assert check.exit_code == 1, check.output
    report = json.loads(check.stdout)
    assert report["ok"] is False
    (error,) = report["integrity_errors"]
    assert "version 3" in error
    assert "field 'note'" in error
    assert "mopr-timeline retract bad" in error

    appended = run(
        "append", "--store", str(spoiled), "--type", "Occurred", "--when", "1927",
        "--field", "text=still writable",
    )  # fmt: skip
    assert appended.exit_code == 0, appended.output

    retracted = run("retract", "bad", "--store", str(spoiled), "--reason", "note was a number")
    assert retracted.exit_code == 0, retracted.output
    again = run("check", "--store", str(spoiled), "--format", "json")
    assert again.exit_code == 0, again.output
    findings = json.loads(again.stdout)["findings"]
    assert findings[0]["kind"] == "unreadable-record"
    quiet = run("state", "1927", "--store", str(spoiled))
    assert quiet.exit_code == 0
    assert quiet.stderr == ""
    events = [r.event for r in open_store(str(spoiled)).read("mopr")]
    assert isinstance(events[2], UnreadableEvent)
    assert stored_ids(spoiled)[2] == "bad"


def test_many_unreadable_records_are_summed_up(tmp_path: Path) -> None:
    path = tmp_path / "log"
    store = open_store(str(path))
    store.append("mopr", [Founded(id="f", when="1922", name="MOPR")])
    for i in range(13):
        bad = FiguresReported(id=f"bad{i}", when="1925")
        object.__setattr__(bad, "note", i)
        with unchecked_appends():
            store.append("mopr", [bad])
    result = run("chronology", "--store", str(path))
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 11
    assert lines[-1] == (
        "mopr-timeline: warning: stream 'mopr': skipped 3 more unreadable record(s); "
        "mopr-timeline check lists them all"
    )
