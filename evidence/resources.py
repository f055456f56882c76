"""The data package's other tables (not the statistics), read only after they pass their schema.

A chapter that shows such a table reads it here, so bad input stops the build with file, row and column, as it does
for data/statistics.csv.
"""
import pandas as pd

from evidence import paths
from evidence.validate import _table_text, resource


def load_table(name):
    """The resource `name` of data/datapackage.json as a DataFrame (empty cells are missing), validated first."""
    path = paths.DATA / resource(name)["path"]
    _table_text(path, name)
    return pd.read_csv(path, dtype=str)
