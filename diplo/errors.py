"""The one exception diplo raises for bad data, and the problems it carries."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DataError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file.

    Parameters
    ----------
    file : str
        File name, relative to the data package (``events.csv``).
    line : int or None
        Line number in the file, counting the header as line 1 (None when
        the problem is about the whole file).
    field : str or None
        Column name, when the problem is about one field.
    value : str or None
        The offending value exactly as written in the file.
    message : str
        What is wrong.
    hint : str
        What to do about it.
    """

    file: str
    line: int | None
    field: str | None
    value: str | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        what = ""
        if self.field is not None:
            what = f", field '{self.field}'"
        if self.value is not None:
            what += f", value {self.value!r}"
        text = f"{where}{what}: {self.message}"
        return f"{text}. {self.hint}" if self.hint else text


class DataError(ValueError):
    """Raised when a data package breaks its schema.

    One ``DataError`` lists every problem found, each with its file, line,
    field, value and what to do; diplo never drops a row to get past one.

    Parameters
    ----------
    problems : list of Problem
        Every problem found, in file and line order.
    source : str, default "the data package"
        What was read, as the message names it (a folder, a file).

    Attributes
    ----------
    problems : list of Problem
        As given.
    source : str
        As given.

    Examples
    --------
    >>> err = DataError([Problem("events.csv", 7, "start_date", "2025-02-30",
    ...                          "not a real date", "Write the date as YYYY-MM-DD.")])
    >>> print(err)
    1 problem in the data package:
      - events.csv, line 7, field 'start_date', value '2025-02-30': not a real date. Write the date as YYYY-MM-DD.
    >>> err.problems[0].line
    7
    """

    def __init__(self, problems: list[Problem], *, source: str = "the data package"):
        self.problems = list(problems)
        self.source = source
        super().__init__(self._format())

    def _format(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in {self.source}:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])

    def to_frame(self):
        """The problems as a DataFrame.

        Returns
        -------
        pandas.DataFrame
            One row per problem: ``file``, ``line`` (``Int64``), ``field``,
            ``value``, ``message`` and ``hint``.
        """
        import pandas as pd

        columns = ["file", "line", "field", "value", "message", "hint"]
        return pd.DataFrame(
            [[getattr(p, c) for c in columns] for p in self.problems], columns=columns
        ).astype({"line": "Int64"})
