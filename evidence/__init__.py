"""Helpers shared by the chapters, the Sphinx extension and the tests.

A chapter's first code cell is two lines::

    import evidence as ev
    stats = ev.load_statistics()
"""
from evidence.errors import DataError
from evidence.format import format_statistic
from evidence.load import load_bibliography, load_statistics, load_studies
from evidence.resources import load_table

__all__ = ["DataError", "format_statistic", "load_bibliography", "load_statistics", "load_studies", "load_table"]
