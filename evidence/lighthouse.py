"""Lighthouse CI over every built page, served gzipped as a static host serves it: scores and page weight.

Used by the slow test tests/test_lighthouse.py and by benchmarks/run.py. Lighthouse CI (`@lhci/cli`, pinned in
package-lock.json, installed by `npm ci`) drives Debian's Chromium; its assertions are the book's targets:

- desktop preset, every page: performance >= 0.95, accessibility, best practices and SEO = 1;
- mobile preset, the pages a reader starts from (MOBILE_PAGES): performance >= 0.90;
- page weight, uncompressed (the bytes the browser parses, from each run's network requests): a page that draws no
  chart <= 600 KB, a page with charts <= 1.5 MB. Lighthouse's own budgets count transferred bytes, so this one is
  summed here from the same reports.
"""
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from evidence.localserver import CHROMIUM_FLAGS, serve

ROOT = Path(__file__).resolve().parent.parent
LHCI = ROOT / "node_modules" / ".bin" / "lhci"
KB = 1024
BUDGET_NO_CHART = 600 * KB
BUDGET_CHART = 1536 * KB
MOBILE_PAGES = ("index.html", "chapters/health.html", "chapters/social-care.html", "chapters/public-safety.html",
                "chapters/synthesis.html", "chapters/data.html")
ASSERTIONS = {
    "desktop": {"categories:performance": ["error", {"minScore": 0.95}],
                "categories:accessibility": ["error", {"minScore": 1}],
                "categories:best-practices": ["error", {"minScore": 1}],
                "categories:seo": ["error", {"minScore": 1}]},
    "mobile": {"categories:performance": ["error", {"minScore": 0.90}]},
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass
class Page:
    name: str
    chart: bool
    scores: dict = field(default_factory=dict)  # {preset: {category: score}}
    bytes: int = 0  # uncompressed, desktop run
    transferred: int = 0

    @property
    def budget(self):
        return BUDGET_CHART if self.chart else BUDGET_NO_CHART


@dataclass
class Report:
    pages: dict
    failures: list  # one line per failed assertion or budget

    def table(self):
        """Markdown: per page, both presets' scores and the weight against its budget."""
        lines = ["| Page | Desktop perf. | A11y | Best pr. | SEO | Mobile perf. | Uncompressed | Budget | Transferred |",
                 "|---|---|---|---|---|---|---|---|---|"]
        for page in self.pages.values():
            desktop, mobile = page.scores.get("desktop", {}), page.scores.get("mobile", {})
            cells = [desktop.get(c) for c in CATEGORIES] + [mobile.get("performance")]
            shown = ["—" if c is None else f"{c:.2f}" for c in cells]
            met = "yes" if page.bytes <= page.budget else "NO"
            lines.append(f"| {page.name} | {' | '.join(shown)} | {page.bytes / KB:.0f} KB | "
                         f"{page.budget / KB:.0f} KB ({met}) | {page.transferred / KB:.0f} KB |")
        return "\n".join(lines)


def built_pages(site):
    """Every page a reader can open: {relative path: draws a chart}."""
    return {p.relative_to(site).as_posix(): 'class="evidence-chart"' in p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*.html")) if "_static" not in p.parts}


def _lhci(command, config, cwd):
    if not LHCI.exists():
        raise RuntimeError(f"{LHCI} is missing: run `npm ci` (scripts/setup-and-build.sh does)")
    return subprocess.run([str(LHCI), command, f"--config={config}"], cwd=cwd, capture_output=True, text=True)


def _run_preset(site, preset, names, work):
    """Collect, assert and store one preset's reports; return (manifest entries, assertion failures)."""
    folder = work / preset
    folder.mkdir(parents=True)
    with serve(site, compress=True) as base:
        settings = {"chromeFlags": " ".join(["--headless", *CHROMIUM_FLAGS])}
        if preset == "desktop":
            settings["preset"] = "desktop"
        config = folder / "lighthouserc.json"
        config.write_text(json.dumps({"ci": {
            "collect": {"url": [f"{base}/{name}" for name in names], "numberOfRuns": 1,
                        "chromePath": shutil.which("chromium") or "/usr/bin/chromium", "settings": settings},
            "assert": {"assertions": ASSERTIONS[preset]},
            "upload": {"target": "filesystem", "outputDir": str(folder / "reports")},
        }}, indent=2))
        collected = _lhci("collect", config, folder)
        if collected.returncode != 0:
            raise RuntimeError(f"lhci collect ({preset}) failed:\n{collected.stdout[-3000:]}\n{collected.stderr[-3000:]}")
    _lhci("assert", config, folder)  # exits 1 on a failed assertion; the results file says which
    uploaded = _lhci("upload", config, folder)
    if uploaded.returncode != 0:
        raise RuntimeError(f"lhci upload ({preset}) failed:\n{uploaded.stderr[-3000:]}")
    results = folder / ".lighthouseci" / "assertion-results.json"
    failures = [f"{preset}: {r['url'].split('/', 3)[-1]}: {r['auditProperty'] or r['auditId']} "
                f"{r['actual']} (expected {r['operator']} {r['expected']})"
                for r in (json.loads(results.read_text()) if results.exists() else []) if r.get("level") == "error"]
    failures = list(dict.fromkeys(failures))  # lhci lists an assertion once per matching run and property
    manifest = json.loads((folder / "reports" / "manifest.json").read_text())
    return [(base, entry) for entry in manifest], failures


def run(site, work=None, mobile_pages=MOBILE_PAGES):
    """Lighthouse CI on every built page of `site` (desktop) and on `mobile_pages` (mobile); return a Report.

    The HTML and JSON reports stay in `work` (a temporary folder unless given)."""
    site = Path(site)
    work = Path(work or tempfile.mkdtemp(prefix="lighthouse-"))
    charts = built_pages(site)
    pages = {name: Page(name, chart) for name, chart in charts.items()}
    failures = []
    for preset, names in (("desktop", list(charts)), ("mobile", [n for n in mobile_pages if n in charts])):
        entries, failed = _run_preset(site, preset, names, work)
        failures += failed
        for base, entry in entries:
            name = entry["url"][len(base) + 1:]
            report = json.loads(Path(entry["jsonPath"]).read_text())
            page = pages[name]
            page.scores[preset] = {c: report["categories"][c]["score"] for c in CATEGORIES}
            if preset == "desktop":
                requests = report["audits"]["network-requests"]["details"]["items"]
                page.bytes = sum(r.get("resourceSize") or 0 for r in requests)
                page.transferred = sum(r.get("transferSize") or 0 for r in requests)
    for page in pages.values():
        if "desktop" not in page.scores:
            failures.append(f"desktop: {page.name}: no Lighthouse report")
        elif page.bytes > page.budget:
            kind = "chart page" if page.chart else "page without a chart"
            failures.append(f"budget: {page.name}: {page.bytes / KB:.0f} KB uncompressed, over the "
                            f"{page.budget / KB:.0f} KB of a {kind}")
    return Report(pages, failures)
