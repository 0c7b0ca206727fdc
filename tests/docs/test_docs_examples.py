"""Every ```python block of README.md and docs/*.md runs, in order, one namespace per file.

A block that cannot run (it needs a database server, say) is marked by the HTML comment
``<!-- skip: why -->`` on the line before its opening fence (blank lines between are
allowed). Other fences (``console``, ``text``, ``sql``...) are never run.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_SKIP = re.compile(r"<!--\s*skip\b[^>]*-->\s*$")


def python_blocks(text: str) -> list[tuple[int, str, bool]]:
    """``(line, source, skipped)`` for each python block, in order."""
    blocks = []
    for match in _FENCE.finditer(text):
        if match["info"].strip().split(" ")[0] not in ("python", "py"):
            continue
        before = text[: match.start()].rstrip("\n ")
        skipped = bool(_SKIP.search(before.rsplit("\n", 1)[-1]))
        indent = len(match["indent"])
        body = "".join(line[indent:] for line in match["body"].splitlines(keepends=True))
        blocks.append((text.count("\n", 0, match.start()) + 2, body, skipped))
    return blocks


def test_the_block_finder_honours_skip_marks() -> None:
    text = "x\n\n```python\na = 1\n```\n<!-- skip: needs a server -->\n\n```python\nb\n```\n"
    text += "```console\n$ ls\n```\n  ```python\n  c = 2\n  ```\n"
    assert python_blocks(text) == [(4, "a = 1\n", False), (9, "b\n", True), (15, "c = 2\n", False)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not page.exists():
        pytest.skip(f"{page.name} does not exist")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", os.environ.get("MPLBACKEND", "Agg"))
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    relative = page.relative_to(ROOT)
    for line, source, skipped in python_blocks(page.read_text(encoding="utf-8")):
        if skipped:
            continue
        code = compile("\n" * (line - 1) + source, str(relative), "exec")
        try:
            exec(code, namespace)
        except Exception as exc:  # report which block of which page broke
            pytest.fail(
                f"{relative}:{line}: example failed: {type(exc).__name__}: {exc}\n"
                "(mark a block that cannot run with <!-- skip: why --> before its fence)"
            )
