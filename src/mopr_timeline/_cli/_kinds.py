"""Kinds of your own at the command line: the modules declaring them, loaded before a command.

Three sources, all loaded: every entry point of the group ``mopr_timeline.kinds`` (a package
declaring kinds installs one), the modules listed in ``MOPR_TIMELINE_KINDS`` (separated by
commas), and each ``--kinds MODULE``. A MODULE is a module name, looked up in the current
directory first and then among the installed modules, or the path of a ``.py`` file. A module
that cannot be loaded is an ``InputError`` naming it and saying why (for a syntax error: the
file and line).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import sys
import traceback
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import ModuleType

from mopr_timeline._cli._errors import InputError
from mopr_timeline.events import KindError

__all__ = ["ENTRY_POINT_GROUP", "ENV_VAR", "load_kinds", "modules_from_env"]

ENTRY_POINT_GROUP = "mopr_timeline.kinds"
ENV_VAR = "MOPR_TIMELINE_KINDS"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_IMPORTLIB_DIR = Path(importlib.__file__ or "").resolve().parent


def modules_from_env(value: str | None) -> list[str]:
    """The modules a ``MOPR_TIMELINE_KINDS`` value lists (commas between, blanks ignored)."""
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def load_kinds(modules: Sequence[str], *, from_env: Sequence[str] = ()) -> list[ModuleType]:
    """Load the entry points of ``mopr_timeline.kinds``, then ``from_env``, then ``modules``
    (each once); the modules loaded, in order."""
    loaded: list[ModuleType] = []
    for point in _entry_points():
        loaded.append(_load_entry_point(point))
    seen: set[str] = set()
    for name, origin in [*((m, ENV_VAR) for m in from_env), *((m, "--kinds") for m in modules)]:
        if name in seen:
            continue
        seen.add(name)
        loaded.append(load_module(name, origin))
    return loaded


def _entry_points() -> Iterable[EntryPoint]:
    return entry_points(group=ENTRY_POINT_GROUP)


def _load_entry_point(point: EntryPoint) -> ModuleType:
    dist = getattr(point, "dist", None)
    owner = f" of {dist.name}" if dist is not None else ""
    what = f"entry point {point.name!r}{owner} ({point.group}: {point.value})"
    with _loading(what, point.module, None):
        loaded = point.load()
    module = sys.modules.get(point.module)
    return module if module is not None else loaded


def load_module(spec: str, origin: str = "--kinds") -> ModuleType:
    """Import ``spec`` (a module name or a ``.py`` path) for ``origin`` (the flag or
    variable naming it in messages)."""
    what = f"{origin} {spec!r}"
    if not spec.strip():
        raise InputError(f"{what}: expected a module name or the path of a .py file")
    if _is_path(spec):
        return _load_file(Path(spec).expanduser(), what)
    if not all(part.isidentifier() for part in spec.split(".")):
        raise InputError(
            f"{what}: not a module name (like my_kinds or package.kinds) nor a .py file"
        )
    with _loading(what, spec, None), _on_path(os.getcwd()):
        return importlib.import_module(spec)


def _is_path(spec: str) -> bool:
    return spec.endswith(".py") or "/" in spec or os.sep in spec


def _load_file(path: Path, what: str) -> ModuleType:
    if not path.exists():
        raise InputError(f"{what}: no such file")
    if not path.is_file():
        raise InputError(f"{what}: not a file (give a .py file or a module name)")
    resolved = path.resolve()
    name = _module_name(resolved)
    module = sys.modules.get(name)
    if module is not None:
        return module
    spec = importlib.util.spec_from_file_location(name, resolved)
    if spec is None or spec.loader is None:
        raise InputError(f"{what}: cannot be loaded as a Python module (a .py file?)")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        with _loading(what, name, resolved), _on_path(str(resolved.parent)):
            spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def _module_name(path: Path) -> str:
    """The name a file is loaded under: its stem, unless another module holds that name."""
    stem = path.stem if path.stem.isidentifier() else "kinds"
    held = sys.modules.get(stem)
    if held is None and stem == path.stem:
        return stem
    if held is not None and _file_of(held) == path:
        return stem
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:8]
    return f"_mopr_timeline_kinds_{stem}_{digest}"


def _file_of(module: ModuleType) -> Path | None:
    file = getattr(module, "__file__", None)
    return Path(file).resolve() if file else None


@contextmanager
def _on_path(directory: str) -> Iterator[None]:
    """``directory`` first on ``sys.path`` while a module is imported from it."""
    added = directory not in sys.path
    if added:
        sys.path.insert(0, directory)
    try:
        yield
    finally:
        if added and directory in sys.path:
            sys.path.remove(directory)


@contextmanager
def _loading(what: str, module: str, path: Path | None) -> Iterator[None]:
    """Turn what a user's module can get wrong into one ``InputError`` line."""
    try:
        yield
    except SyntaxError as exc:
        where = _place(exc.filename, exc.lineno)
        raise InputError(f"{what}: {where}: syntax error: {exc.msg}") from exc
    except KindError as exc:
        raise InputError(f"{what}: {_where(exc)}{exc}") from exc
    except ImportError as exc:
        if isinstance(exc, ModuleNotFoundError) and exc.name == module:
            raise InputError(
                f"{what}: no module named {module!r} (neither in the current directory "
                f"{os.getcwd()} nor installed); give a module name or a .py file's path"
            ) from exc
        raise InputError(f"{what}: cannot import: {_where(exc)}{exc}") from exc
    except OSError as exc:
        raise InputError(f"{what}: cannot read {path or module}: {exc.strerror or exc}") from exc


def _place(filename: str | None, line: int | None) -> str:
    shown = filename or "<unknown file>"
    return f"{shown}, line {line}" if line else shown


def _where(exc: BaseException) -> str:
    """``file, line N: `` of the innermost frame of the user's code that raised ``exc``."""
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if not frame.filename.startswith("<")
        and not Path(frame.filename).resolve().is_relative_to(_PACKAGE_DIR)
        and not Path(frame.filename).resolve().is_relative_to(_IMPORTLIB_DIR)
    ]
    if not frames:
        return ""
    last = frames[-1]
    return f"{_place(last.filename, last.lineno)}: "
