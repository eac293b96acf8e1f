"""The Kalmar län 2021 report from the Kolada sample, read back from the PDF and checked by hand.

The Kolada JSON is read here with ``json`` and the catalog with ``tomllib`` (not the package's
reader): each kommun's code is decoded by the indicator's ``kolada_codes`` for the year, and
the county's and Riket's share is counted by hand (kommuner whose answer is in the positive
set, of those that answered). Every member row and the Kalmar län and Riket rows of every
survey table must be those; the register rows show Kolada's own län and Riket values, and the
table says they are the source's.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

import pytest
from pypdf import PdfReader

from regionreport import paths
from regionreport.runner import build_report

LAYOUT = paths.layouts_dir() / "kalmar-2021.toml"
CATALOG = paths.layouts_dir() / "catalogs" / "ekonomiskt-bistand-2021.toml"
KALMAR_LAN = ["0821", "0834", "0840", "0860", "0861", "0862", "0880", "0881", "0882",
              "0883", "0884", "0885"]
NAMES = {"0821": "Högsby", "0834": "Torsås", "0840": "Mörbylånga", "0860": "Hultsfred",
         "0861": "Mönsterås", "0862": "Emmaboda", "0880": "Kalmar", "0881": "Nybro",
         "0882": "Oskarshamn", "0883": "Västervik", "0884": "Vimmerby", "0885": "Borgholm"}
SURVEY, PREVIOUS, REGISTER = 2021, 2020, 2020


def squeeze(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010\u2011\u25b2\u25bc]", "", unicodedata.normalize("NFC", text))


def one_decimal(value: float, decimals: int = 1) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    text = str(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))
    whole, _, fraction = text.partition(".")
    whole = f"{int(whole):,}".replace(",", "\u00a0") if whole != "-0" else "0"
    return f"{whole},{fraction}" if fraction else whole


@pytest.fixture(scope="module")
def catalog() -> dict:
    with CATALOG.open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def kolada(kolada_sample) -> dict:
    """``kolada[(kpi, year)][municipality]``: the total value of every record."""
    found: dict = {}
    for page in json.loads(kolada_sample.read_text(encoding="utf-8")):
        for record in page["values"]:
            total = next(v for v in record["values"] if v["gender"] == "T")
            found.setdefault((record["kpi"], record["period"]), {})[record["municipality"]] = \
                total["value"]
    return found


def decode(indicator: dict, year: int, value) -> str | None:
    if value is None:
        return None
    codes = indicator["kolada_codes"]
    if isinstance(codes, list):
        codes = next(c["codes"] for c in codes if c.get("from", 0) <= year <= c.get("until", 9999))
    return codes[str(int(value))]


@pytest.fixture(scope="module")
def report(kolada_sample, tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("kalmar")
    result = build_report(LAYOUT, folder / "kalmar-2021.pdf", data_files=[kolada_sample],
                          charts=False,
                          cache_dir=folder / "cache")
    return [page.extract_text() for page in PdfReader(result.output).pages]


@pytest.fixture(scope="module")
def parts(kolada_sample, catalog) -> list[tuple[str, list[dict]]]:
    """(caption, indicators in column order) of every results table of the composed report:
    the column parts a wide area is cut into, from the document tree the PDF is drawn from."""
    from regionreport.compose import compose_report
    from regionreport.config.layout import load_layout
    from regionreport.sources.loading import load_inputs

    layout = load_layout(LAYOUT)
    document = compose_report(layout, load_inputs([kolada_sample], None, layout.catalog))
    by_name = {i["short_name"]: i for i in catalog["indicators"]}
    found = []
    for table in document.tables():
        names = [cell.text for cell in table.header[0] if cell.text in by_name]
        if names:
            found.append((table.caption, [by_name[n] for n in names]))
    return found


def _pages_of(report: list[str], caption: str) -> str:
    pages = [t for t in report if caption in t]
    assert pages, f"no page with {caption}"
    return squeeze(" ".join(pages))


def _share(indicator: dict, kolada: dict, year: int, units) -> str:
    """The share of positive answers among the answering units, counted by hand."""
    answers = [decode(indicator, year, kolada[(indicator["kolada"], year)].get(u)) for u in units]
    given = [a for a in answers if a is not None]
    hits = sum(1 for a in given if a in indicator["positive"])
    return one_decimal(100 * hits / len(given))


def test_every_survey_row_is_the_kolada_answer_and_the_share_by_hand(report, parts, kolada):
    riket = list(kolada[("U31466", SURVEY)])          # every kommun with a record
    assert len(riket) == 290
    survey = [(c, i) for c, i in parts if i[0]["source"] == "survey"]
    shown = {i["id"] for _, indicators in survey for i in indicators}
    assert len(shown) == 37
    for caption, indicators in survey:
        text = _pages_of(report, caption)
        for code in KALMAR_LAN:
            row = [NAMES[code]] + [
                decode(i, y, kolada[(i["kolada"], y)][code]) or "–"
                for i in indicators for y in (PREVIOUS, SURVEY)]
            assert squeeze("".join(row)) in text, (caption, row)
        for name, units in (("Kalmar län", KALMAR_LAN), ("Riket", riket)):
            row = [name] + [_share(i, kolada, y, units) for i in indicators
                            for y in (PREVIOUS, SURVEY)]
            assert squeeze("".join(row)) in text, (caption, row)


def test_register_rows_are_koladas_own_values_and_say_so(report, parts, kolada):
    register = [(c, i) for c, i in parts if i[0]["source"] != "survey"]
    assert len({i["id"] for _, indicators in register for i in indicators}) == 17
    for caption, indicators in register:
        text = _pages_of(report, caption)
        for code in KALMAR_LAN:
            row = [NAMES[code]] + [one_decimal(kolada[(i["kolada"], y)][code], i["decimals"])
                                   for i in indicators for y in (REGISTER - 1, REGISTER)]
            assert squeeze("".join(row)) in text, (caption, row)
        for label, municipality in (("Kalmar län", "0008"), ("Riket", "0000")):
            row = [label] + [one_decimal(kolada[(i["kolada"], y)][municipality], i["decimals"])
                             for i in indicators for y in (REGISTER - 1, REGISTER)]
            assert squeeze("".join(row)) in text, (caption, row)
        assert squeeze("Värdena för Kalmar län och Riket är källans publicerade värden") in text
        assert squeeze("oviktade medelvärden") not in text
        assert squeeze("publicerat värde för") not in text


def test_the_report_says_kolada_has_kommun_level_only(report):
    text = " ".join(report)
    assert "Kolada redovisar bara kommunnivå" in text
    assert squeeze("Länets och rikets andelar för enkätindikatorerna är beräknade ur "
                   "kommunernas svar i Kolada") in squeeze(text)


@pytest.fixture(scope="module")
def handouts(kolada_sample, tmp_path_factory) -> dict[str, str]:
    """The text of every Kalmar län handout (pdftotext), by file name."""
    import subprocess

    from click.testing import CliRunner

    from regionreport.cli import main

    folder = tmp_path_factory.mktemp("kalmar-handouts")
    result = CliRunner().invoke(main, ["handouts", str(LAYOUT), "--data", str(kolada_sample),
                                       "-o", str(folder)])
    assert result.exit_code == 0, result.output
    texts = {}
    for pdf in sorted(folder.glob("*.pdf")):
        texts[pdf.stem] = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                         text=True, check=True).stdout
    return texts


def _key_results() -> dict[str, dict]:
    with LAYOUT.open("rb") as handle:
        return {entry["indicator"]: entry for entry in tomllib.load(handle)["key_results"]}


def _said(template: str, **values) -> str:
    """A template of the layout filled by hand, white space squeezed (lines wrap)."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return squeeze(template)


def test_kalmar_handout_states_the_fixture_answers_in_sentences(handouts, catalog, kolada):
    """Kalmar kommun's 2021 answers (../shared/data/README.md): socialjour Ja, waiting time at
    most 14 days, the template in all investigations, systematic follow-up Delvis (not met)."""
    text = squeeze(handouts["kalmar"])
    entries = _key_results()
    for indicator_id in ("socialjour", "vantetid_nybesok", "utredningsmall"):
        assert _said(entries[indicator_id]["unit_met"], namn="Kalmar") in text, indicator_id
        assert _said(entries[indicator_id]["unit_not_met"], namn="Kalmar") not in text
    assert _said(entries["uppfoljning_resultat"]["unit_partial"], namn="Kalmar") in text
    assert _said(entries["uppfoljning_resultat"]["unit_met"], namn="Kalmar") not in text


def test_national_sentences_carry_the_shares_counted_by_hand(handouts, catalog, kolada):
    indicators = {i["id"]: i for i in catalog["indicators"]}
    riket = list(kolada[("U31466", SURVEY)])
    text = squeeze(handouts["kalmar"])
    entries = _key_results()
    for indicator_id in ("socialjour", "vantetid_nybesok", "uppfoljning_resultat"):
        indicator = indicators[indicator_id]
        now = _share(indicator, kolada, SURVEY, riket)
        before = _share(indicator, kolada, PREVIOUS, riket)
        assert _said(entries[indicator_id]["national"], riket=now, riket_före=before,
                     år=SURVEY, föregående_år=PREVIOUS) in text, indicator_id
    assert squeeze("95,0 procent av kommunerna 2021, mot 86,0 procent 2020") in text


def test_a_kommun_that_did_not_answer_is_told_so(handouts, kolada):
    torsas = squeeze(handouts["torsas"])
    assert kolada[("U31466", SURVEY)]["0834"] is None           # Torsås did not answer 2021
    for indicator_id, entry in _key_results().items():
        if indicator_id != "bistandsmottagare":
            assert _said(entry["unit_missing"], namn="Torsås", år=SURVEY) in torsas
    share = one_decimal(kolada[("N31807", REGISTER)]["0834"])
    assert _said(_key_results()["bistandsmottagare"]["unit_value"], namn="Torsås",
                 värde=share, år=REGISTER) in torsas


def test_the_report_follows_each_national_result_with_the_county_by_hand(report, catalog,
                                                                        kolada):
    indicators = {i["id"]: i for i in catalog["indicators"]}
    text = squeeze(" ".join(report))
    for indicator_id, entry in _key_results().items():
        indicator = indicators[indicator_id]
        if indicator["source"] != "survey":
            value = one_decimal(kolada[(indicator["kolada"], REGISTER)]["0008"])
            assert _said(entry["region"], region="Kalmar län", värde=value) in text
            continue
        answers = [decode(indicator, SURVEY, kolada[(indicator["kolada"], SURVEY)][code])
                   for code in KALMAR_LAN]
        given = [a for a in answers if a is not None]
        hits = sum(1 for a in given if a in indicator["positive"])
        assert _said(entry["region"], region="Kalmar län", uppfyllda=hits, svarande=len(given),
                     värde=one_decimal(100 * hits / len(given))) in text, indicator_id


def test_check_layout_finds_a_stale_year_in_a_key_result(kolada_sample, tmp_path):
    import shutil

    from click.testing import CliRunner

    from regionreport.cli import main

    shutil.copytree(LAYOUT.parent / "kalmar-2021", tmp_path / "kalmar-2021")
    text = LAYOUT.read_text(encoding="utf-8").replace(
        "Under pandemin hölls", "Under pandemin 2014 hölls")
    layout = tmp_path / "kalmar-2021.toml"
    layout.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--layout", str(layout), "--data",
                                       str(kolada_sample)])
    assert result.exit_code == 0, result.output
    assert "key 'key_results[2].national'" in result.output and "2014" in result.output
