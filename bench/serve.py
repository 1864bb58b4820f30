#!/usr/bin/env python3
"""Serves a folder on loopback with gzip, as static hosts do, for the browser benchmarks.

Usage: serve.py DIR PORT
"""
import gzip
import http.server
import sys
from functools import partial


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        path = self.translate_path(self.path)
        try:
            with open(path if not path.endswith("/") else path + "index.html", "rb") as f:
                body = f.read()
        except OSError:
            return super().do_GET()
        zipped = "gzip" in self.headers.get("Accept-Encoding", "")
        if zipped:
            body = gzip.compress(body, 9)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=31536000")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    directory, port = sys.argv[1], int(sys.argv[2])
    handler = partial(GzipHandler, directory=directory)
    http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
