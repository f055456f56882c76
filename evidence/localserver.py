"""Serve the built site on this machine only and open it in Debian's Chromium (browser tests, benchmark)."""
import contextlib
import functools
import http.server
import shutil
import threading

# Without the background-networking flags Chromium keeps calling out to services this machine cannot reach.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder):
    """Yield the base URL of `folder` served on 127.0.0.1 (a free port), and stop serving afterwards."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
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
