"""Tagged PDF: the logical structure of a rendered document (PDF/UA-1).

``tree`` records, while the pages are drawn, which structure element each piece of marked
content belongs to and which paint is an artifact; ``paragraphs`` holds the flowables that
tag themselves; ``structure`` writes the structure tree, the parent tree and the catalog
entries into the finished file with pikepdf.
"""
