"""The PDF renderer: reportlab flowables for the report's parts (charts so far)."""
