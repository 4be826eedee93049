"""Property: altering any stored field of any record is detected by verify, which names that record.

Each example alters one column of one row inside a transaction, verifies in that transaction (so
the verifier reads the altered row), then rolls back: the chain is built once per back end.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from store import Store
from store.db import write_transaction
from store.records import Draft, new_decision_id
from store.schema import records

from .conftest import BACKENDS, new_database

COUNT = 6
COLUMNS = tuple(c.name for c in records.columns)  # every stored field, as the table has them
CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")  # PostgreSQL text


def _text(field: str) -> st.SearchStrategy[str]:
    """Texts that fit the column (PostgreSQL enforces VARCHAR lengths)."""
    length = getattr(records.c[field].type, "length", None) or 30
    return st.text(alphabet=CHARACTERS, max_size=min(30, length))


def _draft(i: int) -> Draft:
    return Draft(
        decision_id=new_decision_id(),
        actor=["张三", "李四"][i % 2],
        key_id=f"k{i % 2}",
        role="handler",
        case_id=None if i == 3 else f"宜市监处〔2026〕{i}号",
        jurisdiction="江西省宜春市",
        as_of="2026-11-01",
        ruleset_digest="sha256:" + "ab" * 32,
        executor="compiled",
        fingerprint=f"d-{i:024x}",
        request='{"facts":{"拟罚款金额":"15万"},"jurisdiction":"江西省宜春市"}',
        result=f'{{"decisions":{{"legal_review":{{"outcome":"required"}}}},"n":{i}}}',
    )


@pytest.fixture(scope="module", params=BACKENDS)
def chain(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    url = new_database(request.param, Path(tmp_path_factory.mktemp("tamper")), request)
    store = Store.open(url)
    for i in range(COUNT):
        store.records.append([_draft(i)])
    assert store.records.verify().ok
    yield store
    store.close()


def _replacement(field: str, old: Any, data: st.DataObject) -> Any:
    if field == "seq":  # unused numbers only: seq is unique
        return data.draw(st.sampled_from([0, -1, COUNT + 1, COUNT + 7, 10**9]))
    if field == "case_id":
        return data.draw(st.one_of(st.none(), _text(field)))
    value = data.draw(_text(field))
    assume(value != old)
    return value


class _Rollback(Exception):
    pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_altered_field_of_any_record_is_detected_and_reported(chain: Store, data: st.DataObject) -> None:
    seq = data.draw(st.integers(min_value=1, max_value=COUNT), label="seq")
    field = data.draw(st.sampled_from(COLUMNS), label="field")
    before = chain.records.get_by_seq(seq)
    assert before is not None
    value = _replacement(field, before[field], data)
    assume(value != before[field])
    try:
        with write_transaction(chain.engine) as conn:
            conn.execute(update(records).where(records.c.seq == seq).values({field: value}))
            report = chain.records.verify(conn)
            raise _Rollback
    except _Rollback:
        pass
    assert not report.ok, f"{field} of record {seq} changed to {value!r} went unnoticed"
    first = report.first
    assert first is not None
    decision_id = value if field == "decision_id" else before["decision_id"]
    assert first.seq == seq or first.decision_id == decision_id, (field, value, report.problems)
    assert chain.records.verify().ok  # rolled back
