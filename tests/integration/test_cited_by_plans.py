"""The plans of ``queries/list_cited_by.cypher`` give the page the plain definition gives.

The plain definition (``ORACLE`` below: read every citer, sort, count, cut) is what the query
answered before it had plans. The hub plan (walk the issued_date index newest first inside a
bounded window), the top plan (top-k, total from the degree store) and the filtered plan must
each answer exactly that: same total, same rows in the same order, for any window, offset,
limit, slack and filter. The top plan orders by date alone first, keeping ``top_slack`` rows
beyond the page, and falls back to the full top-k ("top-ties") when those could miss a tie.
The data has what makes ordering subtle: citers sharing a date (ties broken by id, then
relation type), undated citers (sorted last), and citers that cite the target twice, with two
relation types.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, LiteralString

import pytest
from neo4j import Driver

import queries
from app.routers.documents import HUB_PARAMS, TOP_SLACK
from app.settings import Settings
from tests.integration import api_data
from tests.integration.api_data import cite, doc

pytestmark = pytest.mark.integration

TARGET = "9270/2005/NĐ-CP"
ISSUER = "Ủy ban nhân dân tỉnh Thửnghiệm"
# 24 citers: dates with ties, 4 undated, every fifth citing twice (CITES and BASED_ON)
DATES = [
    "2025-03-04", "2025-03-04", "2025-03-04", "2024-11-20", "2024-11-20", "2024-06-01",
    "2023-12-31", "2023-12-31", "2023-01-15", "2022-07-07", "2022-07-07", "2022-07-07",
    "2021-05-05", "2020-02-29", "2019-10-10", "2018-08-08", "2017-04-01", "2016-09-09",
    "2015-01-01", "2010-12-12", None, None, None, None,
]  # fmt: skip
NO_HUB = {"hub_min_degree": 10**9, "hub_window": 1, "hub_min_expected": 0}
ORACLE: LiteralString = """
MATCH (d:Document {id: $id})
OPTIONAL MATCH (d)<-[r]-(o:Document)
  WHERE type(r) IN ['CITES', 'IMPLEMENTS', 'BASED_ON', 'AMENDS', 'REPLACES', 'REPEALS', 'GUIDES',
                    'DETAILS', 'SUSPENDS', 'CORRECTS', 'CONSOLIDATES']
    AND ($relation IS NULL OR type(r) = $relation)
    AND ($doc_type IS NULL OR o.doc_type = $doc_type)
    AND ($label IS NULL OR $label IN labels(o))
    AND ($issuer IS NULL OR o.issuer_id IN $issuer_ids OR toLower(o.issuer) CONTAINS $issuer)
    AND ($year_from IS NULL OR o.year >= $year_from)
    AND ($year_to IS NULL OR o.year <= $year_to)
WITH d, r, o ORDER BY coalesce(o.issued_date, '') DESC, o.id, type(r)
WITH d, collect(CASE WHEN r IS NULL THEN null ELSE {r: r, o: o} END) AS rows
RETURN size(rows) AS total,
       [x IN rows[$offset..$offset + $limit] | [x.o.id, type(x.r), x.r.sentence]] AS rows
"""
NO_FILTERS: dict[str, Any] = {
    "relation": None,
    "doc_type": None,
    "label": None,
    "issuer": None,
    "issuer_ids": None,
    "year_from": None,
    "year_to": None,
}


def _citers() -> list[Any]:
    out = []
    for n, date in enumerate(DATES):
        citations = [cite(TARGET, "CITES", 2005, "Nghị định")]
        if n % 5 == 0:
            citations.append(
                cite(TARGET, "BASED_ON", 2005, "Nghị định", f"Căn cứ Nghị định số {TARGET};")
            )
        ex = doc(
            f"{92700 + n}/QĐ-UBND",
            date or "2020-01-01",
            "Quyết định",
            ISSUER,
            f"Quyết định thử nghiệm số {n} thực hiện Nghị định {TARGET}",
            citations,
        )
        if date is None:
            ex.document.issued_date = None
        out.append(ex)
    return out


@pytest.fixture(scope="module")
def target(driver: Driver, settings: Settings) -> Iterator[str]:
    ids: list[str] = []
    try:
        ids.append(
            api_data.write(
                driver,
                settings.neo4j_database,
                doc(TARGET, "2005-10-25", "Nghị định", "Chính phủ", "Nghị định thử nghiệm"),
            )
        )
        ids += [api_data.write(driver, settings.neo4j_database, ex) for ex in _citers()]
        yield ids[0]
    finally:
        api_data.remove(driver, settings.neo4j_database, ids)


def _page(driver: Driver, database: str, params: dict[str, Any]) -> dict[str, Any]:
    records, _, _ = driver.execute_query(queries.load("list_cited_by"), params, database_=database)
    assert len(records) == 1
    return dict(records[0].items())


def _check(
    driver: Driver, database: str, target: str, hub: dict[str, Any], **page: Any
) -> dict[str, Any]:
    """The query's answer under ``hub`` parameters, asserted equal to the oracle's."""
    params = {**NO_FILTERS, "id": target, "offset": 0, "limit": 50, "top_slack": TOP_SLACK, **page}
    records, _, _ = driver.execute_query(ORACLE, params, database_=database)
    want = records[0]
    got = _page(driver, database, {**params, **hub})
    rows = [[i["document"]["id"], i["relation"], i["sentence"]] for i in got["items"]]
    assert (got["total"], rows) == (want["total"], want["rows"]), (hub, page, got["plan"])
    return got


def test_the_fixture_has_ties_undated_and_double_citers(
    driver: Driver, settings: Settings, target: str
) -> None:
    generic = _page(
        driver, settings.neo4j_database, {**NO_FILTERS, **NO_HUB, "id": target, "offset": 0,
                                          "limit": 100, "top_slack": TOP_SLACK},
    )  # fmt: skip
    items = generic["items"]
    assert generic["total"] == len(items) == 24 + 5
    dates = [i["document"]["issued_date"] for i in items]
    assert dates[-4:] == [None] * 4 and dates[0] == "2025-03-04"
    assert {i["relation"] for i in items} == {"CITES", "BASED_ON"}


@pytest.mark.parametrize("relation", [None, "CITES", "BASED_ON"])
def test_hub_and_top_plans_equal_the_definition(
    driver: Driver, settings: Settings, target: str, relation: str | None
) -> None:
    """Every window (the floor inside and between tie groups, and beyond every document) and
    page (first row only, inside, straddling the undated tail, past the end)."""
    pages = [(0, 1), (0, 5), (3, 4), (7, 9), (20, 5), (0, 50)]
    for offset, limit in pages:
        page = {"offset": offset, "limit": limit, "relation": relation}
        assert _check(driver, settings.neo4j_database, target, NO_HUB, **page)["plan"] == "top"
        for slack in [0, 1, 2, 3]:
            got = _check(driver, settings.neo4j_database, target, NO_HUB, top_slack=slack, **page)
            assert got["plan"] in {"top", "top-ties"}
        for window in [1, 2, 3, 5, 8, 13, 40, 10**6]:
            hub = {"hub_min_degree": 1, "hub_window": window, "hub_min_expected": 0}
            _check(driver, settings.neo4j_database, target, hub, **page)


@pytest.mark.parametrize(
    ("page", "plan"),
    [
        # all relations: 4 rows dated 2025-03-04 (citer 0 twice), then 2 of 2024-11-20
        ({"limit": 3, "top_slack": 1}, "top-ties"),  # the 4th row kept ties with the 3rd
        ({"limit": 3, "top_slack": 2}, "top"),  # the 5th row kept is older than the 3rd
        ({"limit": 4, "top_slack": 0}, "top-ties"),
        ({"limit": 4, "top_slack": 1}, "top"),
        ({"limit": 100, "top_slack": 0}, "top"),  # every citer kept
        # 29 rows, the last 5 undated (sorted last; a tie among themselves)
        ({"offset": 25, "limit": 2, "top_slack": 1}, "top-ties"),
        ({"offset": 25, "limit": 2, "top_slack": 2}, "top-ties"),
        ({"offset": 25, "limit": 2, "top_slack": 3}, "top"),
        ({"relation": "BASED_ON", "limit": 4, "top_slack": 0}, "top-ties"),
        ({"relation": "BASED_ON", "limit": 4, "top_slack": 1}, "top"),
    ],
)
def test_the_top_plan_reads_every_id_only_when_the_slack_could_miss_a_tie(
    driver: Driver, settings: Settings, target: str, page: dict[str, Any], plan: str
) -> None:
    assert _check(driver, settings.neo4j_database, target, NO_HUB, **page)["plan"] == plan


@pytest.mark.parametrize(
    ("relation", "offset", "limit", "plan"),
    [
        (None, 0, 5, "hub"),
        (None, 10, 10, "hub"),
        # 25 dated rows: a page reaching the undated citers needs every citer read
        (None, 22, 5, "top"),
        (None, 0, 50, "top"),
        # BASED_ON: 5 rows, 4 of them dated
        ("BASED_ON", 0, 4, "hub"),
        ("BASED_ON", 0, 5, "top"),
    ],
)
def test_an_unbounded_window_answers_with_the_hub_plan_until_the_undated_tail(
    driver: Driver,
    settings: Settings,
    target: str,
    relation: str | None,
    offset: int,
    limit: int,
    plan: str,
) -> None:
    hub = {"hub_min_degree": 1, "hub_window": 10**6, "hub_min_expected": 0}
    page = {"offset": offset, "limit": limit, "relation": relation}
    assert _check(driver, settings.neo4j_database, target, hub, **page)["plan"] == plan


@pytest.mark.parametrize(
    ("hub", "filters", "plan"),
    [
        # a filter other than relation: the total is no longer an in-degree
        ({"hub_min_degree": 1, "hub_window": 10**6, "hub_min_expected": 0},
         {"doc_type": "Quyết định"}, "filtered"),
        ({"hub_min_degree": 1, "hub_window": 10**6, "hub_min_expected": 0},
         {"year_from": 2020}, "filtered"),
        ({"hub_min_degree": 1, "hub_window": 10**6, "hub_min_expected": 0},
         {"year_from": 2020, "year_to": 2023, "relation": "CITES"}, "filtered"),
        # too few citers for the hub plan (of the relation asked for: 5 BASED_ON)
        ({"hub_min_degree": 30, "hub_window": 10**6, "hub_min_expected": 0}, {}, "top"),
        ({"hub_min_degree": 6, "hub_window": 10**6, "hub_min_expected": 0},
         {"relation": "BASED_ON"}, "top"),
        # too few citers expected inside the window
        ({"hub_min_degree": 1, "hub_window": 2, "hub_min_expected": 10**6}, {}, "top"),
        # the service's own thresholds: 29 citers are no hub
        (HUB_PARAMS, {}, "top"),
    ],
)  # fmt: skip
def test_filters_and_small_in_degrees_leave_the_hub_plan(
    driver: Driver,
    settings: Settings,
    target: str,
    hub: dict[str, Any],
    filters: dict[str, Any],
    plan: str,
) -> None:
    assert _check(driver, settings.neo4j_database, target, hub, limit=5, **filters)["plan"] == plan
