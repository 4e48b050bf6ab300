"""Where ``cx report`` writes (输出): never over a file unasked, never half a file, nothing fetched.

- :func:`check` before any work: the output must be ``.html``, not the survey itself (also
  through a link), not a folder, not read-only, in a folder that exists, and not an existing
  file unless ``--force`` says to replace it;
- :func:`page`: one self-contained document, its style and the Chinese glyphs it uses inline;
- :func:`write`: to a temporary file beside the target, then moved into place.
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path

from cxlib import exports

__all__ = ["check", "page", "write"]


def check(output: Path, inputs: list[Path], force: bool = False) -> None:
    """Refuse an output that is an input (also through a link), not .html, read-only, or that
    exists already (unless ``force``): a report never replaces a file without being asked."""
    if output.suffix.lower() not in (".html", ".htm"):
        raise exports.ExportError(f"-o {output}: the report is HTML; name the output *.html")
    target = output.resolve()
    for source in inputs:
        if target == source.resolve() or (
            output.exists() and source.exists() and os.path.samefile(output, source)
        ):
            raise exports.ExportError(
                f"-o {output}: that is the survey file itself; choose another output name"
            )
    if output.is_dir():
        raise exports.ExportError(f"-o {output}: is a folder; name a file")
    if output.exists() and (not os.access(output, os.W_OK) or not output.stat().st_mode & 0o222):
        raise exports.ExportError(
            f"-o {output}: the file is read-only; choose another name or make it writable"
        )
    if output.exists() and not force:
        raise exports.ExportError(
            f"-o {output}: the file exists already; choose another name, or pass --force to "
            "replace it"
        )
    if not target.parent.is_dir():
        raise exports.ExportError(f"-o {output}: the folder {output.parent} does not exist")


def page(title: str, body: str, lang: str) -> str:
    """One HTML document with its style and Chinese glyphs inline: no external requests at all."""
    from cxlib import webfont

    font = webfont.subset(title + body)
    font_css = webfont.css(webfont.data_uri(font)) if font else ""
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>
{font_css}
body {{ font-family: "CX Noto Sans SC", system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.5; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .3rem .8rem; text-align: left; }}
img {{ max-width: 100%; }}
.note {{ color: #666; font-size: .9rem; }}
</style></head><body>
{body}
</body></html>
"""


def write(path: Path, text: str) -> None:
    """Write to a temporary file beside the target, then move it into place (never half a file)."""
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        umask = os.umask(0)  # mkstemp makes the file private; give it the usual permissions
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
