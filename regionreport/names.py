"""File names from Swedish names.

In: a name such as "Västra Götalands län" or "Askim-Frölunda-Högsbo".
Out: an ASCII slug for file names ("vastra-gotalands-lan", "askim-frolunda-hogsbo").
"""

from __future__ import annotations

import unicodedata


def ascii_slug(text: str) -> str:
    """Lower-case ASCII words joined by "-"; å ä ö lose their marks."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(c if c.isalnum() else " " for c in plain.lower()).split()
    return "-".join(words)
