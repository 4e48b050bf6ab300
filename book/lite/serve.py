"""Serve the in-browser course on this computer: ``python serve.py`` (then open the printed link).

JupyterLite needs a web server (browsers do not run it from a double-clicked file). This one uses
only the Python standard library, listens on 127.0.0.1 only (nobody else on the network can
connect), and sends ``.wasm`` as ``application/wasm`` and ``.mjs`` as ``text/javascript`` as
Pyodide requires. Usage: ``python serve.py [PORT] [FOLDER]`` (defaults: 8765, the folder ``site``
beside this file as in the course bundle, or else this file's own folder).
"""

import functools
import http.server
import sys
from pathlib import Path
from typing import ClassVar

TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".ipynb": "application/json",
    ".whl": "application/octet-stream",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the MIME types Pyodide needs, no request log noise."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **TYPES,
    }

    def log_message(self, format, *args):
        pass

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except ConnectionError:  # the browser cancelled a download: nothing to report
            self.close_connection = True


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
    here = Path(__file__).resolve().parent
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else here / "site"
    if not folder.is_dir():
        folder = here
    handler = functools.partial(Handler, directory=str(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        lite = "lite/" if (folder / "lite" / "index.html").is_file() else ""
        print(f"CX Workbook: http://127.0.0.1:{port}/  (Ctrl+C stops it)")
        print(f"Notebooks in the browser: http://127.0.0.1:{port}/{lite}tree/index.html")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
