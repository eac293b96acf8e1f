"""Any bytes given as data (issue 13, item 5): a workbook (.xlsx), a tidy or Kolada CSV (.csv)
or a Kolada JSON (.json) gives either a table or an ``InputError``, never another exception.

The cases are drawn with ``random.Random`` seeded by the case's name, so every run draws the
same bytes: random bytes (some behind a plausible start), valid files cut, with bytes flipped,
inserted or deleted, workbooks whose XML parts are mutated inside the zip (elements dropped or
doubled, attributes and cell values replaced, parts removed or cut) or whose zip headers have
a field changed (version, flags, compression method, sizes, offsets), CSV files with fields,
lines, delimiters and encodings changed, Kolada JSON with values, keys and types replaced, and
files with exactly one CSV field or one JSON value replaced by an odd text or number.
Each is read in-process through ``load_inputs``, the entry `regionreport check --data FILE`
uses. The valid starting files are small: tests/data/corpus/any-bytes-base-*.xlsx (the
Jönköping fixture as one sheet, and the sample workbook cut to five units, every sheet of the
2015 profile), tests/data/tidy/good.csv, tests/data/kolada/kolada.csv and page1/2.json.

The cases that raised another exception were bugs in the readers (``BUGS``, each with the
case that found it and a minimal reproducing file under tests/data/corpus/,
``test_reproducer``); they are fixed, and the cases stay as tests that a later change does
not bring them back. A new bug is kept the same way: marked ``xfail(strict=True)`` with its
reason (``_known``) until it is fixed.
"""

from __future__ import annotations

import io
import json
import random
import re
import signal
import warnings
import zipfile
from pathlib import Path

import pytest

from regionreport.errors import InputError
from regionreport.model.results import TidyTable
from regionreport.sources.loading import load_inputs
from tests.conftest import FIXTURE_PROFILE

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"
MINI_CATALOG = DATA / "mini-catalog.toml"
SECONDS = 10          # a case that takes longer is a hang, reported as such

# (file, profile, catalog) of each valid starting file
XLSX_BASES = [(CORPUS / "any-bytes-base-fixture.xlsx", FIXTURE_PROFILE, None),
              (CORPUS / "any-bytes-base-sample.xlsx", None, None)]
CSV_BASES = [(DATA / "tidy" / "good.csv", None, MINI_CATALOG),
             (DATA / "kolada" / "kolada.csv", None, MINI_CATALOG)]
JSON_BASES = [(DATA / "kolada" / "page1.json", None, MINI_CATALOG),
              (DATA / "kolada" / "page2.json", None, MINI_CATALOG)]

# texts that readers find hard: numbers in odd spellings, non-finite and huge values, answers
# in odd case, codes, markup, control characters, very long text
ODD_TEXTS = ["", " ", "-", "..", "nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-1e999",
             "1e-400", "-0", "0x10", "1_000", "12,5", "12.5.5", "1 512", "99999999999999999999999",
             "-5", "101", "100.0000001", "Ja", "ja ", "JA", "Nej", "Ny rutin", "null", "None",
             "true", "\x00", "\t", "\r", "\n", "\"", "'", ";", ",", "=1+1", "<b>x</b>",
             "&amp;", "]]>", "😀", "x" * 5000, "0604", "06", "00", "Riket", "148001", "9999",
             "2015", "2014.5", "١٢٣", "\u00a0", "\ufeff", "U31468", "N31807"]
# numbers in odd spellings: digits that str.isdigit accepts and int() does not (superscripts,
# circled), other scripts' digits, too large, not finite
ODD_NUMBERS = ["²", "6²5", "²⁰¹⁵", "①", "２０１５", "٢٠١٥", "١٢٣", "1" + "0" * 400, "1e999",
               "-1e999", "nan", "inf", "-0", "0x10", "1_000", "12,5", "1 512", "\u22125",
               "99999999999999999999999", "4.9e-324", "2015.0", "0604.0"]
ODD_JSON = [None, True, False, 0, -1, 1.5, -0.0, 1e308, -1e308, 10 ** 400, "", "1e999", [], {},
            [None], {"": None}, "0604", "U31468", 2015, "2015", 2014.5, "Missing", "T", "K",
            "\ud800", "x" * 5000, [[[[[[[[[[[]]]]]]]]]]], {"values": []}, float("nan"),
            float("inf"), -10 ** 400, 2 ** 63, -2 ** 63 - 1, 0.1, 2015.0, 604]


# ------------------------------------------------------------------ generators

def _bytes_mutation(rng: random.Random, data: bytes) -> bytes:
    """Flip, insert, delete or overwrite a few bytes, or cut the data at a random point."""
    data = bytearray(data)
    how = rng.choice(["flip", "insert", "delete", "overwrite", "cut", "mix"])
    if how == "cut" or not data:
        return bytes(data[:rng.randrange(len(data) + 1)])
    for _ in range(rng.choice([1, 1, 2, 3, 8])):
        at = rng.randrange(len(data))
        if how in ("flip", "mix"):
            data[at] ^= 1 << rng.randrange(8)
        if how in ("insert", "mix"):
            data[at:at] = rng.randbytes(rng.randrange(1, 16))
        if how == "delete":
            del data[at:at + rng.randrange(1, 16)]
        if how == "overwrite":
            data[at:at + 4] = rng.randbytes(4)
    return bytes(data)


def _random_bytes(rng: random.Random, starts: list[bytes]) -> bytes:
    body = rng.randbytes(rng.choice([0, 1, 3, 30, 300, 3000]))
    return rng.choice([b""] + starts) + body


def _xml_mutation(rng: random.Random, xml: bytes) -> bytes:
    """One change to an XML part: an element dropped or doubled, an attribute or a text
    replaced, a tag renamed, the text cut, or raw bytes changed."""
    text = xml.decode("utf-8", errors="replace")
    elements = list(re.finditer(r"<([A-Za-z][\w:]*)\b[^<>]*?(?:/>|>[^<]*</\1>)", text))
    attributes = list(re.finditer(r'(\w+)="([^"]*)"', text))
    values = list(re.finditer(r"<(v|t|f)(\s[^<>]*)?>([^<]*)</\1>", text))
    how = rng.choice(["drop", "double", "attribute", "value", "value", "tag", "cut", "bytes",
                      "type", "dimension", "entity"])
    if how == "drop" and elements:
        m = rng.choice(elements)
        text = text[:m.start()] + text[m.end():]
    elif how == "double" and elements:
        m = rng.choice(elements)
        text = text[:m.end()] + m[0] * rng.choice([1, 2, 50]) + text[m.end():]
    elif how == "attribute" and attributes:
        m = rng.choice(attributes)
        new = rng.choice(["", "0", "-1", "A0", "XFD1048576", "ZZZZ1", "A1:XFD1048576", "1e9",
                          "s", "n", "x", "999999", "9" * 40, "A-1", rng.choice(ODD_TEXTS)])
        new = new.replace('"', "&quot;").replace("<", "&lt;").replace("&", "&amp;")
        text = text[:m.start(2)] + new + text[m.end(2):]
    elif how == "value" and values:
        m = rng.choice(values)
        new = rng.choice(ODD_TEXTS + ODD_NUMBERS + ["1E+308", "-1", "1000", "999999999",
                                                    "2147483648", "36500000"])
        new = new.replace("&", "&amp;").replace("<", "&lt;").replace("\x00", "")
        text = text[:m.start(3)] + new + text[m.end(3):]
    elif how == "type":
        cells = list(re.finditer(r"<c\b[^>]*?>", text))
        if cells:
            m = rng.choice(cells)
            kind = rng.choice(["s", "n", "b", "e", "str", "inlineStr", "d", "x"])
            tag = re.sub(r'\s+t="[^"]*"', "", m[0])
            tag = tag[:-1] + f' t="{kind}">' if not tag.endswith("/>") else tag
            text = text[:m.start()] + tag + text[m.end():]
    elif how == "dimension":
        text = re.sub(r'<dimension ref="[^"]*"',
                      f'<dimension ref="{rng.choice(["A1", "A1:B2", "A1:XFD1048576", ""])}"',
                      text)
    elif how == "tag" and elements:
        m = rng.choice(elements)
        name = m[1]
        new = rng.choice(["x", "row", "c", "v", "sheetData", "si", name.upper()])
        text = text[:m.start()] + m[0].replace(name, new) + text[m.end():]
    elif how == "entity":
        text = re.sub(r"^(<\?xml[^>]*\?>)?",
                      lambda head: (head[0] or "") + '<!DOCTYPE x [<!ENTITY e "ee">]>', text,
                      count=1)
    elif how == "cut":
        return xml[:rng.randrange(len(xml) + 1)]
    else:
        return _bytes_mutation(rng, xml)
    return text.encode("utf-8", errors="surrogatepass")


def _rezip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")          # a part given twice is one of the mutations
        for name, body in members:
            archive.writestr(zipfile.ZipInfo(name, (2015, 1, 1, 0, 0, 0)), body,
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _xlsx_part_mutation(rng: random.Random, data: bytes) -> bytes:
    """The workbook unpacked, one or two of its parts changed (mostly the sheets and shared
    strings, where the values are), a part removed, renamed or doubled, and zipped again."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    for _ in range(rng.choice([1, 1, 2])):
        weights = [8 if "worksheets/sheet" in name else 5 if "sharedStrings" in name else
                   3 if name.endswith("workbook.xml") else 1 for name, _ in members]
        index = rng.choices(range(len(members)), weights)[0]
        name, body = members[index]
        how = rng.choice(["xml"] * 8 + ["remove", "rename", "double"])
        if how == "xml":
            members[index] = (name, _xml_mutation(rng, body))
        elif how == "remove":
            del members[index]
        elif how == "rename":
            members[index] = (name + rng.choice([".bak", "x", "/"]), body)
        else:
            members.append((name, body))
    return _rezip(members)


def _zip_field_mutation(rng: random.Random, data: bytes) -> bytes:
    """A field of a zip header changed: in the central directory or a local header, the
    version needed, the flags (encrypted, UTF-8 names, data descriptor), the compression method,
    the CRC, a size, a name length or the header offset."""
    data = bytearray(data)
    central = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
    local = [m.start() for m in re.finditer(rb"PK\x03\x04", data)]
    # field: (offset in a central header, offset in a local header, size)
    fields = {"version": (6, 4, 2), "flags": (8, 6, 2), "method": (10, 8, 2),
              "crc": (16, 14, 4), "compressed": (20, 18, 4), "size": (24, 22, 4),
              "name_length": (28, 26, 2), "offset": (42, None, 4)}
    for _ in range(rng.choice([1, 1, 2])):
        name = rng.choice(list(fields))
        in_central, in_local, size = fields[name]
        if in_local is None or rng.random() < 0.7:
            at = rng.choice(central) + in_central
        else:
            at = rng.choice(local) + in_local
        if name == "version":
            value = rng.choice([0, 20, 45, 63, 64, 99, 255, 0xFFFF])
        elif name == "flags":
            value = rng.choice([0x1, 0x8, 0x800, 0x40, 0x2000, 0xFFFF])
        elif name == "method":
            value = rng.choice([0, 1, 9, 12, 14, 93, 98, 99, 0xFFFF])
        else:
            value = rng.choice([0, 1, 2 ** (8 * size) - 1, rng.randrange(2 ** (8 * size))])
        data[at:at + size] = value.to_bytes(size, "little")
        if name == "flags" and value & 0x800:      # a name that is not UTF-8
            start = at - in_central + 46 if in_local is None or at in [
                c + in_central for c in central] else at - in_local + 30
            data[start:start + 1] = b"\xff"
    return bytes(data)


def _split_csv(text: str) -> tuple[str, list[list[str]]]:
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return delimiter, [line.split(delimiter) for line in text.splitlines()]


def _csv_mutation(rng: random.Random, data: bytes) -> bytes:
    """Fields replaced, dropped or added; lines doubled, dropped or moved; the header changed;
    another delimiter, encoding or line end; or raw bytes changed."""
    text = data.decode("utf-8-sig")
    bom = data.startswith(b"\xef\xbb\xbf")
    delimiter, rows = _split_csv(text)
    for _ in range(rng.choice([1, 1, 2, 3])):
        how = rng.choice(["field", "field", "field", "drop_field", "add_field", "double_line",
                          "drop_line", "header", "move_line", "many_lines"])
        line = rng.randrange(len(rows))
        row = rows[line]
        if how == "field" and row:
            row[rng.randrange(len(row))] = rng.choice(rng.choice([ODD_TEXTS, ODD_NUMBERS]))
        elif how == "drop_field" and row:
            del row[rng.randrange(len(row))]
        elif how == "add_field":
            row.insert(rng.randrange(len(row) + 1), rng.choice(ODD_TEXTS))
        elif how == "double_line":
            rows.insert(line, list(row))
        elif how == "drop_line":
            del rows[line]
            if not rows:
                rows = [[""]]
        elif how == "header" and rows[0]:
            rows[0][rng.randrange(len(rows[0]))] = rng.choice(
                ["indicator", "unit", "year", "value", "kpi", "period", "gender", "", "Värde",
                 "INDICATOR", " unit ", rng.choice(ODD_TEXTS)])
        elif how == "move_line":
            rows.insert(rng.randrange(len(rows) + 1), rows.pop(line))
        elif how == "many_lines":
            rows.extend([list(row) for _ in range(rng.choice([10, 1000]))])
    sep = rng.choice([delimiter] * 6 + [",", ";", "\t", "|"])
    end = rng.choice(["\n"] * 6 + ["\r\n", "\r"])
    body = end.join(sep.join(row) for row in rows) + rng.choice(["", end])
    encoding = rng.choice(["utf-8"] * 8 + ["utf-16", "cp1252", "latin-1"])
    out = body.encode(encoding, errors="replace")
    if bom and encoding == "utf-8" and rng.random() < 0.8:
        out = b"\xef\xbb\xbf" + out
    if rng.random() < 0.15:
        out = _bytes_mutation(rng, out)
    return out


def _csv_one_field(rng: random.Random, data: bytes) -> bytes:
    """Exactly one field of one data line replaced by an odd text or number; nothing else
    changed, so the reader gets as far as that field."""
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    delimiter, rows = _split_csv(data.decode("utf-8-sig"))
    line = rng.randrange(1, len(rows))
    column = rng.randrange(len(rows[line]))
    rows[line][column] = rng.choice(ODD_TEXTS + ODD_NUMBERS)
    return bom + "\n".join(delimiter.join(row) for row in rows).encode("utf-8") + b"\n"


def _json_one_value(rng: random.Random, data: bytes) -> bytes:
    """Exactly one scalar of the document replaced by an odd value (of any JSON type)."""
    document = json.loads(data)
    leaves = [p for p in _json_paths(document) if p and not isinstance(
        _json_get(document, p), (dict, list))]
    path = rng.choice(leaves)
    _json_get(document, path[:-1])[path[-1]] = rng.choice(ODD_JSON + ODD_NUMBERS)
    return json.dumps(document, ensure_ascii=False).encode("utf-8", errors="surrogatepass")


def _json_get(node, path):
    for step in path:
        node = node[step]
    return node


def _json_paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _json_paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _json_paths(value, path + (index,))


def _json_mutation(rng: random.Random, data: bytes) -> bytes:
    """A value replaced by a value of another type, a key dropped or renamed, a node doubled,
    or the text cut or changed byte by byte."""
    document = json.loads(data)
    how = rng.choice(["replace"] * 6 + ["drop", "rename", "double", "text", "deep"])
    if how == "text":
        return _bytes_mutation(rng, data)
    if how == "deep":
        depth = rng.choice([100, 2000, 100000])
        return b"[" * depth + b"]" * depth if rng.random() < 0.5 else \
            b'{"values": ' + b"[" * depth + b"]" * depth + b"}"
    for _ in range(rng.choice([1, 1, 2, 3])):
        paths = list(_json_paths(document))[1:]
        if not paths:
            document = rng.choice(ODD_JSON)
            break
        path = rng.choice(paths)
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        if how == "replace":
            parent[last] = rng.choice(rng.choice([ODD_JSON, ODD_JSON, ODD_NUMBERS]))
        elif how == "drop":
            del parent[last]
        elif how == "rename" and isinstance(parent, dict):
            parent[rng.choice(["", "KPI", "value ", "values", "period", "x"])] = parent.pop(last)
        elif how == "double" and isinstance(parent, list):
            parent.insert(last, json.loads(json.dumps(parent[last])))
    return json.dumps(document, ensure_ascii=rng.random() < 0.5).encode(
        "utf-8", errors="surrogatepass")


# ------------------------------------------------------------------ the cases

# kind -> (how many, suffix, the starting files, how a case is made from a starting file)
KINDS = {
    "xlsx-random": (25, ".xlsx", XLSX_BASES,
                    lambda rng, data: _random_bytes(rng, [b"PK\x03\x04", data[:30],
                                                          data[:200]])),
    "xlsx-bytes": (30, ".xlsx", XLSX_BASES, _bytes_mutation),
    # the first starting file (one sheet) is quicker to read: it is drawn twice as often here
    "xlsx-parts": (75, ".xlsx", XLSX_BASES[:1] * 2 + XLSX_BASES[1:], _xlsx_part_mutation),
    "xlsx-zip": (40, ".xlsx", XLSX_BASES, _zip_field_mutation),
    "csv-random": (20, ".csv", CSV_BASES,
                   lambda rng, data: _random_bytes(rng, [b"\xef\xbb\xbf", data[:40],
                                                         b"indicator;unit;year;value\n"])),
    "csv-fields": (80, ".csv", CSV_BASES, _csv_mutation),
    "csv-one-field": (120, ".csv", CSV_BASES, _csv_one_field),
    "json-random": (20, ".json", JSON_BASES,
                    lambda rng, data: _random_bytes(rng, [b"{", b'{"values": [', data[:80]])),
    "json-values": (80, ".json", JSON_BASES, _json_mutation),
    "json-one-value": (100, ".json", JSON_BASES, _json_one_value),
}

# The bugs found (all fixed): the exception that escaped and why
BUGS = {
    "zip-version": (NotImplementedError,
                    "the workbook safety check (sources/safety.py) opens the zip and catches "
                    "only BadZipFile and OSError: a central directory entry whose 'version "
                    "needed to extract' is above 6.3 raises NotImplementedError ('zip file "
                    "version 6.4'), a traceback from `check`"),
    "zip-name": (UnicodeDecodeError,
                 "the workbook safety check (sources/safety.py) opens the zip and catches only "
                 "BadZipFile and OSError: an entry flagged as having a UTF-8 name whose name "
                 "is not UTF-8 raises UnicodeDecodeError, a traceback from `check`"),
    "unit-digits": (ValueError,
                    "tidy CSV (sources/tidy_csv.py _unit_raw): a unit of 1, 3 or 5 characters "
                    "that str.isdigit accepts but int() does not ('²', '6²5') raises "
                    "ValueError: invalid literal for int()"),
    "year-digits": (ValueError,
                    "sources/text_files.py parse_year checks str.isdigit, which accepts "
                    "superscript digits: a year '²⁰¹⁵' raises ValueError from int() in tidy "
                    "CSV, Kolada CSV and Kolada JSON"),
    "huge-int": (OverflowError,
                 "model/results.py parse_number does float(raw) for an int: a Kolada JSON "
                 "value that is an integer above 1e308 raises OverflowError ('int too large "
                 "to convert to float')"),
}
# Generated cases that raised another exception than InputError (see test_reproducer).
# The names follow from the generators and their seeds: a changed generator draws other cases,
# so after changing one, run this file and list here the cases that fail and why.
FOUND = {"xlsx-zip-6": "zip-version", "xlsx-zip-19": "zip-version",
         "xlsx-zip-21": "zip-version", "xlsx-zip-36": "zip-version",
         "xlsx-zip-39": "zip-version",
         "xlsx-zip-18": "zip-name", "xlsx-zip-24": "zip-name", "xlsx-zip-25": "zip-name",
         "csv-one-field-21": "unit-digits", "csv-one-field-117": "year-digits",
         # drawn outside the ranges above (by a longer run of the same generators), kept so
         # that every bug has a generated case
         "csv-one-field-h0": "year-digits", "json-one-value-h262": "year-digits",
         "json-one-value-h9": "huge-int"}
KNOWN: dict[str, str] = {}      # cases of bugs not yet fixed: name -> bug (marked xfail)


def _known(bug: str):
    raises, reason = BUGS[bug]
    return pytest.mark.xfail(strict=True, raises=raises, reason=reason)


def case_names() -> list[str]:
    """Every case: "<kind>-<n>" for n below the kind's count, and the other KNOWN ones."""
    names = [f"{kind}-{n}" for kind, (count, *_) in KINDS.items() for n in range(count)]
    return names + [name for name in {**FOUND, **KNOWN} if name not in names]


def case_ids() -> list:
    return [pytest.param(name, id=name, marks=[_known(KNOWN[name])] if name in KNOWN else [])
            for name in case_names()]


def make_case(name: str) -> tuple[str, bytes, Path | None, Path | None]:
    """The suffix, bytes, profile and catalog of the case ``name`` ("<kind>-<n>")."""
    kind, _, _ = name.rpartition("-")
    _, suffix, bases, make = KINDS[kind]
    rng = random.Random(name)
    base, profile, catalog = rng.choice(bases)
    return suffix, make(rng, base.read_bytes()), profile, catalog


class Hang(Exception):
    pass


def read(path: Path, profile: Path | None, catalog: Path | None):
    """``load_inputs`` on one file: its table, or the ``InputError``; any other exception (or
    a read taking more than SECONDS) escapes."""
    def alarm(*_):
        raise Hang(f"reading took more than {SECONDS} s")
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, SECONDS)
    try:
        table = load_inputs([path], str(profile) if profile else None,
                            str(catalog) if catalog else None).table
    except InputError as error:
        return error
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert isinstance(table, TidyTable)
    return table


def test_the_starting_files_are_read():
    for base, profile, catalog in XLSX_BASES + CSV_BASES + JSON_BASES:
        table = read(base, profile, catalog)
        assert isinstance(table, TidyTable) and len(table) > 0, (base, table)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("any-bytes")


@pytest.mark.parametrize("name", case_ids())
def test_any_bytes_give_a_table_or_an_input_error(name, folder):
    suffix, data, profile, catalog = make_case(name)
    path = folder / f"{name}{suffix}"
    path.write_bytes(data)
    read(path, profile, catalog)


def test_the_cases_are_many_and_varied():
    """The generators make what they say: a few hundred distinct files, of every kind."""
    made = {name: make_case(name) for name in case_names()}
    assert len(made) >= sum(count for count, *_ in KINDS.values()) >= 300
    assert len({data for _, data, _, _ in made.values()}) >= 0.9 * len(made)
    assert make_case("xlsx-parts-7") == make_case("xlsx-parts-7")


# A minimal file for each bug (the zips: one empty part, one header field changed), in
# tests/data/corpus/: file -> (profile, catalog, bug)
REPRODUCERS = {"any-bytes-zip-version.xlsx": (FIXTURE_PROFILE, None, "zip-version"),
               "any-bytes-zip-name.xlsx": (FIXTURE_PROFILE, None, "zip-name"),
               "any-bytes-tidy-unit.csv": (None, MINI_CATALOG, "unit-digits"),
               "any-bytes-tidy-year.csv": (None, MINI_CATALOG, "year-digits"),
               "any-bytes-kolada-year.csv": (None, MINI_CATALOG, "year-digits"),
               "any-bytes-kolada-year.json": (None, MINI_CATALOG, "year-digits"),
               "any-bytes-kolada-huge.json": (None, MINI_CATALOG, "huge-int")}


@pytest.mark.parametrize("name", [
    pytest.param(name, id=name, marks=[_known(bug)] if bug in KNOWN.values() else [])
    for name, (_, _, bug) in REPRODUCERS.items()])
def test_reproducer(name):
    profile, catalog, _ = REPRODUCERS[name]
    read(CORPUS / name, profile, catalog)


def test_every_bug_has_a_reproducer():
    assert {bug for *_, bug in REPRODUCERS.values()} == set(BUGS) \
        >= set(FOUND.values()) | set(KNOWN.values())
