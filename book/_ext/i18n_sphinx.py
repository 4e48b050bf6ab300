"""One Sphinx build of the course book, its notebooks executed through a per-edition cache.

:func:`_build` runs Jupyter Book's Sphinx with ``_config.yml`` and an edition's overrides; the
notebooks' outputs come from :func:`cache_folder`, a jupyter-cache folder per edition named by
:func:`fingerprint` (the library, the data and the Python they depend on). Every build of the
book goes through here: the two sites and the catalogue extraction (:mod:`i18n`), the PDF
(``pdf.py``) and the trainer edition (``quiz.py``). Separate from :mod:`i18n` because the cache's
key and the Sphinx call are one concept, whichever edition or builder asks for them.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import sphinx_speed  # noqa: E402  (two costs of the Chinese build removed)

#: What the notebooks' outputs depend on besides their own code: a change to any of these files
#: starts a new execution cache (see :func:`cache_folder`).
INPUTS = ("cxlib", "datasets", "requirements.txt", "pyproject.toml", "notebooks", "casestudies")
CACHES = ROOT / "_build" / ".jupyter_cache"


def fingerprint() -> str:
    """A short hash of everything a notebook's outputs depend on besides its own cells.

    The library, the datasets, the pinned requirements, the data files beside the notebooks
    (not the notebooks and pages themselves: jupyter-cache matches those by their code cells),
    the Python version and the machine's architecture.
    """
    import hashlib
    import platform

    digest = hashlib.sha256(f"{sys.version}|{platform.machine()}".encode())
    for name in INPUTS:
        top = ROOT / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            parts = set(path.relative_to(ROOT).parts)
            if parts & {"__pycache__", ".ipynb_checkpoints"} or path.suffix in {".ipynb", ".md"}:
                continue
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache  # once per process: an edit during a build does not switch caches mid-way
def cache_folder(lang: str) -> Path:
    """The execution cache of one edition: ``_build/.jupyter_cache/<lang>-<fingerprint>``.

    Each notebook is executed once per edition (the Chinese one with ``CXLIB_LANG=zh``) and its
    outputs reused by every later build of that edition: the site, the PDF (``pdf.py``), the
    trainer edition (``quiz.py``). jupyter-cache re-executes a notebook whose code cells changed;
    a change to the library or the data (:func:`fingerprint`) starts a new cache, and the
    edition's older caches are removed.
    """
    import shutil

    folder = CACHES / f"{lang}-{fingerprint()}"
    if not folder.is_dir():
        for old in CACHES.glob(f"{lang}-*"):
            shutil.rmtree(old, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def _build(builder: str, outdir: Path, doctrees: Path, overrides: dict, quiet: bool) -> int:
    """Run Jupyter Book's Sphinx build with _config.yml and the given overrides.

    Notebooks are executed through the edition's cache (:func:`cache_folder`); in the English
    edition every figure text a kernel draws and every table label it shows is recorded beside
    the cache, so that the record stays complete when notebooks come from the cache (``make
    translations`` reads it).
    """
    from jupyter_book.sphinx import build_sphinx

    sphinx_speed.apply()
    executes = overrides.get("nb_execution_mode") != "off"
    lang = "zh" if str(overrides.get("language", "en")).startswith("zh") else "en"
    cache = cache_folder(lang) if executes else None
    if lang == "en" and executes:
        os.environ["CXLIB_FIGURE_TEXTS"] = str(cache / "figure-texts.txt")
        os.environ["CXLIB_TABLE_TEXTS"] = str(cache / "table-texts.txt")  # and the tables' labels
    else:
        os.environ.pop("CXLIB_FIGURE_TEXTS", None)
        os.environ.pop("CXLIB_TABLE_TEXTS", None)
    base = {
        "external_toc_path": "_toc.yml",
        "latex_individualpages": False,
        "locale_dirs": ["book/locales"],
        "gettext_compact": False,  # one catalogue per page: small files, clear ownership
        "project": "CX Workbook",  # names the catalogues
    }
    if cache is not None:
        base["nb_execution_cache_path"] = str(cache)
    result = build_sphinx(
        ROOT,
        outdir,
        use_external_toc=True,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides={**base, **overrides},
        builder=builder,
        doctreedir=doctrees,
        freshenv=True,
        warningiserror=True,
        keep_going=True,
        quiet=quiet,
    )
    return 1 if isinstance(result, Exception) else int(result or 0)
