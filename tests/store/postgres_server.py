"""A throwaway PostgreSQL cluster for the tests and the benchmark: initdb, pg_ctl, teardown.

Nothing to configure: the server binaries are found on PATH or under Debian's
``/usr/lib/postgresql/<major>/bin``; the cluster lives in a fresh temporary directory, listens
on a free port of 127.0.0.1 and on a unix socket inside that directory, and is stopped and
deleted afterwards. initdb refuses to run as root, so as root the server runs as the
``postgres`` system user that Debian's package creates. The tests' session fixture starts one
per pytest-xdist worker (own directory, own port), so parallel workers never share one.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any

import attrs

SKIP_REASON = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found; "
    "install Debian's postgresql package or run .ci/run"
)
_SERVER_USER = "postgres"
_SUPERUSER = "postgres"


class ClusterError(RuntimeError):
    """A server tool failed; the message says which and why."""


class ServerNotFoundError(ClusterError):
    """No PostgreSQL server can run here (binaries or their user missing): tests skip."""


def find_server_binaries() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``, or None when the server is absent."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    for bindir in reversed(candidates):
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@attrs.define
class ThrowawayCluster:
    """One private PostgreSQL server; ``start()`` then ``dsn(...)``, ``stop()`` when done.

    ``durable=False`` turns off fsync and synchronous commit: right for tests, whose data is
    thrown away; the benchmark keeps the durable defaults.
    """

    bindir: Path
    durable: bool = False
    directory: Path | None = None
    port: int = 0
    _run_as: str | None = None

    @classmethod
    def create(cls, *, durable: bool = False) -> ThrowawayCluster:
        bindir = find_server_binaries()
        if bindir is None:
            raise ServerNotFoundError(SKIP_REASON)
        run_as = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam(_SERVER_USER)
            except KeyError:
                raise ServerNotFoundError(
                    f"running as root and there is no {_SERVER_USER!r} system user to run "
                    "the PostgreSQL server as (initdb refuses root); install Debian's "
                    "postgresql package, which creates it"
                ) from None
            run_as = _SERVER_USER
        return cls(bindir=bindir, durable=durable, run_as=run_as)

    @property
    def socket_dir(self) -> Path:
        if self.directory is None:
            raise ClusterError("the cluster is not started")
        return self.directory

    def _command(self, tool: str, *args: str) -> list[str]:
        command = [str(self.bindir / tool), *args]
        if self._run_as is not None:
            return ["runuser", "-u", self._run_as, "--", *command]
        return command

    def run(self, tool: str, *args: str) -> None:
        """Run one of the server's command-line tools (as the server's user) or raise."""
        result = subprocess.run(
            self._command(tool, *args), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise ClusterError(
                f"{tool} failed with exit code {result.returncode}: "
                f"{result.stderr.strip() or result.stdout.strip()}"
            )

    def start(self) -> None:
        """initdb a new cluster and start it."""
        data = self._new_directory() / "data"
        try:
            self.run(
                "initdb",
                "-D",
                str(data),
                "-U",
                _SUPERUSER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            )
        except ClusterError:
            self.stop()
            raise
        self._launch(data)

    def start_replica(self) -> ThrowawayCluster:
        """A hot standby streaming from this cluster, started from a base backup of it."""
        replica = ThrowawayCluster(bindir=self.bindir, durable=self.durable, run_as=self._run_as)
        data = replica._new_directory() / "data"
        try:
            replica.run(
                "pg_basebackup",
                "-D",
                str(data),
                "-R",
                "-h",
                str(self.socket_dir),
                "-p",
                str(self.port),
                "-U",
                _SUPERUSER,
                "--checkpoint=fast",
                "--no-sync",
            )
            replica._launch(data)
        except ClusterError:
            replica.stop()
            raise
        return replica

    def _new_directory(self) -> Path:
        self.directory = Path(tempfile.mkdtemp(prefix="mopr-pg-"))
        if self._run_as is not None:
            owner = pwd.getpwnam(self._run_as)
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
        return self.directory

    def _launch(self, data: Path) -> None:
        settings = [f"-k {self.socket_dir}", "-c listen_addresses=127.0.0.1"]
        settings.append("-c max_connections=60")
        if not self.durable:
            settings += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        last_error: ClusterError | None = None
        for _attempt in range(3):
            self.port = _free_port()
            try:
                self.run(
                    "pg_ctl",
                    "-D",
                    str(data),
                    "-l",
                    str(self.socket_dir / "server.log"),
                    "-o",
                    " ".join([f"-p {self.port}", *settings]),
                    "-w",
                    "-t",
                    "60",
                    "start",
                )
            except ClusterError as error:
                last_error = error
                continue
            return
        self.stop()
        raise ClusterError(f"the PostgreSQL test server did not start: {last_error}")

    def stop(self) -> None:
        if self.directory is None:
            return
        data = self.directory / "data"
        if (data / "postmaster.pid").exists():
            with contextlib.suppress(ClusterError):
                self.run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory = None

    def dsn(self, dbname: str = "postgres", *, tcp: bool = False, **options: str) -> str:
        """A libpq key=value DSN for ``dbname``: over TCP or the unix socket."""
        host = "127.0.0.1" if tcp else str(self.socket_dir)
        parts = {"host": host, "port": str(self.port), "user": _SUPERUSER, "dbname": dbname}
        parts.update(options)
        return " ".join(f"{key}={_quote(value)}" for key, value in parts.items())

    def url(self, dbname: str = "postgres") -> str:
        """A ``postgresql://`` URL for ``dbname`` over TCP."""
        return f"postgresql://{_SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self) -> str:
        """A fresh, empty database; returns its name."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        self._execute(f'CREATE DATABASE "{name}"')
        return name

    def schema_dsn(self, *settings: str, **keywords: str) -> str:
        """A DSN to a fresh, empty schema of the ``postgres`` database (its search_path).

        Far cheaper than a database per test (create and delete), and as empty; ``settings``
        are further ``-c name=value`` server settings, ``keywords`` further libpq keywords.
        """
        name = f"s_{uuid.uuid4().hex[:16]}"
        self._execute(f'CREATE SCHEMA "{name}"')
        return self.dsn(options=" ".join([f"-c search_path={name}", *settings]), **keywords)

    def _execute(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(statement.encode())


def sql(dsn: str, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run one statement as the superuser, outside any store; return its rows, if any."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        cursor = conn.execute(query.encode(), params)
        return cursor.fetchall() if cursor.description else []


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"
