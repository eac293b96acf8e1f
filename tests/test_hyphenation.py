"""Swedish hyphenation: the exception list wins over the dictionary."""

from __future__ import annotations

import pytest

from regionreport import paths
from regionreport.errors import InputError
from regionreport.render.hyphenation import SwedishHyphenator


@pytest.fixture(scope="module")
def hyphenate():
    return SwedishHyphenator("sv_SE", paths.layouts_dir() / "hyphenation" / "sv.txt")


@pytest.mark.parametrize("word, pairs", [
    ("Göteborgsregionen", [("Göteborgs", "regionen")]),      # not "Göteborgsregio-nen"
    ("barnperspektiv", [("barn", "perspektiv")]),            # not "barnperspek-tiv"
    ("Brukarundersökning", [("Brukar", "undersökning")]),
    ("metoder", []),                                          # short words stay whole
    ("Kolada", []),
])
def test_domain_words_break_between_their_parts(hyphenate, word, pairs):
    assert hyphenate(word) == pairs


def test_other_words_go_through_the_dictionary(hyphenate):
    pairs = hyphenate("verksamhetsuppföljning")
    assert pairs and all(head + tail == "verksamhetsuppföljning" for head, tail in pairs)


def test_a_missing_exceptions_file_is_named(tmp_path):
    with pytest.raises(InputError) as error:
        SwedishHyphenator("sv_SE", tmp_path / "sv.txt")
    assert "cannot read hyphenation exceptions" in error.value.message
