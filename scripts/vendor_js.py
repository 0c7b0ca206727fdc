"""Vendor vis-timeline's standalone build into the package (re-runnable; never edit the files).

Run ``python scripts/vendor_js.py`` from the repository's root (``--check`` only verifies
that the committed files are exactly those of the pinned release). It fetches the pinned
release's tarball from the npm registry (the tarball URL of its registry entry, with Python's
standard library: npm itself is not needed), checks the tarball against the pinned sha512
``integrity`` (the registry's Subresource Integrity value), and writes three files of it
under ``src/mopr_timeline/views/page/vendor``, byte for byte:

- ``vis-timeline-graph2d.min.js`` (``standalone/umd/``: the library with its dependencies);
- ``vis-timeline-graph2d.min.css`` (``styles/``);
- ``LICENSE.vis-timeline.md``: the package's ``LICENSE.md``, ``LICENSE.MIT.txt`` and
  ``LICENSE.Apache-2.0.txt`` joined (vis-timeline is dual-licensed, Apache-2.0 OR MIT).

To move to another release, change ``VERSION`` and ``INTEGRITY`` (``npm view
vis-timeline@X dist.integrity`` prints it) and run the script again. Exit status 1 on a hash
mismatch or, with ``--check``, when a committed file differs.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

PACKAGE = "vis-timeline"
VERSION = "8.5.4"
INTEGRITY = (
    "sha512-"
    "Xt7RNrRvOkQiSyk6vFTXSRwTunT0y9MzDgHY8N8H9nPuebJ6Vg+u3xnv0Swbxna/Pa2E3HjaBblEIQiK74E01Q=="
)
TARBALL = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
TARGET = Path(__file__).resolve().parent.parent / "src" / "mopr_timeline" / "views" / "page"
TARGET = TARGET / "vendor"
FILES = {
    "vis-timeline-graph2d.min.js": ("package/standalone/umd/vis-timeline-graph2d.min.js",),
    "vis-timeline-graph2d.min.css": ("package/styles/vis-timeline-graph2d.min.css",),
    "LICENSE.vis-timeline.md": (
        "package/LICENSE.md",
        "package/LICENSE.MIT.txt",
        "package/LICENSE.Apache-2.0.txt",
    ),
}
HEADER = (
    f"vis-timeline {VERSION}, from the npm registry ({TARBALL}), {INTEGRITY}\n"
    "Vendored unchanged by scripts/vendor_js.py. The license files of the package follow.\n\n"
)


def fetch() -> bytes:
    with urllib.request.urlopen(TARBALL, timeout=120) as response:
        return bytes(response.read())


def verify(tarball: bytes) -> None:
    algorithm, _, expected = INTEGRITY.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode("ascii")
    if digest != expected:
        raise SystemExit(
            f"vendor_js: {TARBALL}: {algorithm} is {digest}, expected {expected}; nothing written"
        )


def contents(tarball: bytes) -> dict[str, bytes]:
    """The files to write, by name, from the verified tarball."""
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:

        def member(name: str) -> bytes:
            extracted = archive.extractfile(name)
            if extracted is None:
                raise SystemExit(f"vendor_js: {name} is not a file in {TARBALL}")
            return extracted.read()

        result = {}
        for target, members in FILES.items():
            parts = [member(name) for name in members]
            if target.startswith("LICENSE"):
                result[target] = HEADER.encode("utf-8") + b"\n\n".join(parts)
            else:
                result[target] = parts[0]
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="Only compare the committed files with the release."
    )
    args = parser.parse_args()
    tarball = fetch()
    verify(tarball)
    files = contents(tarball)
    if args.check:
        differing = [
            name
            for name, data in files.items()
            if not (TARGET / name).exists() or (TARGET / name).read_bytes() != data
        ]
        for name in differing:
            print(f"vendor_js: {TARGET / name} differs from {PACKAGE} {VERSION}", file=sys.stderr)
        return 1 if differing else 0
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (TARGET / name).write_bytes(data)
        print(f"wrote {TARGET / name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
