"""Serve the built site on this machine only and open it in Debian's Chromium (browser tests, benchmark)."""
import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import threading

# Without the background-networking flags Chromium keeps calling out to services this machine cannot reach.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class GzipHandler(QuietHandler):
    """Text files gzipped when the browser accepts it, as GitHub Pages serves them (what Lighthouse should see)."""

    COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        kind = self.guess_type(path)
        if (os.path.isfile(path) and kind.startswith(self.COMPRESSED)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            with open(path, "rb") as file:
                data = gzip.compress(file.read())
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return io.BytesIO(data)
        return super().send_head()


@contextlib.contextmanager
def serve(folder, compress=False):
    """Yield the base URL of `folder` served on 127.0.0.1 (a free port), and stop serving afterwards.

    compress=True gzips text files as a static host does (Lighthouse measures what a reader downloads)."""
    handler = GzipHandler if compress else QuietHandler
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def launch_chromium(playwright):
    """Headless Chromium from Debian's package (the setup command installs it), driven by Playwright."""
    path = shutil.which("chromium")
    if path is None:
        raise RuntimeError("no chromium on PATH: run scripts/setup-and-build.sh, which installs Debian's package")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
