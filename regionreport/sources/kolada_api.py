"""The URLs of the Kolada API: the one place that knows its paths and parameters.

In: a base URL (default ``DEFAULT_BASE_URL``, API v2), Kolada KPI ids, years and Kolada
municipality ids; or the project's unit codes to translate.
Out: URL strings and Kolada municipality ids.

Paths (API v2, Hypergene/kolada README, "Query data"), ids and years comma-separated:
- ``data/kpi/<ids>/year/<years>``: every municipality (kommun, län, Riket);
- ``data/kpi/<ids>/municipality/<ids>/year/<years>``: the municipalities named;
with ``?per_page=N`` (at most ``MAX_PER_PAGE``); a response links its next page in
``next_page``. API v3 renames parameters; only the v2 shapes are built (and not verified
against the live service in the tests, which use a local server).

Municipality ids: a kommun keeps its four-digit kommunkod ("0680"), a län is "00" + länskod
("06" -> "0006"), Riket "00" is "0000" (the inverse of the mapping in sources/kolada.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote, urlencode

DEFAULT_BASE_URL = "https://api.kolada.se/v2/"
MAX_PER_PAGE = 5000


def data_url(base_url: str, kpis: Sequence[str], years: Sequence[int],
             municipalities: Sequence[str] | None = None,
             per_page: int = MAX_PER_PAGE) -> str:
    """The first-page URL of the data of ``kpis`` in ``years``, for every municipality
    (``municipalities`` None) or the Kolada municipality ids given."""
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"per_page must be 1..{MAX_PER_PAGE}, not {per_page}")
    path = f"data/kpi/{_ids(kpis)}"
    if municipalities is not None:
        path += f"/municipality/{_ids(municipalities)}"
    path += f"/year/{_ids(str(year) for year in years)}"
    return f"{_base(base_url)}{path}?{urlencode({'per_page': per_page})}"


def municipality_id(unit_code: str) -> str:
    """The Kolada municipality id of a unit code: "00" -> "0000", "06" -> "0006",
    "0680" -> "0680"."""
    return "00" + unit_code if len(unit_code) == 2 else unit_code


def _base(base_url: str) -> str:
    return base_url if base_url.endswith("/") else base_url + "/"


def _ids(items) -> str:
    return ",".join(quote(str(item), safe="") for item in items)
