"""Swedish hyphenation for reportlab paragraphs: pyphen plus an exception list.

In: a language code ("sv_SE") and an exceptions file (one word per line with its allowed
breaks marked "-"; layouts/hyphenation/sv.txt).
Out: a callable ``word -> [(head, tail), ...]`` (the protocol of reportlab's
``hyphenationLang`` when it is not a string): the exception's break points for listed words,
pyphen's otherwise, longest head first.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from regionreport.errors import InputError


class SwedishHyphenator:
    """Break points for words; exceptions win over the dictionary."""

    def __init__(self, language: str, exceptions_file: Path | None = None):
        import pyphen

        if not pyphen.language_fallback(language):
            raise InputError(f"no hyphenation dictionary for '{language}'")
        self._dictionary = pyphen.Pyphen(lang=language)
        self._exceptions: dict[str, tuple[int, ...]] = {}
        if exceptions_file is not None:
            self._read(exceptions_file)
        self.pairs = lru_cache(maxsize=20000)(self._pairs)

    def _read(self, path: Path) -> None:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(f"cannot read hyphenation exceptions: {exc.strerror}",
                             file=path) from None
        for line in lines:
            entry = line.strip()
            if not entry or entry.startswith("#"):
                continue
            parts = entry.split("-")
            cuts, position = [], 0
            for part in parts[:-1]:
                position += len(part)
                cuts.append(position)
            self._exceptions["".join(parts).casefold()] = tuple(cuts)

    def __call__(self, word: str) -> list[tuple[str, str]]:
        return self.pairs(word)

    def _pairs(self, word: str) -> list[tuple[str, str]]:
        cuts = self._exceptions.get(word.casefold())
        if cuts is None:
            return [(head, tail) for head, tail in self._dictionary.iterate(word)]
        return [(word[:cut], word[cut:]) for cut in sorted(cuts, reverse=True)]
