"""regionreport: regional reports of Öppna jämförelser (ÖJ) of the Swedish social services.

In: the national ÖJ result workbook(s) (or Kolada exports, or a tidy CSV) and a layout.
Out: region values formed by each indicator's rule, checks against the published values,
and (later stages) a print-ready PDF.
"""

__version__ = "0.2.0"
