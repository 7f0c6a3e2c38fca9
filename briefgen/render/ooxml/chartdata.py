"""A chart's numbers as python-pptx chart data, with an embedded workbook that holds data only.

PowerPoint and Word draw the same DrawingML chart part, and both embed the
chart's numbers as a workbook so "Edit Data" works; :func:`chart_data` makes
python-pptx's ``CategoryChartData`` whose workbook XlsxWriter writes with
strings kept strings (:data:`SAFE_WORKBOOK`) and its creation date fixed to
the build's epoch. The deck (:mod:`briefgen.render.deck.charts`) and the
docx (:mod:`briefgen.render.docx.charts`) both use it.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import contextmanager

from ...model import Chart

log = logging.getLogger(__name__)


SAFE_WORKBOOK = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
"""XlsxWriter options for the embedded workbook: a string stays a string, whatever it starts with."""


def chart_data(chart: Chart, epoch: int):
    """The chart's data for python-pptx, its embedded workbook written by XlsxWriter as data only.

    Category names and series names come from the source (a CSV's cells): each is written
    as a string cell (``t="s"``, shared strings), never a formula, URL or number, and with
    Excel's quote prefix (the hidden leading apostrophe), so even editing the cell in Excel
    keeps it text. The text itself is not altered (OWASP's CSV-injection advice is to
    prefix risky values with ``'`` in CSV files, where no cell type exists; here the type
    does that job, and the label shows as written in the chart and in "Edit Data").
    """
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xlsx import CategoryWorkbookWriter
    from xlsxwriter import Workbook

    created = dt.datetime.fromtimestamp(max(int(epoch), 315532800), dt.timezone.utc).replace(tzinfo=None)

    class _Writer(CategoryWorkbookWriter):
        @contextmanager
        def _open_worksheet(self, xlsx_file):
            workbook = Workbook(xlsx_file, {"in_memory": True, **SAFE_WORKBOOK})
            workbook.set_properties({"created": created, "author": "briefgen"})
            worksheet = workbook.add_worksheet()
            yield workbook, worksheet
            workbook.close()

        def _populate_worksheet(self, workbook, worksheet):
            # python-pptx's layout (categories in column A from row 2, one column per series with its
            # name in row 1), with every text cell written as a string and quote-prefixed: never a formula
            text = workbook.add_format({"num_format": "General", "quote_prefix": True})
            worksheet.set_column(0, 0, 10)
            for row, name in enumerate(chart.categories, start=1):
                worksheet.write_string(row, 0, name, text)
            for col, series in enumerate(chart.series, start=1):
                worksheet.write_string(0, col, series.name, text)
                worksheet.write_column(1, col, list(series.values))

    class _Data(CategoryChartData):
        @property
        def _workbook_writer(self):
            return _Writer(self)

    data = _Data(number_format="General")
    data.categories = list(chart.categories)
    for series in chart.series:
        data.add_series(series.name, list(series.values))
    return data
