"""Lighthouse CI on every built page, served gzipped (issue 14): scores and page weight (evidence/lighthouse.py).

Slow (several minutes on two cores): `pytest -m "not slow"` leaves it out.
"""
import pytest

from evidence import lighthouse


@pytest.mark.slow
def test_lighthouse_ci_passes_on_every_page_within_its_budget(site, tmp_path):
    report = lighthouse.run(site, work=tmp_path)
    print(report.table())  # shown with -s, and in the benchmark's results
    assert set(report.pages) == set(lighthouse.built_pages(site))
    assert not report.failures, "\n".join(report.failures) + "\n\n" + report.table()
