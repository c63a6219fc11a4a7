"""The two plans of ``queries/list_cited_by.cypher`` give the same page.

The hub plan (walk the issued_date index newest first inside a bounded window) must answer
exactly what the generic plan (read every citer, sort) answers, or leave the answer to it: same
total, same rows in the same order, for any window, offset and limit. The data has what makes
ordering subtle: citers sharing a date (ties broken by id, then relation type), undated citers
(sorted last), and citers that cite the target twice, with two relation types.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import Driver

import queries
from app.routers.documents import HUB_PARAMS
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
GENERIC = {"hub_min_degree": 10**9, "hub_window": 1, "hub_min_expected": 0}
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


def _both(
    driver: Driver, database: str, target: str, hub: dict[str, Any], **page: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    params = {**NO_FILTERS, "id": target, "offset": 0, "limit": 50, **page}
    generic = _page(driver, database, {**params, **GENERIC})
    assert generic["plan"] == "generic"
    return generic, _page(driver, database, {**params, **hub})


def test_the_fixture_has_ties_undated_and_double_citers(
    driver: Driver, settings: Settings, target: str
) -> None:
    generic = _page(
        driver, settings.neo4j_database, {**NO_FILTERS, **GENERIC, "id": target, "offset": 0,
                                          "limit": 100},
    )  # fmt: skip
    items = generic["items"]
    assert generic["total"] == len(items) == 24 + 5
    dates = [i["document"]["issued_date"] for i in items]
    assert dates[-4:] == [None] * 4 and dates[0] == "2025-03-04"
    assert {i["relation"] for i in items} == {"CITES", "BASED_ON"}


@pytest.mark.parametrize("relation", [None, "CITES", "BASED_ON"])
def test_hub_plan_pages_equal_the_generic_plan(
    driver: Driver, settings: Settings, target: str, relation: str | None
) -> None:
    """Every window (the floor inside and between tie groups, and beyond every document) and
    page (first row only, inside, straddling the undated tail, past the end)."""
    for window, (offset, limit) in itertools.product(
        [1, 2, 3, 5, 8, 13, 40, 10**6], [(0, 1), (0, 5), (3, 4), (7, 9), (20, 5), (0, 50)]
    ):
        hub = {"hub_min_degree": 1, "hub_window": window, "hub_min_expected": 0}
        page = {"offset": offset, "limit": limit, "relation": relation}
        generic, fast = _both(driver, settings.neo4j_database, target, hub, **page)
        assert (fast["total"], fast["items"]) == (generic["total"], generic["items"]), (
            window,
            page,
        )


@pytest.mark.parametrize(
    ("relation", "offset", "limit", "plan"),
    [
        (None, 0, 5, "hub"),
        (None, 10, 10, "hub"),
        # 25 dated rows: a page reaching the undated citers needs every citer read
        (None, 22, 5, "generic"),
        (None, 0, 50, "generic"),
        # BASED_ON: 5 rows, 4 of them dated
        ("BASED_ON", 0, 4, "hub"),
        ("BASED_ON", 0, 5, "generic"),
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
    generic, fast = _both(driver, settings.neo4j_database, target, hub, **page)
    assert fast["plan"] == plan
    assert (fast["total"], fast["items"]) == (generic["total"], generic["items"])


@pytest.mark.parametrize(
    ("hub", "filters"),
    [
        # a filter other than relation: the total is no longer an in-degree
        ({"hub_min_degree": 1, "hub_window": 10**6, "hub_min_expected": 0},
         {"doc_type": "Quyết định"}),
        ({"hub_min_degree": 1, "hub_window": 10**6, "hub_min_expected": 0},
         {"year_from": 2020}),
        # too few citers for the hub plan (of the relation asked for: 5 BASED_ON)
        ({"hub_min_degree": 30, "hub_window": 10**6, "hub_min_expected": 0}, {}),
        ({"hub_min_degree": 6, "hub_window": 10**6, "hub_min_expected": 0},
         {"relation": "BASED_ON"}),
        # too few citers expected inside the window
        ({"hub_min_degree": 1, "hub_window": 2, "hub_min_expected": 10**6}, {}),
        # the service's own thresholds: 29 citers are no hub
        (HUB_PARAMS, {}),
    ],
)  # fmt: skip
def test_filters_and_small_in_degrees_take_the_generic_plan(
    driver: Driver,
    settings: Settings,
    target: str,
    hub: dict[str, Any],
    filters: dict[str, Any],
) -> None:
    generic, answered = _both(driver, settings.neo4j_database, target, hub, limit=5, **filters)
    assert answered["plan"] == "generic"
    assert (answered["total"], answered["items"]) == (generic["total"], generic["items"])
