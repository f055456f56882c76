"""One error type for bad input, so every message names the file, the row and the column."""


class DataError(ValueError):
    """Bad input in a data file. ``row`` is the 1-based line number in the file (the header is row 1)."""

    def __init__(self, file, row, column, message, problems=None):
        self.file, self.row, self.column, self.message = str(file), row, column, message
        self.problems = problems or [self]
        super().__init__(self._text())

    def _text(self):
        if len(self.problems) > 1:
            lines = [f"{len(self.problems)} problems in {self.file}:"]
            lines += [f"  {p.location()}: {p.message}" for p in self.problems]
            return "\n".join(lines)
        return f"{self.location()}: {self.message}"

    def location(self):
        where = f"{self.file}, row {self.row}" if self.row is not None else self.file
        return f"{where}, column '{self.column}'" if self.column else where

    @classmethod
    def collect(cls, problems):
        """Raise one error carrying every problem found, or do nothing if there are none."""
        if problems:
            first = problems[0]
            raise cls(first.file, first.row, first.column, first.message, problems)
