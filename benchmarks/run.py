"""Measure the book's build and reading speed on a fresh copy of the repository, and write a table.

Usage (after the README's setup command):  .venv/bin/python benchmarks/run.py [--skip-tests]

Measures: cold build, no-op rebuild, rebuild after a one-value CSV edit (and checks the new value is published),
the test suite, the size of each built page and of the shared JavaScript, the time from page load until every
chart has drawn in headless Chromium, and Lighthouse CI on every page served gzipped (evidence/lighthouse.py:
scores for the desktop and mobile presets, uncompressed page weight against its budget). Prints the tables and
writes benchmarks/results.md, which the book's build-speed page shows.
Targets (2-core machine): cold build <= 60 s, no-op <= 5 s, CSV edit <= cold, largest page <= 300 KB,
shared vega bundle <= 1 MB, every chart drawn <= 1 s after the reader scrolls to it, the tests' fast lane (`pytest -m "not slow"`)
<= 45 s and the full suite <= 150 s (both after the README's setup state: the PDF edition, then the HTML). The
machine's load average is printed with the results: other work on the machine slows every measure.
"""
import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from evidence.localserver import launch_chromium, serve  # noqa: E402
BIN = Path(sys.executable).parent
KB = 1024


def run(command, cwd):
    """Run a command in the copy, timed. The copy's own `evidence` package comes first on the path: the virtual
    environment's editable install points at the working tree the benchmark was started from."""
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(cwd), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return seconds, result.stdout


def fresh_copy():
    """A clone of the committed repository, as a new user gets it."""
    target = Path(tempfile.mkdtemp(prefix="book-bench-")) / "book"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    return target


def edit_one_value(project):
    """Add one to the first exact percentage (value, as_written and quote alike); return (id, new text)."""
    sys.path.insert(0, str(project))
    from evidence.format import format_statistic

    path = project / "data" / "statistics.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    row = next(r for r in rows if r["unit"] == "percent" and r["qualifier"] == "exact" and r["sector"] == "health")
    old, value = row["as_written"], float(row["value"]) + 1
    row.update(value=f"{value:g}", as_written=f"{value:g}%", quote=row["quote"].replace(old, f"{value:g}%"))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return row["id"], format_statistic({**row, "value_high": None})


def chart_draw_times(site):
    """For each page with charts: seconds from navigation start until every chart has drawn, and from the moment
    the reader scrolls through them (after the load event; vega is fetched with the first chart that comes near
    the screen, and each chart is drawn when it does) until all have drawn."""
    from playwright.sync_api import sync_playwright

    times = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        for html in sorted(site.glob("chapters/*.html")):
            page.goto(f"{base}/chapters/{html.name}", wait_until="load")
            figures = page.locator("figure.evidence-chart").all()
            if not figures:
                continue
            scrolled = page.evaluate("performance.now()") / 1000
            for figure in figures:
                figure.scroll_into_view_if_needed()
            page.wait_for_function("[...document.querySelectorAll('.evidence-chart-view')].every(v => v.dataset.drawn)")
            drawn = page.evaluate("performance.now()") / 1000
            times[html.name] = (drawn, drawn - scrolled)
        browser.close()
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-tests", action="store_true", help="do not time the test suite")
    parser.add_argument("--skip-lighthouse", action="store_true", help="do not run Lighthouse CI")
    args = parser.parse_args()
    project = fresh_copy()
    build = [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"]
    rows = []

    cold, _ = run(build, project)
    rows.append(("Cold build (HTML, notebooks executed)", f"{cold:.1f} s", "≤ 60 s", cold <= 60))
    noop, _ = run(build, project)
    rows.append(("No-op rebuild", f"{noop:.1f} s", "≤ 5 s", noop <= 5))
    stat_id, new = edit_one_value(project)
    edit, _ = run(build, project)
    page = (project / "_build" / "html" / "chapters" / "health.html").read_text(encoding="utf-8")
    published = f"#stat-{stat_id}" in page and f">{new}</a>" in page
    rows.append((f"Rebuild after editing {stat_id} (new value published: {'yes' if published else 'NO'})",
                 f"{edit:.1f} s", "≤ cold", edit <= cold and published))

    pdf, _ = run([*build, "--builder", "pdflatex"], project)
    rows.append(("PDF edition build (LaTeX, after the HTML)", f"{pdf:.1f} s", "—", True))

    site = project / "_build" / "html"
    pages = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html") if "_static" not in p.parts}
    largest = max(pages, key=pages.get)
    rows.append((f"Largest page ({largest})", f"{pages[largest] / KB:.0f} KB", "≤ 300 KB", pages[largest] <= 300 * KB))
    bundle = (site / "_static" / "vega-bundle.js").stat().st_size
    rows.append(("Shared vega bundle (_static/vega-bundle.js)", f"{bundle / KB:.0f} KB", "≤ 1024 KB", bundle <= KB * KB))
    draw = chart_draw_times(site)
    slowest = max(draw, key=lambda name: draw[name][1])
    rows.append((f"Charts drawn once the reader scrolls to them, slowest page ({slowest}; vega fetched with the first)",
                 f"{draw[slowest][1]:.2f} s", "≤ 1 s", draw[slowest][1] <= 1))
    lighthouse_report = None
    if not args.skip_lighthouse:
        from evidence import lighthouse

        start = time.perf_counter()
        lighthouse_report = lighthouse.run(site)
        seconds = time.perf_counter() - start
        failed = len(lighthouse_report.failures)
        rows.append((f"Lighthouse CI, {len(lighthouse_report.pages)} pages served gzipped ({seconds:.0f} s): "
                     "failed assertions and budgets", str(failed), "0", failed == 0))
    if not args.skip_tests:
        # The state the README's setup command leaves: the PDF edition, then the HTML that offers it (untimed).
        run(build, project)
        # symlinks kept: the tools in node_modules/.bin find their modules relative to where the link points
        shutil.copytree(ROOT / "node_modules", project / "node_modules", dirs_exist_ok=True, symlinks=True)
        pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        before = os.getloadavg()[0]
        fast, _ = run([*pytest, "-m", "not slow"], project)
        rows.append(("Test suite, fast lane (`pytest -m \"not slow\"`: data, prose, helpers, the built site)",
                     f"{fast:.0f} s", "≤ 45 s", fast <= 45))
        full, _ = run(pytest, project)
        rows.append(("Test suite, full (`pytest`: one shared rebuild per copy of the book, the PDF above not built "
                     "again, the browser)", f"{full:.0f} s", "≤ 150 s", full <= 150))
        load = f"; load average {before:.1f} before the tests, {os.getloadavg()[0]:.1f} after"
    else:
        load = ""

    lines = ["| Measure | Result | Target | Met |", "|---|---|---|---|"]
    lines += [f"| {name} | {value} | {target} | {'yes' if met else 'NO'} |" for name, value, target, met in rows]
    lines += ["", "Page sizes:", "", "| Page | Size |", "|---|---|"]
    lines += [f"| {name} | {size / KB:.0f} KB |" for name, size in sorted(pages.items())]
    lines += ["", "Charts drawn (seconds from navigation start; from scrolling to them, after the load event):", "",
              "| Page | Drawn | After scrolling |",
              "|---|---|---|"]
    lines += [f"| {name} | {a:.2f} s | {b:.2f} s |" for name, (a, b) in sorted(draw.items())]
    if lighthouse_report is not None:
        lines += ["", "Lighthouse (desktop preset on every page, mobile on the pages a reader starts from; targets: "
                  "desktop performance ≥ 0.95 and the rest 1, mobile performance ≥ 0.90; uncompressed weight ≤ 600 KB "
                  "without a chart, ≤ 1.5 MB with one):", "", lighthouse_report.table()]
        if lighthouse_report.failures:
            lines += ["", "Not met:", ""] + [f"- {failure}" for failure in lighthouse_report.failures]
    machine = f"{os.cpu_count()} cores{load}, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}"
    table = "\n".join(lines) + f"\n\nMeasured on a fresh clone by `benchmarks/run.py` ({machine}).\n"
    print(table)
    (ROOT / "benchmarks" / "results.md").write_text(table, encoding="utf-8")
    shutil.rmtree(project.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
