"""Prose: Markdown subset, template fields, numbered notes with their URLs."""

from __future__ import annotations

import pytest

from regionreport.document import BulletList, Notes, Paragraph
from regionreport.errors import InputError
from regionreport.numbers import format_number, round_half_up
from regionreport.compose.prose import fill_fields, parse_prose

FIELDS = {"år": "2015", "region": "Jönköpings län"}


def test_fields_and_braces():
    assert fill_fields("I {region} {år} {{ok}}", FIELDS, file="x.md") == \
        "I Jönköpings län 2015 {ok}"


def test_unknown_field_names_line():
    with pytest.raises(InputError) as error:
        fill_fields("rad ett\nrad {regoin}", FIELDS, file="x.md")
    assert error.value.message == ("x.md, line 2: unknown template field '{regoin}' (known "
                                   "fields: {region}, {år})")


def test_paragraphs_lists_quotes_and_notes():
    text = ("Första stycket med **fet** och *kursiv* text.[^a]\n\n- ett\n- två\n\n"
            "> Ett citat\n\n[^a]: Källa: https://example.se/sida\n")
    blocks, next_note = parse_prose(text, FIELDS, file="x.md", first_note=4,
                                   notes_heading="Noter")
    assert next_note == 5
    first, bullets, quote, notes = blocks
    assert isinstance(first, Paragraph) and [s.text for s in first.spans] == [
        "Första stycket med ", "fet", " och ", "kursiv", " text.", "4"]
    assert first.spans[1].bold and first.spans[3].italic and first.spans[5].note == 4
    assert isinstance(bullets, BulletList) and len(bullets.items) == 2
    assert quote.style == "quote"
    assert isinstance(notes, Notes) and notes.items[0][0] == 4 and notes.heading == "Noter"
    url = notes.items[0][1].spans[-1]
    assert url.text == url.href == "https://example.se/sida"


@pytest.mark.parametrize("text, message", [
    ("Text.[^x]\n", "x.md, line 1: footnote [^x] is referenced but not defined (add a line "
                    "'[^x]: source and URL')"),
    ("Text.\n\n[^x]: källa\n", "x.md, line 3: footnote [^x] is defined but never referenced"),
    ("# Rubrik\n", "x.md, line 1: headings do not belong in prose files (make the heading a "
                   "section of the layout)"),
])
def test_prose_mistakes(text, message):
    with pytest.raises(InputError) as error:
        parse_prose(text, FIELDS, file="x.md", notes_heading="Noter")
    assert error.value.message == message


@pytest.mark.parametrize("value, decimals, text", [
    (69.23076923, 1, "69,2"), (2.25, 1, "2,3"), (0.05, 1, "0,1"), (-2.5, 1, "\u22122,5"),
    (12345.0, 0, "12\u202f345"), (-0.04, 1, "0,0"), (100.0, 1, "100,0")])
def test_swedish_numbers(value, decimals, text):
    assert format_number(value, decimals) == text


def test_half_up_not_bankers():
    assert round_half_up(0.125, 2) == 0.13 and round_half_up(2.5, 0) == 3.0
