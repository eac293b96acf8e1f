"""Report layouts: which report to make, from which data, with which sections, as data.

In: a layout TOML file (layouts/*.toml; keys in docs/layout-format.md) and its prose files.
Out: a frozen ``Layout``: meta texts (with template fields still in them), data files
(resolved against the layout's folder), the region spec, the years, options, the sections in
order and the references. Every mistake — an unknown key, a missing prose file, a level outside
1–4 — is an ``InputError`` naming the file and the key. Section kinds are checked by the
composer, whose registry defines them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from regionreport.errors import InputError
from regionreport.config import schema as s
from regionreport.config.toml import read_toml

_TOP = {"meta", "data", "region", "years", "options", "sections", "references", "findings",
        "handout", "labels", "key_results", "colophon", "accepted_disagreements"}
_META = {"title", "subtitle", "organisation", "author", "date", "subject", "cover_note",
         "running_title", "logo"}
_DATA = {"catalog", "profile", "files"}
_REGION = {"lan", "code", "name", "members", "split_cities", "compare", "unit_word"}
_YEARS = {"survey", "survey_previous", "register", "register_first"}
_OPTIONS = {"municipality_groups", "charts", "theme", "previous_year", "series_charts",
            "background_columns", "cards", "two_sided"}
CARD_PLACEMENTS = ("before", "after", "appendix")   # the indicator cards: before their area's
                                                    # table, after it, or in an appendix
_SECTION = {"kind", "heading", "level", "file", "area", "areas", "indicators", "numbered",
            "figures"}
_REFERENCE = {"text", "url"}
GROUPINGS = ("skl2011", "skr2023")     # municipality groupings of the registry

# The sentence templates of the key findings ([findings]) and of the handouts ([handout]):
# the required ones are needed only by a layout that has a findings section or makes
# handouts (the composers check them); every key is checked for its type, and an unknown
# key (a typo) is refused when the layout is read.
FINDINGS_REQUIRED = ("unit_word", "region_phrase", "categorical", "numeric", "change_intro",
                     "change", "register")
FINDINGS_ONE_UNIT = ("one_unit_positive", "one_unit_negative", "one_unit_change",
                     "status_met", "status_not_met")       # a region of one kommun (Gotland)
FINDINGS_SCHEMA = {**s.texts(FINDINGS_REQUIRED, required=False),
                   **s.texts(("register_intro", *FINDINGS_ONE_UNIT), required=False),
                   "per_area": s.optional(s.INTEGER), "changes": s.optional(s.INTEGER)}
HANDOUT_REQUIRED = ("title", "intro", "intro_no_previous", "intro_no_answers", "how_to_read",
                    "national_heading", "national_categorical", "national_numeric",
                    "survey_caption", "register_caption", "indicator", "change",
                    "change_note", "improved", "worsened", "unchanged", "new")
_IDS = s.Field("a list of indicator ids",
               lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v))
HANDOUT_SCHEMA = {**s.texts(HANDOUT_REQUIRED, required=False),
                  **s.texts(("source_line",), required=False),
                  "one_page": s.optional(s.BOOLEAN),
                  "national": s.optional(_IDS),
                  "series": s.optional(_IDS)}     # register indicators charted over the years

# The colophon page ([colophon], printed by a "colophon" section): every text optional, in
# the order printed; template fields such as {år} and {region} are filled.
COLOPHON_KEYS = ("publisher", "author", "contact", "report_number", "download", "date",
                 "sources", "note")
COLOPHON_SCHEMA = s.texts(COLOPHON_KEYS, required=False)

# The sentence templates of one national key result ([[key_results]]): which of them are
# required depends on the indicator's kind and on the sections (compose/key_results.py checks
# that, and every template's fields); here only the keys and their types.
KEY_RESULT_TEXTS = ("national", "region", "unit_met", "unit_partial", "unit_not_met",
                    "unit_missing", "unit_value")
KEY_RESULT_SCHEMA = {"indicator": s.TEXT, "heading": s.optional(s.TEXT),
                     **s.texts(KEY_RESULT_TEXTS, required=False),
                     "answers": s.optional(s.Field(
                         'a table of sentences by answer ("Delvis" = "...")',
                         lambda v: isinstance(v, dict)
                         and all(isinstance(t, str) for t in v.values())))}


@dataclass(frozen=True)
class RegionSpec:
    """A län (``lan``) or a named list of member units (``members``)."""

    lan: str | None
    code: str
    name: str
    members: tuple[str, ...]
    split_cities: bool
    compare: tuple[str, ...]      # län codes shown as extra comparison rows


@dataclass(frozen=True)
class Section:
    kind: str
    heading: str
    level: int
    prose: str | None             # the Markdown text of ``file`` (read at load time)
    prose_file: Path | None
    area: str | None
    areas: tuple[str, ...]
    indicators: tuple[str, ...]   # a subset (in order) of the area's indicators; () = all
    numbered: bool                # False: a heading without number (before chapter 1)
    where: str                    # "sections[3]" for messages
    figures: bool = False         # a list_of_tables section lists the figures too


@dataclass(frozen=True)
class KeyResult:
    """One national key result with the unit's (or region's) own result: the indicator, the
    lead-in heading (None: the indicator's short name), the sentence templates by key
    (``KEY_RESULT_TEXTS``, as far as given) and the sentences for exact answers."""

    indicator: str
    heading: str | None
    templates: dict[str, str]
    answers: dict[str, str]
    where: str                    # "key_results[2]" for messages


# A published län or Riket value that differs from the one computed from the units by the
# publisher's rule, accepted with a reason ([[accepted_disagreements]]): the build goes on
# and the table's note gives the reason (compose/context.py stops at any other).
ACCEPTED_SCHEMA = {"indicator": s.TEXT, "unit": s.TEXT, "year": s.INTEGER, "reason": s.TEXT}


@dataclass(frozen=True)
class AcceptedDisagreement:
    indicator: str
    unit: str                      # the län's or Riket's code, as the data writes it ("06")
    year: int
    reason: str
    where: str                     # "accepted_disagreements[1]", for messages


@dataclass(frozen=True)
class Reference:
    text: str
    url: str


@dataclass(frozen=True)
class Layout:
    path: Path
    meta: dict[str, str]
    catalog: str
    profile: str | None
    data_files: tuple[Path, ...]
    region: RegionSpec
    survey_year: int
    survey_previous: int | None
    register_year: int
    register_first: int
    municipality_groups: str
    charts: bool
    series_charts: str             # "after_each" bar chart, or "grouped" after all bar charts
    theme: str
    previous_year: bool
    sections: tuple[Section, ...]
    references: tuple[Reference, ...]
    findings: dict
    handout: dict
    background_columns: tuple[str, ...] | None = None   # None: the catalog's columns
    cards: str = "before"          # CARD_PLACEMENTS: where the indicator cards stand
    labels: dict | None = None                           # the layout's [labels] overlay
    key_results: tuple[KeyResult, ...] = ()              # [[key_results]] in order
    colophon: dict | None = None                         # [colophon] texts, None: not given
    two_sided: bool = False                              # options.two_sided
    accepted_disagreements: tuple[AcceptedDisagreement, ...] = ()

    def accepted(self, indicator: str, unit: str, year: int) -> AcceptedDisagreement | None:
        """The layout's acceptance of a disagreement of ``unit``'s published value of
        ``indicator`` in ``year``, or None."""
        for entry in self.accepted_disagreements:
            if (entry.indicator, entry.unit, entry.year) == (indicator, unit, year):
                return entry
        return None

    @property
    def name(self) -> str:
        return self.path.stem


def load_layout(path: str | Path) -> Layout:
    """Read and validate a layout file and the prose files it names."""
    path = Path(path)
    data = read_toml(path, "layout", fix="check the path")
    _keys(data, _TOP, path, "")
    meta = _table(data, "meta", _META, path)
    for key in ("title", "organisation", "author", "date"):
        _need_text(meta, key, path, "meta.")
    data_table = _table(data, "data", _DATA, path)
    _need_text(data_table, "catalog", path, "data.")
    if "profile" in data_table:      # needed by workbooks only (runner.data_files_of)
        _need_text(data_table, "profile", path, "data.")
    files = data_table.get("files", [])
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise InputError("key 'data.files' must be a list of paths", file=path)
    years = _table(data, "years", _YEARS, path)
    for key in ("survey", "register"):
        if not isinstance(years.get(key), int):
            raise InputError(f"key 'years.{key}' is missing or not a year", file=path)
    options = _table(data, "options", _OPTIONS, path)
    cards = options.get("cards", "before")
    if cards not in CARD_PLACEMENTS:
        raise InputError(f"key 'options.cards': {cards!r} is not a placement", file=path,
                         fix="write " + ", ".join(f'"{p}"' for p in CARD_PLACEMENTS)
                             + " (the indicator cards before or after their area's table, or "
                               "in a section of kind \"card_appendix\")")
    series_charts = options.get("series_charts", "after_each")
    if series_charts not in ("after_each", "grouped"):
        raise InputError(f"key 'options.series_charts': '{series_charts}' is not a placement",
                         file=path, fix="use 'after_each' or 'grouped'")
    groups = options.get("municipality_groups", "skl2011")
    if groups not in GROUPINGS:
        raise InputError(f"key 'options.municipality_groups': '{groups}' is not a grouping",
                         file=path, fix="use 'skl2011' or 'skr2023'")
    if not isinstance(options.get("theme", ""), str):
        raise InputError("key 'options.theme' must be a theme name or a .toml path", file=path)
    columns = options.get("background_columns")
    if columns is not None and (not isinstance(columns, list)
                                or not all(isinstance(c, str) for c in columns)):
        raise InputError("key 'options.background_columns' must be a list of the catalog's "
                         "background ids, or [] for none",
                         file=path)
    overlay = data.get("labels")
    if overlay is not None and not isinstance(overlay, dict):
        raise InputError("key 'labels' must be a table of labels (such as [labels.table])",
                         file=path)
    sections = tuple(_section(raw, index, path)
                     for index, raw in enumerate(data.get("sections", []), start=1))
    if not sections:
        raise InputError("the layout has no [[sections]]", file=path)
    if not isinstance(options.get("two_sided", False), bool):
        raise InputError("key 'options.two_sided' must be true or false", file=path)
    for name, table_schema in (("findings", FINDINGS_SCHEMA), ("handout", HANDOUT_SCHEMA),
                               ("colophon", COLOPHON_SCHEMA)):
        s.check({name: data.get(name, {})}, {name: table_schema}, path, require=False)
    key_results = _key_results(data.get("key_results", []), path)
    references = []
    for index, raw in enumerate(data.get("references", []), start=1):
        _keys(raw, _REFERENCE, path, f"references[{index}].")
        _need_text(raw, "text", path, f"references[{index}].")
        references.append(Reference(raw["text"], raw.get("url", "")))
    return Layout(
        path=path, meta={k: str(v) for k, v in meta.items()},
        catalog=data_table["catalog"], profile=data_table.get("profile"),
        data_files=tuple((path.parent / f).resolve() for f in files),
        region=_region(_table(data, "region", _REGION, path), path),
        survey_year=years["survey"], survey_previous=years.get("survey_previous"),
        register_year=years["register"], register_first=years.get("register_first",
                                                                   years["register"]),
        municipality_groups=groups, charts=_flag(options, "charts", True, path, "options."),
        series_charts=series_charts,
        theme=options.get("theme", "default"),
        previous_year=_flag(options, "previous_year", True, path, "options."),
        sections=sections, references=tuple(references),
        findings=dict(data.get("findings", {})), handout=dict(data.get("handout", {})),
        background_columns=tuple(columns) if columns is not None else None, labels=overlay,
        cards=cards,
        key_results=key_results,
        colophon=dict(data["colophon"]) if "colophon" in data else None,
        two_sided=options.get("two_sided", False),
        accepted_disagreements=_accepted(data.get("accepted_disagreements", []), path))


def _accepted(raw: object, path: Path) -> tuple[AcceptedDisagreement, ...]:
    """The ``[[accepted_disagreements]]`` entries, checked (``ACCEPTED_SCHEMA``)."""
    return tuple(
        AcceptedDisagreement(entry["indicator"], entry["unit"].strip(), entry["year"],
                             entry["reason"].strip(), where)
        for where, entry in _entries(
            raw, "accepted_disagreements", ACCEPTED_SCHEMA, path, needed="reason",
            fix="say why the published value differs from the computed one (the report "
                "prints it under the table)"))


def _key_results(raw: object, path: Path) -> tuple[KeyResult, ...]:
    """The ``[[key_results]]`` entries, their keys and types checked (``KEY_RESULT_SCHEMA``)."""
    return tuple(
        KeyResult(indicator=entry["indicator"], heading=entry.get("heading"),
                  templates={key: entry[key] for key in KEY_RESULT_TEXTS if key in entry},
                  answers=dict(entry.get("answers", {})), where=where)
        for where, entry in _entries(
            raw, "key_results", KEY_RESULT_SCHEMA, path, needed="indicator",
            fix="give the id of a survey or register indicator of the catalog"))


def _entries(raw: object, name: str, schema: dict, path: Path, *, needed: str,
             fix: str) -> list[tuple[str, dict]]:
    """The entries of a ``[[name]]`` list as (place, table), each checked against
    ``schema`` and with a text under ``needed`` that is not empty (else ``fix``)."""
    if not isinstance(raw, list) or not all(isinstance(entry, dict) for entry in raw):
        raise InputError(f"key '{name}' must be a list of tables: write each entry as "
                         f"[[{name}]]", file=path)
    entries = []
    for index, entry in enumerate(raw, start=1):
        where = f"{name}[{index}]"
        s.check(entry, schema, path, prefix=where + ".")
        if not entry[needed].strip():
            raise InputError("is empty", file=path, place=f"key '{where}.{needed}'", fix=fix)
        entries.append((where, entry))
    return entries


def _section(raw: dict, index: int, path: Path) -> Section:
    where = f"sections[{index}]"
    _keys(raw, _SECTION, path, where + ".")
    kind = raw.get("kind")
    if not isinstance(kind, str):
        raise InputError(f"key '{where}.kind' is missing", file=path)
    level = raw.get("level", 1)
    if not isinstance(level, int) or not 1 <= level <= 4:
        raise InputError(f"key '{where}.level' must be 1, 2, 3 or 4", file=path)
    prose, prose_file = None, None
    if "file" in raw:
        prose_file = path.parent / raw["file"]
        try:
            prose = prose_file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError(f"key '{where}.file': prose file '{raw['file']}' not found",
                             file=path, fix=f"create {prose_file} or correct the path") \
                from None
        except UnicodeDecodeError:
            raise InputError(f"key '{where}.file': prose file '{raw['file']}' is not UTF-8",
                             file=path) from None
    areas = _texts(raw, "areas", path, where + ".")
    indicators = _texts(raw, "indicators", path, where + ".")
    numbered = _flag(raw, "numbered", True, path, where + ".")
    if not isinstance(raw.get("figures", False), bool):
        raise InputError(f"key '{where}.figures' must be true or false", file=path)
    return Section(kind=kind, heading=str(raw.get("heading", "")), level=level, prose=prose,
                   prose_file=prose_file, area=raw.get("area"), areas=areas,
                   indicators=indicators, numbered=numbered, where=where,
                   figures=raw.get("figures", False))


def _region(raw: dict, path: Path) -> RegionSpec:
    compare = tuple(str(c) for c in _list(raw, "compare", "a list of län codes", path,
                                          "region."))
    if "lan" in raw:
        if "members" in raw:
            raise InputError("give either 'region.lan' or 'region.members', not both",
                             file=path)
        return RegionSpec(lan=str(raw["lan"]), code=str(raw["lan"]), name=raw.get("name", ""),
                          members=(),
                          split_cities=_flag(raw, "split_cities", False, path, "region."),
                          compare=compare)
    members = raw.get("members")
    if not isinstance(members, list) or not members:
        raise InputError("the region needs 'lan' (a länskod) or 'members' (unit codes)",
                         file=path, place="key 'region'")
    for key in ("code", "name"):
        _need_text(raw, key, path, "region.")
    return RegionSpec(lan=None, code=raw["code"], name=raw["name"],
                      members=tuple(str(m) for m in members),
                      split_cities=_flag(raw, "split_cities", True, path, "region."),
                      compare=compare)


def _flag(table: dict, key: str, default: bool, path: Path, prefix: str) -> bool:
    """A true/false key (``default`` when absent); a text such as "nej" or a number is an
    error, not a value that counts as true."""
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise InputError(f"is {s.show(value)}, expected true or false", file=path,
                         place=f"key '{prefix}{key}'",
                         fix=f"write {key} = true or {key} = false, without quotes")
    return value


def _list(table: dict, key: str, expected: str, path: Path, prefix: str) -> list:
    """A list key (empty when absent); a single text is an error, not a list of letters."""
    value = table.get(key, [])
    if not isinstance(value, list):
        fix = (f'write it in brackets: {key} = ["{value}"]' if isinstance(value, str)
               else "write it in brackets: [...]")
        raise InputError(f"is {s.show(value)}, expected {expected}", file=path,
                         place=f"key '{prefix}{key}'", fix=fix)
    return value


def _texts(table: dict, key: str, path: Path, prefix: str) -> tuple[str, ...]:
    """A list of texts (ids), empty when absent."""
    value = _list(table, key, "a list of texts", path, prefix)
    for item in value:
        if not isinstance(item, str):
            raise InputError(f"holds {s.show(item)}, expected a list of texts in quotes",
                             file=path, place=f"key '{prefix}{key}'")
    return tuple(value)


def _table(data: dict, name: str, allowed: set[str], path: Path) -> dict:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise InputError(f"key '{name}' must be a table", file=path)
    _keys(table, allowed, path, name + ".")
    return table


def _keys(table: dict, allowed: set[str], path: Path, prefix: str) -> None:
    for key in table:
        if key not in allowed:
            raise InputError(f"unknown key '{prefix}{key}'", file=path,
                             fix="allowed here: " + ", ".join(sorted(allowed)))


def _need_text(table: dict, key: str, path: Path, prefix: str) -> None:
    if not isinstance(table.get(key), str) or not table[key].strip():
        raise InputError(f"key '{prefix}{key}' is missing or empty", file=path)
