"""Key results ([[key_results]]): each national key result followed by the unit's own result
in the handouts and by the region's in the report's ``key_results`` section; the numbers are
those of the data and the results tables; mistakes are errors naming the key."""

from __future__ import annotations

import re
import shutil
import subprocess

import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from regionreport import paths
from regionreport.cli import main

SOURCE = paths.layouts_dir() / "jonkoping-2015.toml"
NON_RESPONDER = "0643"          # Habo: its socialjour answer is blanked in the test workbook

KEY_RESULTS = '''
[[key_results]]
indicator = "socialjour"
heading = "Socialjour"
national = "Nästan alla kommuner har en socialjour utanför kontorstid: {riket} procent av kommunerna och stadsdelarna {år}, mot {riket_före} procent {föregående_år}."
region = "I {region} har {uppfyllda} av {svarande} kommuner en sådan socialjour ({värde} procent)."
unit_met = "I {namn} finns en socialjour med socionomutbildad personal dygnet runt."
unit_not_met = "I {namn} finns ingen socialjour med socionomutbildad personal dygnet runt."
unit_missing = "{namn} svarade inte på frågan om socialjour {år}."

[[key_results]]
indicator = "overensk_primarvard"
national = "{riket} procent av landets kommuner har en aktuell överenskommelse med primärvården ({år})."
region = "I {region} har {uppfyllda} av {svarande} kommuner en sådan överenskommelse ({värde} procent; riket {riket} procent)."
unit_met = "{namn} har en aktuell överenskommelse med primärvården."
unit_not_met = "{namn} saknar en aktuell överenskommelse med primärvården."
unit_missing = "{namn} svarade inte på frågan {år}."
[key_results.answers]
"Ny överenskommelse" = "{namn} har en överenskommelse med primärvården som är ny för året (svaret {svar})."

[[key_results]]
indicator = "strukturerad_inskolning"
heading = "Inskolning av nyanställda"
national = "{riket} procent av kommunerna skolar in nyanställda handläggare på ett strukturerat sätt ({år})."
region = "I {region} har {uppfyllda} av {svarande} kommuner en strukturerad inskolning ({värde} procent)."
unit_met = "I {namn} skolas nyanställda handläggare in på ett strukturerat sätt."
unit_not_met = "I {namn} saknas en strukturerad inskolning."
unit_missing = "{namn} svarade inte på frågan {år}."
[key_results.answers]
"Ingen nyanställd" = "{namn} har inte anställt någon handläggare under året."

[[key_results]]
indicator = "stod_timmar_per_vecka"
heading = "Stöd till handläggarna"
national = "I riket får en handläggare i genomsnitt {riket} {enhet} stöd i veckan ({år})."
region = "I {region} är det genomsnittliga stödet {värde} {enhet} i veckan."
unit_value = "I {namn} är det genomsnittliga stödet {värde} {enhet} i veckan."
unit_missing = "{namn} svarade inte på frågan {år}."

[[key_results]]
indicator = "andel_bistandsmottagare"
heading = "Biståndsmottagare"
national = "I riket fick {riket} procent av invånarna ekonomiskt bistånd {år} ({riket_före} procent {föregående_år})."
region = "I {region} var andelen {värde} procent."
unit_value = "I {namn} var andelen {värde} procent {år}."
unit_missing = "För {namn} finns ingen uppgift {år}."
'''

SECTION = '''[[sections]]
kind = "key_results"
heading = "Nyckelresultat för riket och länet"
level = 1
numbered = false

[[sections]]
kind = "prose"
heading = "Inledning"'''


def flat(text: str) -> str:
    """Text without white space, hyphens and soft hyphens: line breaks do not matter."""
    return re.sub(r"[\s\-\u00ad]", "", text)


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def swedish(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def _sheet_rows(book, sheet: str, column: str) -> dict[str, object]:
    """Code -> value of ``column`` in a survey or register sheet of the sample workbook."""
    rows = list(book[sheet].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and column in row)
    index = rows[header].index(column)
    return {str(row[0]): row[index] for row in rows[header + 1:] if row and row[0]}


def _write_layout(folder, data, *, key_results: str = KEY_RESULTS, section: bool = True):
    shutil.copytree(SOURCE.parent / SOURCE.stem, folder / SOURCE.stem, dirs_exist_ok=True)
    text = SOURCE.read_text(encoding="utf-8").replace(
        'files = ["../out/sample-oj-ekonomiskt-bistand-2015.xlsx"]', f'files = ["{data}"]')
    # portrait handouts: the key results do not leave room for a one-page handout
    text = text.replace("one_page = true\n", "")
    if section:
        old = '[[sections]]\nkind = "prose"\nheading = "Inledning"'
        assert old in text
        text = text.replace(old, SECTION, 1)
    path = folder / "report.toml"
    path.write_text(text + key_results, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def workbook(sample_workbook, tmp_path_factory):
    """The sample workbook with Habo's socialjour answer of 2015 taken out (a non-responder),
    and the published values of Jönköpings län and Riket made again as the publisher would
    (the share of the answering units), so that the data agrees with itself."""
    from regionreport.aggregate import ResultIndex, region_value
    from regionreport.model.regions import county_region, riket_region
    from regionreport.numbers import round_half_up
    from regionreport.sources.loading import load_inputs

    book = openpyxl.load_workbook(sample_workbook.path)
    sheet = book["Tillgänglighet 2015"]
    rows = list(sheet.iter_rows())
    header = next(r for r in rows if r[0].value == "Kod")
    column = [c.value for c in header].index("Socialjour utanför kontorstid")
    row = next(r for r in rows if r[0].value == NON_RESPONDER)
    row[column].value = None
    path = tmp_path_factory.mktemp("keyres-data") / "oj-2015.xlsx"
    book.save(path)
    inputs = load_inputs([path])
    index, registry = ResultIndex(inputs.table), inputs.registry
    indicator = inputs.catalog.indicator("socialjour")
    for region in (county_region(registry, "06"), riket_region(registry)):
        value = region_value(index, indicator, region, 2015, registry).value
        published = next(r for r in rows if r[0].value == region.published_code)
        published[column].value = round_half_up(value, 1)
    book.save(path)
    return path


@pytest.fixture(scope="module")
def built(workbook, tmp_path_factory):
    """The report (no charts) and the handouts of the test layout with five key results."""
    folder = tmp_path_factory.mktemp("keyres")
    layout = _write_layout(folder, workbook)
    report = folder / "report.pdf"
    result = CliRunner().invoke(main, ["build", str(layout), "-o", str(report), "--no-charts"])
    assert result.exit_code == 0, result.output
    handouts = folder / "handouts"
    result = CliRunner().invoke(main, ["handouts", str(layout), "-o", str(handouts)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote 13 handouts to {handouts}\n"
    return report, handouts, openpyxl.load_workbook(workbook, read_only=True)


def test_each_handout_has_the_units_own_sentence(built):
    _, handouts, _ = built
    aneby, tranas, habo = (flat(pdf_text(handouts / f"{n}.pdf"))
                           for n in ("aneby", "tranas", "habo"))
    met = "I {} finns en socialjour med socionomutbildad personal dygnet runt."
    not_met = "I {} finns ingen socialjour med socionomutbildad personal dygnet runt."
    # Aneby answered Ja, Tranås Nej, Habo nothing (see the workbook fixture)
    assert flat(met.format("Aneby")) in aneby and flat(not_met.format("Aneby")) not in aneby
    assert flat(not_met.format("Tranås")) in tranas and flat(met.format("Tranås")) not in tranas
    assert flat("Habo svarade inte på frågan om socialjour 2015.") in habo
    assert flat(met.format("Habo")) not in habo and flat(not_met.format("Habo")) not in habo
    # an exact answer's sentence comes before met / not met
    vetlanda = flat(pdf_text(handouts / "vetlanda.pdf"))
    assert flat("Vetlanda har en överenskommelse med primärvården som är ny för året "
                "(svaret Ny överenskommelse).") in vetlanda
    assert flat("Tranås har en aktuell överenskommelse med primärvården.") in tranas
    assert flat("Aneby har inte anställt någon handläggare under året.") in aneby
    # the heading defaults to the indicator's short name
    assert flat("Överensk. primärvården") in tranas


def test_handouts_replace_the_national_list_and_fit_two_pages(built):
    _, handouts, _ = built
    for path in handouts.glob("*.pdf"):
        assert 1 <= len(PdfReader(path).pages) <= 2, path.name
    text = pdf_text(handouts / "tranas.pdf")
    # the national bullet list of [handout] is not shown: its first sentence is missing
    assert "har en aktuell överenskommelse med Arbetsförmedlingen." not in text
    order = [flat(text).index(flat(h)) for h in ("Socialjour", "Överensk. primärvården",
                                                  "Inskolning av nyanställda",
                                                  "Stöd till handläggarna",
                                                  "Biståndsmottagare",
                                                  "Tranås: enkätindikatorer 2015")]
    assert order == sorted(order)


def test_numbers_are_those_of_the_data(built):
    report, handouts, book = built
    social = _sheet_rows(book, "Tillgänglighet 2015", "Socialjour utanför kontorstid")
    social_before = _sheet_rows(book, "Tillgänglighet 2014", "Socialjour")
    riket, before, county = social["00"], social_before["00"], social["06"]
    assert isinstance(riket, (int, float)) and isinstance(before, (int, float))
    national = flat(f"{swedish(riket)} procent av kommunerna och stadsdelarna 2015, mot "
                    f"{swedish(before)} procent 2014.")
    tranas = flat(pdf_text(handouts / "tranas.pdf"))
    assert national in tranas
    # Tranås's own hours and the register share, read from the workbook
    hours = _sheet_rows(book, "Kompetens 2015",
                        "Stöd och handledning, timmar per vecka och heltidstjänst")
    assert flat(f"I Tranås är det genomsnittliga stödet {swedish(hours['0687'])} timmar i "
                "veckan.") in tranas
    share = _sheet_rows(book, "Register 2014", "Biståndsmottagare, andel av befolkningen (%)")
    share_before = _sheet_rows(book, "Register 2013",
                               "Biståndsmottagare, andel av befolkningen (%)")
    assert flat(f"I Tranås var andelen {swedish(share['0687'])} procent 2014.") in tranas
    assert flat(f"I riket fick {swedish(share['00'])} procent av invånarna ekonomiskt bistånd "
                f"2014 ({swedish(share_before['00'])} procent 2013).") in tranas
    # the report's section: the county's counts from the kommuner's answers, its share as
    # published (the value the results table shows)
    members = {code: answer for code, answer in social.items()
               if len(code) == 4 and code.startswith("06")}
    answering = [a for a in members.values() if a is not None]
    text = flat(pdf_text(report))
    sentence = (f"I Jönköpings län har {answering.count('Ja')} av {len(answering)} kommuner "
                f"en sådan socialjour ({swedish(county)} procent).")
    assert len(answering) == 12 and flat(sentence) in text
    assert flat("Nyckelresultat för riket och länet") in text
    # the county's share in the sentence is the last column (socialjour) of the county row
    # of the Tillgänglighet table
    lines = subprocess.run(["pdftotext", "-layout", str(report), "-"], check=True,
                           capture_output=True, text=True).stdout.splitlines()
    title = next(i for i, line in enumerate(lines) if "Tillgänglighet" in line
                 and "Tabell" in line and ". . ." not in line)   # not the list of tables
    row = next(line for line in lines[title:] if line.strip().startswith("Jönköpings län"))
    assert row.split()[-1] == swedish(county)


def test_without_key_results_the_handout_keeps_the_national_list(workbook, tmp_path):
    layout = _write_layout(tmp_path, workbook, key_results="", section=False)
    result = CliRunner().invoke(main, ["handouts", str(layout), "-o", str(tmp_path / "h")])
    assert result.exit_code == 0, result.output
    text = flat(pdf_text(tmp_path / "h" / "tranas.pdf"))
    assert flat("42,8 procent av landets kommuner och stadsdelar har en aktuell "
                "överenskommelse") in text
    assert flat("finns ingen socialjour") not in text


# ---------------------------------------------------------------- mistakes

def _error(tmp_path, key_results: str, *, section: bool = True, command: str = "build"):
    (tmp_path / "data.csv").write_text(_sparse(), encoding="utf-8")
    layout = _write_layout(tmp_path, "data.csv", key_results=key_results, section=section)
    args = [command, str(layout)] + (["-o", str(tmp_path / "r.pdf"), "--no-charts"]
                                     if command == "build" else ["-o", str(tmp_path / "h")])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.output.startswith(f"Error: {layout}")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.output


def _sparse() -> str:
    from tests.conftest import SPARSE_DATA
    return SPARSE_DATA


def _entry(**changes) -> str:
    """The first key result (socialjour), with keys changed (None: left out)."""
    entry = KEY_RESULTS.split("[[key_results]]")[1]
    lines = [line for line in entry.strip().splitlines()]
    fields = dict(line.split(" = ", 1) for line in lines)
    for key, value in changes.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    return "\n[[key_results]]\n" + "\n".join(f"{k} = {v}" for k, v in fields.items()) + "\n"


def test_unknown_indicator(tmp_path):
    output = _error(tmp_path, _entry(indicator='"socialjur"'))
    assert "key 'key_results[1].indicator': 'socialjur' is not a survey or register " \
           "indicator of the catalog 'ekonomiskt-bistand-2015'" in output


def test_background_indicator(tmp_path):
    output = _error(tmp_path, _entry(indicator='"kommunstorlek"'))
    assert "key 'key_results[1].indicator': 'kommunstorlek' is not a survey or register" \
        in output


def test_missing_template(tmp_path):
    output = _error(tmp_path, _entry(unit_not_met=None))
    assert "key 'key_results[1].unit_not_met': is missing" in output


def test_region_template_needed_only_by_a_section(tmp_path):
    output = _error(tmp_path, _entry(region=None))
    assert "key 'key_results[1].region': is missing" in output
    # without a key_results section the report and the handouts do not need it
    layout = _write_layout(tmp_path, "data.csv", key_results=_entry(region=None),
                           section=False)
    result = CliRunner().invoke(main, ["handouts", str(layout), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert flat("I Aneby finns en socialjour") in flat(pdf_text(tmp_path / "out" / "aneby.pdf"))


def test_region_template_needed_only_by_the_entries_a_section_shows(tmp_path):
    (tmp_path / "data.csv").write_text(_sparse(), encoding="utf-8")
    second = KEY_RESULTS.split("[[key_results]]")[4]        # stod_timmar_per_vecka
    layout = _write_layout(tmp_path, "data.csv",
                           key_results=_entry(region=None) + "\n[[key_results]]" + second)
    text = layout.read_text(encoding="utf-8").replace(
        'kind = "key_results"\n', 'kind = "key_results"\nindicators = ["stod_timmar_per_vecka"]\n',
        1)
    layout.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(layout), "-o", str(tmp_path / "r.pdf"),
                                       "--no-charts"])
    assert result.exit_code == 0, result.output
    shown = flat(pdf_text(tmp_path / "r.pdf"))
    assert flat("Stöd till handläggarna") in shown and flat("Nästan alla kommuner") not in shown


def test_unknown_field(tmp_path):
    output = _error(tmp_path, _entry(unit_met='"I {namn} finns {antal} socialjourer."'))
    assert "key 'key_results[1].unit_met'" in output and "{antal}" in output


def test_a_field_of_another_template(tmp_path):
    # {värde} is a numeric unit's value: a categorical answer is {svar}
    output = _error(tmp_path, _entry(unit_met='"I {namn} är värdet {värde}."'))
    assert "key 'key_results[1].unit_met'" in output and "{värde}" in output


def test_bad_answers_key(tmp_path):
    output = _error(tmp_path, _entry() + '[key_results.answers]\n"Delvis" = "{namn} ..."\n')
    assert "key 'key_results[1].answers.Delvis': 'Delvis' is not an answer of 'socialjour'" \
           in output and "its answers: Ja, Nej" in output


def test_unknown_key_in_an_entry(tmp_path):
    output = _error(tmp_path, _entry(unit_mett='"x"'))
    assert "key 'key_results[1].unit_mett': is not a known key (did you mean 'unit_met'?)" \
           in output


def test_template_of_the_other_kind(tmp_path):
    output = _error(tmp_path, _entry(unit_value='"I {namn} är det {värde}."'))
    assert "key 'key_results[1].unit_value': is for numeric indicators, and 'socialjour' " \
           "is categorical" in output


def test_section_indicator_that_is_no_key_result(tmp_path):
    (tmp_path / "data.csv").write_text(_sparse(), encoding="utf-8")
    layout = _write_layout(tmp_path, "data.csv", key_results=_entry())
    text = layout.read_text(encoding="utf-8").replace(
        'kind = "key_results"\n', 'kind = "key_results"\nindicators = ["overensk_af"]\n', 1)
    layout.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(layout), "-o", str(tmp_path / "r.pdf"),
                                       "--no-charts"])
    assert result.exit_code == 1
    assert "'overensk_af' is not the indicator of a key result (use one of socialjour)" \
           in result.output


def _partial_layout(tmp_path, key_results: str):
    """The sparse test layout with a catalog of its own in which socialjour has the partial
    answer "Delvis", and Aneby's socialjour answer of 2015 is "Delvis"."""
    catalogs = tmp_path / "catalogs"
    catalogs.mkdir()
    catalog = (paths.layouts_dir() / "catalogs" / "ekonomiskt-bistand-2015.toml") \
        .read_text(encoding="utf-8")
    old = 'id = "socialjour"'
    start = catalog.index(old)
    head, tail = catalog[:start], catalog[start:]
    head = head.replace('"Ingen nyanställd"]', '"Ingen nyanställd", "Delvis"]', 1)
    tail = tail.replace('answers = ["Ja", "Nej"]', 'answers = ["Ja", "Delvis", "Nej"]\n'
                        'partial = ["Delvis"]', 1)
    (catalogs / "ekonomiskt-bistand-2015.toml").write_text(head + tail, encoding="utf-8")
    data = _sparse()
    assert "socialjour,0604,2015,Ja\n" in data
    (tmp_path / "data.csv").write_text(
        data.replace("socialjour,0604,2015,Ja\n", "socialjour,0604,2015,Delvis\n"),
        encoding="utf-8")
    return _write_layout(tmp_path, "data.csv", key_results=key_results, section=False)


def test_partial_answer_needs_its_sentence(tmp_path):
    layout = _partial_layout(tmp_path, _entry())
    result = CliRunner().invoke(main, ["handouts", str(layout), "-o", str(tmp_path / "h")])
    assert result.exit_code == 1
    assert "key 'key_results[1].unit_partial': is missing" in result.output


def test_partial_answer_sentence_in_the_handout(tmp_path):
    layout = _partial_layout(tmp_path, _entry(
        unit_partial='"I {namn} finns en socialjour en del av dygnet (svaret {svar})."'))
    result = CliRunner().invoke(main, ["handouts", str(layout), "-o", str(tmp_path / "h")])
    assert result.exit_code == 0, result.output
    text = flat(pdf_text(tmp_path / "h" / "aneby.pdf"))
    assert flat("I Aneby finns en socialjour en del av dygnet (svaret Delvis).") in text
    # an answers sentence for the partial answer takes its place, and unit_partial is optional
    (tmp_path / "b").mkdir()
    layout = _partial_layout(tmp_path / "b", _entry() + '[key_results.answers]\n'
                             '"Delvis" = "{namn} har socialjour bara vissa tider."\n')
    result = CliRunner().invoke(main, ["handouts", str(layout), "-o", str(tmp_path / "hb")])
    assert result.exit_code == 0, result.output
    assert flat("Aneby har socialjour bara vissa tider.") in flat(
        pdf_text(tmp_path / "hb" / "aneby.pdf"))
