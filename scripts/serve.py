"""Serve the built website as a static host does: each file's precompressed copy where one exists.

Usage::

    python scripts/serve.py [_build/html] [--port 8000] [--bind 127.0.0.1]

The book build writes a gzip copy beside each file of the live site that compresses well
(``x.js.gz`` beside ``x.js``: :func:`sitebuild.live_site.precompress`), the layout that
static servers serve precompressed (nginx's ``gzip_static on``, for one); hosts that compress
on the fly ignore the copies.  When the browser accepts gzip (every browser does) and the copy
exists, this server sends the copy with ``Content-Encoding: gzip`` and the original's
``Content-Type``; otherwise the file itself, as Python's ``http.server`` does.  ``make serve`` runs it, and
the live checks (``scripts/check_live.py``, ``scripts/bench_live.py``) serve through
:func:`serve`, so the bytes they report are the bytes a reader's browser receives.
"""
from __future__ import annotations

import argparse
import email.utils
import functools
import http.server
import os
import sys
import threading
from pathlib import Path

__all__ = ["PrecompressedHandler", "serve", "main"]

#: ``Content-Encoding`` and the suffix of its precompressed copy, in order of preference.
ENCODINGS = (("gzip", ".gz"),)
#: Types Python's table lacks, for the files of the live site.
EXTRA_TYPES = {".mjs": "text/javascript", ".wasm": "application/wasm", ".ipynb": "application/json",
               ".whl": "application/zip", ".map": "application/json"}


class PrecompressedHandler(http.server.SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` that answers with a file's ``.gz`` copy when the client accepts it."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}

    def _accepted(self) -> set[str]:
        """The codings the request's ``Accept-Encoding`` names (quality values ignored but ``q=0``)."""
        codings = set()
        for part in self.headers.get("Accept-Encoding", "").split(","):
            name, _, params = part.strip().partition(";")
            if name and params.replace(" ", "") not in ("q=0", "q=0.0"):
                codings.add(name.strip().lower())
        return codings

    def send_head(self):
        """The precompressed copy's headers (and the open copy), or the plain file's as usual."""
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()
        accepted = self._accepted()
        for coding, suffix in ENCODINGS:
            if coding in accepted and os.path.isfile(path + suffix):
                return self._send_copy(path, path + suffix, coding)
        return super().send_head()

    def _send_copy(self, original: str, copy: str, coding: str):
        handle = open(copy, "rb")
        try:
            stat = os.fstat(handle.fileno())
            self.send_response(http.server.HTTPStatus.OK)
            self.send_header("Content-Type", self.guess_type(original))
            self.send_header("Content-Encoding", coding)
            self.send_header("Content-Length", str(stat.st_size))
            self.send_header("Last-Modified", email.utils.formatdate(os.stat(original).st_mtime, usegmt=True))
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return handle
        except Exception:
            handle.close()
            raise


class CountingHandler(PrecompressedHandler):
    """Quiet, and counts the bodies it sends per path (the live benchmark's breakdown)."""

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        start = source.tell()
        super().copyfile(source, outputfile)
        with self.server.lock:
            sent = source.tell() - start
            self.server.bytes_sent += sent
            path = self.path.split("?", 1)[0]
            self.server.sent_by_path[path] = self.server.sent_by_path.get(path, 0) + sent


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lock = threading.Lock()
        self.bytes_sent = 0  # bodies sent so far, as sent (compressed where a copy was)
        self.sent_by_path: dict[str, int] = {}

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # the browser hung up: fine
            super().handle_error(request, client_address)


def serve(directory: Path, port: int = 0, bind: str = "127.0.0.1") -> tuple[_Server, str]:
    """Serve ``directory`` in a background thread (``port`` 0: a free one); returns the server and its base URL.

    The server's ``bytes_sent`` and ``sent_by_path`` count the bodies it sent.
    """
    handler = functools.partial(CountingHandler, directory=str(directory))
    server = _Server((bind, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{bind}:{server.server_address[1]}/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", type=Path, default=Path("_build/html"))
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        parser.error(f"{args.directory} does not exist: build the book first (make book)")
    handler = functools.partial(PrecompressedHandler, directory=str(args.directory))
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        print(f"Serving {args.directory} on http://{args.bind}:{args.port}/ (precompressed copies where built); "
              "Ctrl-C stops it.", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
