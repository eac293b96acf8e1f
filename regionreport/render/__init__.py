"""Renderers of the document tree: the PDF (reportlab, ``pdf.py``) and the workbook (openpyxl,
``xlsx.py``), with what they share (``roles.py``, ``markup.py``)."""
