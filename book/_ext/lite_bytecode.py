"""Python bytecode for the in-browser course, made at build time (``make lite``, :mod:`lite`).

Pyodide's package files and its standard library carry Python *sources* only, so every
``import`` in the browser first compiles them, in WebAssembly: measured here, ``import pandas``
took 8.3 s and ``import numpy`` 1.7 s of a notebook's start, against 1.1 s and 0.2 s with
bytecode. This step adds the bytecode: every ``.py`` of every wheel of the site gets its
``__pycache__/<name>.cpython-312.pyc`` and every ``.py`` of ``python_stdlib.zip`` its ``.pyc``
beside it (where ``zipimport`` looks), compiled by Pyodide's own Python 3.12 (run in Node.js
from the site's files) so that the magic number and the compiler are exactly the browser's.
They are *unchecked hash-based* pycs (PEP 552): Python uses them without comparing the source's
date (which unpacking changes), and the sources stay beside them, so tracebacks still show the
lines. The files are changed, so the lock gets their new sha256 and ``PROVENANCE.json`` says
which verified file each was made from.

Compiled files are cached in ``_build/lite-cache/bytecode/`` under the sha256 of their input (and
of the compile step), so a rebuild compiles only what changed (cxlib). Without Node.js the site
ships the sources only and the build says so (notebooks then start more slowly).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Run inside Pyodide (Node.js): compile the wheels and the standard library in /work/in into
#: /work/out, as listed in /work/jobs.json.
COMPILE = r"""
import base64, hashlib, importlib.util, json, os, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

TAG = sys.implementation.cache_tag


def pyc(data, filename):
    try:
        code = compile(data, filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return None  # a file no import can load (test data, Python 2): left as it is
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False))


def importable(name):
    top = name.split("/")[0]
    return name.endswith(".py") and not top.endswith((".dist-info", ".data"))


def wheel(source, target, site):
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        record_name = next(n for n in zin.namelist() if n.endswith(".dist-info/RECORD"))
        added = []
        for info in zin.infolist():
            if info.filename == record_name:
                continue
            data = zin.read(info)
            zout.writestr(info, data)
            if importable(info.filename):
                compiled = pyc(data, site + info.filename)
                if compiled is not None:
                    folder, name = os.path.split(info.filename)
                    cached = f"{name[:-3]}.{TAG}.pyc"
                    path = "/".join(p for p in (folder, "__pycache__", cached) if p)
                    stamp = zipfile.ZipInfo(path, info.date_time)
                    zout.writestr(stamp, compiled, zipfile.ZIP_DEFLATED)
                    added.append((path, compiled))
        record = zin.read(record_name).decode().rstrip("\n").split("\n")
        for path, data in added:
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.insert(len(record) - 1, f"{path},sha256={digest},{len(data)}")
        zout.writestr(zin.getinfo(record_name), "\n".join(record) + "\n")
    return len(added)


def stdlib(source, target, root):
    count = 0
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        names = set(zin.namelist())
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, data)
            if info.filename.endswith(".py") and info.filename + "c" not in names:
                compiled = pyc(data, root + info.filename)
                if compiled is not None:
                    stamp = zipfile.ZipInfo(info.filename + "c", info.date_time)
                    zout.writestr(stamp, compiled, zipfile.ZIP_DEFLATED)
                    count += 1
    return count


for job in json.load(open("/work/jobs.json")):
    source, target = "/work/in/" + job["name"], "/work/out/" + job["name"]
    if job["kind"] == "stdlib":
        count = stdlib(source, target, "/lib/python312.zip/")
    else:
        count = wheel(source, target, "/lib/python3.12/site-packages/")
    print(job["name"], count, flush=True)
"""

RUN = """import {{ loadPyodide }} from {core!r};
import fs from "fs";
const pyodide = await loadPyodide({{ indexURL: {index!r} }});
pyodide.FS.mkdir("/work");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, {{ root: {work!r} }}, "/work");
pyodide.runPython(fs.readFileSync({script!r}, "utf8"));
"""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Part of every cached file's name: a changed compile step compiles everything again.
STEP = hashlib.sha256(COMPILE.encode()).hexdigest()[:12]


def compile_site(pyodide: Path, lock: dict, cache: Path, provenance: list[dict]) -> None:
    """Add bytecode to the wheels of the lock and to the standard library in ``pyodide`` (the
    site's ``static/pyodide``); update the lock's and the provenance's sha256 and say in the
    provenance what was done. Does nothing, saying so, without Node.js."""
    node = shutil.which("node")
    if node is None:
        print("  Node.js not found: the site ships Python sources only (notebooks start slower)")
        return []
    cache.mkdir(parents=True, exist_ok=True)
    files = ["python_stdlib.zip", *sorted(p["file_name"] for p in lock["packages"].values())]
    files = [name for name in files if name.endswith((".whl", "python_stdlib.zip"))]
    inputs = {name: _sha256(pyodide / name) for name in files}
    todo = [name for name in files if not (cache / f"{inputs[name]}-{STEP}-{name}").is_file()]
    if todo:
        print(f"  compiling Python bytecode for {len(todo)} file(s) in Pyodide (Node.js)")
        _run(node, pyodide, todo, cache, inputs)
    entries = {entry["file"]: entry for entry in provenance}
    for name in files:
        before = inputs[name]
        shutil.copy2(cache / f"{before}-{STEP}-{name}", pyodide / name)
        after = _sha256(pyodide / name)
        for package in lock["packages"].values():
            if package["file_name"] == name:
                package["sha256"] = after
        entry = entries[f"static/pyodide/{name}"]
        entry["sha256"] = after
        entry["origin"] += (
            f"; Python bytecode added by book/_ext/lite_bytecode.py (Pyodide's own Python in "
            f"Node.js) to the verified file of sha256 {before}"
        )


def _run(node: str, pyodide: Path, todo: list[str], cache: Path, inputs: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        (work / "out").mkdir()
        for name in todo:
            shutil.copy2(pyodide / name, work / "in" / name)
        jobs = [{"name": n, "kind": "stdlib" if n.endswith(".zip") else "wheel"} for n in todo]
        (work / "jobs.json").write_text(json.dumps(jobs))
        (work / "compile.py").write_text(COMPILE)
        script = work / "run.mjs"
        script.write_text(
            RUN.format(
                core=str(pyodide / "pyodide.mjs"),
                index=f"{pyodide}/",
                work=str(work),
                script=str(work / "compile.py"),
            )
        )
        done = subprocess.run([node, str(script)], capture_output=True, text=True, cwd=work)
        if done.returncode:
            raise SystemExit(f"make lite: compiling bytecode failed:\n{done.stdout}\n{done.stderr}")
        for name in todo:
            shutil.move(work / "out" / name, cache / f"{inputs[name]}-{STEP}-{name}")
