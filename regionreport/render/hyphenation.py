"""Swedish hyphenation for reportlab paragraphs: pyphen plus an exception list.

In: a language code ("sv_SE"), an exceptions file (one word per line with its allowed
breaks marked "-"; layouts/hyphenation/sv.txt), words never to break (the place names:
kommuner, län, stadsdelar, the report's region) and the fewest letters a break may leave
for the next line.
Out: a callable ``word -> [(head, tail), ...]`` (the protocol of reportlab's
``hyphenationLang`` when it is not a string): the exception's break points for listed words
(none for a place name), pyphen's otherwise, longest head first.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from regionreport.errors import InputError


_PUNCTUATION = ".,;:!?()[]\"'«»”“’–—/"


class SwedishHyphenator:
    """Break points for words; exceptions win over the dictionary."""

    def __init__(self, language: str, exceptions_file: Path | None = None,
                 unbreakable: Iterable[str] = (), min_tail: int = 2):
        import pyphen

        if not pyphen.language_fallback(language):
            raise InputError(f"no hyphenation dictionary for '{language}'")
        # min_tail: letters a break leaves for the next line (4: no "paren-/tes.")
        self._dictionary = pyphen.Pyphen(lang=language, right=max(1, int(min_tail)))
        self._min_tail = int(min_tail)
        self._exceptions: dict[str, tuple[int, ...]] = {}
        if exceptions_file is not None:
            self._read(exceptions_file)
        for name in unbreakable:          # place names: never hyphenated
            for word in name.replace("-", " ").split():
                self._exceptions[word.casefold()] = ()
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
        # a listed word is found with the punctuation around it ("Göteborgsregionen,")
        lead = len(word) - len(word.lstrip(_PUNCTUATION))
        core = word.strip(_PUNCTUATION)
        cuts = self._exceptions.get(core.casefold())
        if cuts is None:
            pairs = [(head, tail) for head, tail in self._dictionary.iterate(word)]
        else:
            pairs = [(word[:lead + cut], word[lead + cut:])
                     for cut in sorted(cuts, reverse=True)]
        # the letters left for the next line, punctuation not counted ("tes." is three)
        return [(head, tail) for head, tail in pairs
                if sum(c.isalpha() for c in tail) >= self._min_tail]
