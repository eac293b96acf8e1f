"""`regionreport fetch kolada`: download Kolada API data into the file `build --data` reads.

In: an output path, Kolada KPI ids (given, or the ``kolada`` keys of a catalog), years
("2020,2021", "2016-2021"), optionally the member unit codes (kommun "0680", län "06",
Riket "00"; default: every municipality Kolada has), the base URL (sources/kolada_api.py
builds every URL), a timeout and a number of retries.
Out: ``FILE.json``, the JSON list of the pages as Kolada sent them (what
``read_kolada_json`` reads), and ``FILE.manifest.json`` beside it (base URL, every URL
fetched, UTC time, KPIs, years, units, record counts per KPI and year, tool version);
a ``FetchResult``.

Network: ``urllib.request`` with a User-Agent naming the tool and a timeout; connection
errors, timeouts, HTTP 429 (waiting ``Retry-After`` seconds when given) and 5xx, and a body
that is cut short or not JSON are retried with exponential backoff (1, 2, 4 ... s); a 404 or
other 4xx, or a body that is JSON but not a Kolada page, is an ``InputError`` naming the URL
at once; retries used up, one naming the URL and the last problem.

Files: both outputs are written only after every page has come, each atomically
(files.atomic_path), so a failed fetch leaves an earlier download and manifest as they
were. Each page is kept as it arrives in ``FILE.json.pages/`` (one file per URL, named by a
hash of the URL); a rerun with the same arguments reuses them (an interrupted download
resumes) and the folder is removed after success.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin
from urllib.request import Request, urlopen

from regionreport import __version__
from regionreport.errors import InputError
from regionreport.files import atomic_path
from regionreport.sources.kolada_api import (DEFAULT_BASE_URL, MAX_PER_PAGE, data_url,
                                             municipality_id)

USER_AGENT = (f"regionreport/{__version__} (Oppna jamforelser regional reports; "
              "python-urllib)")
RETRIES = 4
TIMEOUT = 30.0
MAX_RETRY_AFTER = 300.0   # seconds; a longer Retry-After is cut to this
_PAGE = 'a Kolada data page {"count": n, "values": [...], "next_page": url or null}'


@dataclass(frozen=True)
class FetchResult:
    output: Path
    manifest: Path
    urls: tuple[str, ...]
    pages: int
    records: int
    reused: int   # pages taken from an earlier, interrupted run


def manifest_path(output: Path) -> Path:
    """``FILE.manifest.json`` beside ``FILE.json``."""
    output = Path(output)
    return output.with_name(f"{output.stem}.manifest.json")


def pages_dir(output: Path) -> Path:
    """The folder of the pages fetched so far, ``FILE.json.pages/``."""
    output = Path(output)
    return output.with_name(f"{output.name}.pages")


def parse_years(text: str) -> tuple[int, ...]:
    """Years from "2020,2021", "2016-2021" or a mix ("2016-2018,2021"), sorted."""
    years: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        first, dash, last = part.partition("-")
        try:
            low, high = int(first), int(last if dash else first)
        except ValueError:
            low = high = 0
        if not (1900 <= low <= high <= 2100):
            raise InputError(f"'{part}' is not a year or a range of years", place="--years",
                             fix="give years as YYYY,YYYY or a range YYYY-YYYY")
        years.update(range(low, high + 1))
    return tuple(sorted(years))


def municipality_ids(codes: str, registry) -> tuple[str, ...]:
    """Kolada municipality ids of comma-separated unit codes (kommun, län or Riket)."""
    ids: list[str] = []
    for code in (c.strip() for c in codes.split(",") if c.strip()):
        unit = registry.get(code)
        if unit is None or unit.level not in ("riket", "lan", "kommun"):
            raise InputError(f"'{code}' is not a kommun, län or Riket code", place="--members",
                             fix="give four-digit kommunkoder (0680), länskoder (06) or 00 "
                                 "for Riket; Kolada has no stadsdelar")
        if municipality_id(code) not in ids:
            ids.append(municipality_id(code))
    if not ids:
        raise InputError("no unit codes given", place="--members",
                         fix="give comma-separated codes such as 0604,0680,06,00")
    return tuple(ids)


def catalog_kpis(catalog) -> list[str]:
    """The Kolada KPI ids of a catalog's indicators, in catalog order."""
    kpis = [indicator.kolada for indicator in catalog.indicators if indicator.kolada]
    if not kpis:
        raise InputError(f"catalog '{catalog.id}' names no Kolada KPI", file=catalog.path,
                         fix='give its indicators kolada = "<KPI id>", or use --kpi')
    return kpis


def fetch_kolada(output: Path, kpis: Sequence[str], years: Sequence[int],
                 municipalities: Sequence[str] | None = None, *,
                 base_url: str = DEFAULT_BASE_URL, timeout: float = TIMEOUT,
                 retries: int = RETRIES, per_page: int = MAX_PER_PAGE, quiet: bool = False,
                 now: Callable[[], dt.datetime] | None = None,
                 sleep: Callable[[float], None] | None = None) -> FetchResult:
    """Fetch every page of the data of ``kpis`` in ``years`` (for ``municipalities``, Kolada
    ids, or all) and write ``output`` and its manifest; see the module docstring."""
    output = Path(output)
    kpis = list(dict.fromkeys(kpis))
    say = (lambda text: None) if quiet else (lambda text: print(text, file=sys.stderr))
    sleep = sleep or _sleep
    folder = pages_dir(output)
    url: str | None = data_url(base_url, kpis, years, municipalities, per_page)
    urls: list[str] = []
    pages: list[dict] = []
    reused = records = 0
    while url is not None:
        if url in urls:
            raise InputError("the answer's next_page links back to a page already fetched",
                             file=url, fix="the API answers in a loop; try again later")
        saved = folder / f"{hashlib.sha256(url.encode()).hexdigest()[:24]}.json"
        page = _saved_page(saved)
        from_disk = page is not None
        if from_disk:
            reused += 1
        else:
            try:
                body, page = _get_page(url, timeout, retries, sleep, say)
            except InputError as exc:
                if pages:
                    exc = InputError(exc.problem, file=exc.file, fix=(
                        f"{exc.fix}; the {len(pages)} page(s) fetched so far are kept in "
                        f"{folder}, the same command resumes from there"))
                raise exc from None
            folder.mkdir(parents=True, exist_ok=True)
            with atomic_path(saved) as temporary:
                temporary.write_bytes(body)
        urls.append(url)
        pages.append(page)
        records += len(page["values"])
        say(f"page {len(pages)}: {len(page['values'])} records, {records} in all"
            f"{' (saved earlier)' if from_disk else ''}"
            f" <- {url}")
        following = page.get("next_page")
        url = urljoin(url, following) if following else None
    fetched_at = (now or _now)().astimezone(dt.timezone.utc)
    data = dump_pages(pages)
    manifest = _manifest(output, data, base_url, urls, fetched_at, kpis, years,
                         municipalities, pages)
    target = manifest_path(output)
    with atomic_path(output) as data_temp, atomic_path(target) as manifest_temp:
        data_temp.write_bytes(data)
        manifest_temp.write_bytes(manifest)
    shutil.rmtree(folder, ignore_errors=True)
    return FetchResult(output, target, tuple(urls), len(pages), records, reused)


# -- one page over HTTP -----------------------------------------------------------------------
def _get_page(url: str, timeout: float, retries: int, sleep: Callable[[float], None],
              say: Callable[[str], None]) -> tuple[bytes, dict]:
    """The body and parsed page at ``url``, retrying what may pass (see module docstring)."""
    delay = 1.0
    attempts = retries + 1
    for attempt in range(1, attempts + 1):
        wait = delay
        try:
            request = Request(url, headers={"User-Agent": USER_AGENT,
                                            "Accept": "application/json"})
            with urlopen(request, timeout=timeout) as response:
                body = response.read()
            try:
                data = json.loads(body.decode("utf-8"), parse_constant=str)
            except (UnicodeDecodeError, json.JSONDecodeError):
                problem = f"the answer is not complete JSON ({len(body)} bytes)"
            else:
                return body, _page(data, url)
        except HTTPError as exc:
            exc.close()
            problem = f"HTTP {exc.code} {exc.reason}"
            if exc.code == 429:
                wait = _retry_after(exc.headers.get("Retry-After"), delay)
            elif exc.code < 500:
                raise InputError(problem, file=url, fix=(
                    "check the KPI and municipality ids and the years (Kolada answers 404 "
                    "for an unknown id) and --base-url")) from None
        except http.client.IncompleteRead as exc:
            problem = f"the answer was cut short after {len(exc.partial)} bytes"
        except (TimeoutError, URLError, http.client.HTTPException, OSError) as exc:
            problem = _network_problem(exc, timeout)
        if attempt == attempts:
            tried = "once" if attempts == 1 else f"{attempts} times"
            raise InputError(f"{problem} (tried {tried})", file=url, fix=(
                "check the network and --base-url, or try again later; --timeout and "
                "--retries allow more"))
        say(f"  {problem}; trying again in {wait:g} s ({attempt} of {retries} retries)")
        sleep(wait)
        delay *= 2
    raise AssertionError("unreachable")


def _page(data: object, url: str) -> dict:
    """``data`` when it is a Kolada data page; an ``InputError`` naming the URL if not."""
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise InputError("the answer is JSON but not a Kolada data page", file=url,
                         fix=f"expected {_PAGE}; check --base-url (API v2)")
    following = data.get("next_page")
    if following is not None and not isinstance(following, str):
        raise InputError(f"next_page holds {json.dumps(following)}, not a URL", file=url,
                         fix=f"expected {_PAGE}")
    return data


def _retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if value is None:
        return default
    try:
        seconds = float(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return default
        seconds = (moment - dt.datetime.now(dt.timezone.utc)).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _network_problem(exc: Exception, timeout: float) -> str:
    reason = exc.reason if isinstance(exc, URLError) else exc
    if isinstance(reason, TimeoutError):
        return f"no answer within the timeout of {timeout:g} s"
    return f"connection failed: {reason}"


# -- files ------------------------------------------------------------------------------------
def _saved_page(path: Path) -> dict | None:
    """A page saved by an earlier, interrupted run (None: none, or unreadable)."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"), parse_constant=str)
        return _page(data, str(path))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, InputError):
        return None


def dump_pages(pages: list[dict]) -> bytes:
    """The list of pages as JSON, one record per line (keys other than 'values' first)."""
    parts = []
    for page in pages:
        head = {key: value for key, value in page.items() if key != "values"}
        head_text = json.dumps(head, ensure_ascii=False)[1:-1]
        records = ",\n  ".join(json.dumps(r, ensure_ascii=False) for r in page["values"])
        body = f'"values": [\n  {records}\n ]' if records else '"values": []'
        parts.append("{" + (f"{head_text}, " if head_text else "") + body + "}")
    return ("[\n" + ",\n".join(parts) + "\n]\n").encode("utf-8")


def _manifest(output: Path, data: bytes, base_url: str, urls: list[str],
              fetched_at: dt.datetime, kpis: list[str], years: Sequence[int],
              municipalities: Sequence[str] | None, pages: list[dict]) -> bytes:
    counts: dict[str, dict[str, int]] = {kpi: {str(y): 0 for y in years} for kpi in kpis}
    units: set[str] = set()
    for page in pages:
        for record in page["values"]:
            if not isinstance(record, dict):
                continue
            per_year = counts.setdefault(str(record.get("kpi")), {})
            year = str(record.get("period"))
            per_year[year] = per_year.get(year, 0) + 1
            units.add(str(record.get("municipality")))
    manifest = {
        "tool": f"regionreport {__version__}",
        "source": "Kolada API",
        "base_url": base_url,
        "fetched_at": fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data_file": output.name,
        "data_sha256": hashlib.sha256(data).hexdigest(),
        "kpis": kpis,
        "years": list(years),
        "municipalities": list(municipalities) if municipalities is not None else "all",
        "municipalities_received": len(units),
        "pages": len(pages),
        "records": sum(len(page["values"]) for page in pages),
        "records_per_kpi_and_year": counts,
        "urls": urls,
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def fetch_from_options(output: Path, catalog_id: str | None, kpis: list[str], years: str,
                       members: str | None, base_url: str | None, **options) -> FetchResult:
    """``fetch_kolada`` from the command's options: KPIs of ``--catalog`` and ``--kpi``,
    ``--years`` text, ``--members`` codes."""
    from regionreport.model.catalog import load_catalog
    from regionreport.model.registry import load_registry
    from regionreport.sources.loading import resolve_file

    wanted = list(kpis)
    if catalog_id is not None:
        wanted = catalog_kpis(load_catalog(resolve_file(catalog_id, catalog_id, "catalog")))
        wanted += list(kpis)
    if not wanted:
        raise InputError("no KPIs to fetch", place="--catalog/--kpi",
                         fix="give --catalog ID|FILE or --kpi ID")
    ids = municipality_ids(members, load_registry()) if members is not None else None
    return fetch_kolada(output, wanted, parse_years(years), ids,
                        base_url=base_url or DEFAULT_BASE_URL, **options)
