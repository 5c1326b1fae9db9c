"""How a report's kernel shows tables and references: whole, with one missing-value mark, and as data.

``diplo report`` starts each kernel with ``setup()`` (an ``exec_lines``
of the IPython kernel, so notebooks stay as they are and run the same in
JupyterLab and under nbval). A DataFrame is then shown in full, never cut
to its first and last rows or its titles to "…", with every missing value
written ``NA`` whether pandas holds it as ``NaN``, ``NaT`` or ``<NA>``;
and its rows travel beside the HTML as ``text/csv``, which the runner
writes to ``tables/<name>.csv`` and links from the report
(``diplo.report.render.extract_outputs``). An object with a
``_repr_bibtex_`` method (a :class:`diplo.citation.Bibliography`) gives
``text/x-bibtex`` the same way, written to ``references.bib``.
"""

from __future__ import annotations

import html
import re
import warnings

import pandas as pd

__all__ = ["MISSING", "CSV", "BIBTEX", "setup", "show_note", "table_html", "table_csv"]

#: The one mark of a missing value in a report's tables.
MISSING = "NA"
_DATE_CELL = re.compile(r"<td>(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?)</td>")
#: The MIME types a report's kernel adds to a DataFrame's and a bibliography's display.
CSV, BIBTEX = "text/csv", "text/x-bibtex"


def _for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every missing value in a form ``to_html(na_rep=...)`` writes as :data:`MISSING`.

    pandas applies ``na_rep`` to ``NaN`` and ``NaT`` but writes the ``<NA>`` of
    nullable columns (``Int64``, ``Float64``, ``string``, ``boolean``) as it is:
    those columns become floats (``Float64``) or text.
    """
    out = frame.copy(deep=False)
    for i, dtype in enumerate(frame.dtypes):
        column = frame.iloc[:, i]
        if isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_datetime64_any_dtype(dtype):
            continue  # pandas writes their missing values with na_rep already
        if isinstance(dtype, pd.Float64Dtype | pd.Float32Dtype):
            out.isetitem(i, column.astype("float64"))
        elif isinstance(dtype, pd.api.extensions.ExtensionDtype) or dtype == object:
            out.isetitem(i, column.map(lambda v: MISSING if pd.api.types.is_scalar(v) and pd.isna(v) else v,
                                       na_action=None).astype(object))
    return out


def table_html(frame: pd.DataFrame) -> str:
    """The whole frame as an HTML table, every missing value written :data:`MISSING`.

    Parameters
    ----------
    frame : DataFrame
        Any frame a report shows.

    Returns
    -------
    str
        A ``<div class="diplo-table" data-rows="N">`` holding the table.

    Examples
    --------
    >>> frame = pd.DataFrame({"a": pd.array([1.5, None], dtype="Float64"), "b": pd.array(["x", None])})
    >>> table_html(frame).count("<td>NA</td>")
    2
    """
    body = _for_display(frame).to_html(na_rep=MISSING, max_rows=None, max_cols=None, border=0,
                                       show_dimensions=False, escape=True)
    body = _DATE_CELL.sub(r'<td class="diplo-date">\1</td>', body)  # kept on one line by the report's style
    return f'<div class="diplo-table" data-rows="{len(frame)}">{body}</div>'


def _has_meaningful_index(frame: pd.DataFrame) -> bool:
    """An index worth a column of its own in the CSV: named, several levels, or not plain positions."""
    index = frame.index
    return index.nlevels > 1 or any(index.names) or not pd.api.types.is_integer_dtype(index.dtype)


def table_csv(frame: pd.DataFrame) -> str:
    """The whole frame as CSV (UTF-8 text, ``\\n`` line ends, missing values empty).

    Parameters
    ----------
    frame : DataFrame
        Any frame a report shows; its index is a column of the CSV when it
        means something (named, several levels, or not positions).

    Returns
    -------
    str
    """
    return frame.to_csv(index=_has_meaningful_index(frame), lineterminator="\n")


def show_note(message, category, filename, lineno, file=None, line=None) -> None:
    """Show a warning as a note of the report (the signature of :func:`warnings.showwarning`).

    Parameters
    ----------
    message : Warning or str
        What is shown, as text.
    category : type
        The warning's class (not shown: the note says what it means).
    filename, lineno, file, line
        Where it was raised; not shown, a report hides its code.
    """
    from IPython.display import HTML, display

    display(HTML(f'<div class="diplo-note"><strong>Note:</strong> {html.escape(str(message))}</div>'))


def setup(shell=None) -> None:
    """Make the IPython ``shell`` (default: the running one) show tables whole and hand over their data.

    Parameters
    ----------
    shell : IPython InteractiveShell, optional
        The shell to set up; the running one by default. Outside IPython
        nothing is done.
    """
    from IPython import get_ipython
    from IPython.core.formatters import BaseFormatter
    from traitlets import ObjectName, Unicode

    shell = shell or get_ipython()
    if shell is None:
        return

    class CSVFormatter(BaseFormatter):
        format_type = Unicode(CSV)
        print_method = ObjectName("_repr_csv_")

    class BibTeXFormatter(BaseFormatter):
        format_type = Unicode(BIBTEX)
        print_method = ObjectName("_repr_bibtex_")

    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(pd.DataFrame, table_html)
    for mime, formatter in ((CSV, CSVFormatter), (BIBTEX, BibTeXFormatter)):
        formatters[mime] = formatter(parent=shell.display_formatter)
        if mime not in shell.display_formatter.active_types:
            shell.display_formatter.active_types.append(mime)
    formatters[CSV].for_type(pd.DataFrame, table_csv)
    # A warning (a period outside the declared coverage, say) is a caveat for the reader, shown as a
    # note in the report where it arose rather than as stderr with a line of code.
    warnings.showwarning = show_note
    # The plain-text form (what a reader of report.ipynb sees without HTML) is whole too.
    pd.set_option("display.max_rows", None)
    pd.set_option("display.max_colwidth", None)

