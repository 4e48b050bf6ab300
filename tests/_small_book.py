"""Build a small Jupyter Book (1.x, Sphinx) in a temporary folder, as the book's own build does.

For tests of the book's extensions (``book/_ext``): a page or two, built in seconds, with the
same settings the real build treats as errors (``warningiserror``).
"""

from __future__ import annotations

from pathlib import Path


def build(src: Path, out: Path, doctrees: Path, overrides: dict | None = None):
    """Build ``src`` (with its ``_config.yml`` and ``_toc.yml``) to HTML in ``out``.

    Returns the build's status: 0 when it passed, else the exception that stopped it.
    """
    from jupyter_book.sphinx import build_sphinx

    return build_sphinx(
        src,
        out,
        use_external_toc=True,
        noconfig=True,
        path_config=str(src / "_config.yml"),
        confoverrides={
            "external_toc_path": "_toc.yml",
            "latex_individualpages": False,
            **(overrides or {}),
        },
        builder="html",
        doctreedir=doctrees,
        freshenv=True,
        warningiserror=True,
        keep_going=True,
        quiet=True,
    )
