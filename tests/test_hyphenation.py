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


def test_numbers_stay_with_their_words():
    from regionreport.render.markup import bind, text

    assert bind("enligt SoL 4 kap. 1 § och Del 2: 42,8 procent") == \
        "enligt SoL\u00a04\u00a0kap.\u00a01\u00a0§ och Del\u00a02: 42,8\u00a0procent"
    assert bind("Delar av 2 kommuner") == "Delar av 2 kommuner"   # only the listed words
    assert text("A & B <i> 2 procent") == "A &amp; B &lt;i&gt; 2\u00a0procent"
