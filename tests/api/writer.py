"""A separate writer process for the concurrency and crash tests: ``python -m tests.api.writer``.

``append URL N TAG``: print ``ready``, wait for a line on stdin (so that several writers start
together), then append N records one by one, printing each decision id once committed (what an
API worker acknowledges). ``hold URL TAG``: insert a record inside the write
transaction, print ``pending <id>`` and wait there, to be killed mid-write.
"""

from __future__ import annotations

import sys
import time

from store import Store
from store.db import write_transaction
from store.records import Draft, new_decision_id


def draft(tag: str, i: int) -> Draft:
    return Draft(
        decision_id=new_decision_id(),
        actor=tag,
        key_id=tag,
        role="handler",
        case_id=f"{tag}-{i}",
        jurisdiction="江西省宜春市",
        as_of="2026-11-01",
        ruleset_digest="sha256:" + "0" * 64,
        executor="compiled",
        fingerprint=f"d-{i:024x}",
        request='{"facts":{}}',
        result='{"decisions":{}}',
    )


def main(argv: list[str]) -> None:
    mode, url = argv[0], argv[1]
    store = Store.open(url, pool_size=1)
    if mode == "append":
        count, tag = int(argv[2]), argv[3]
        print("ready", flush=True)
        sys.stdin.readline()
        for i in range(count):
            (receipt,) = store.records.append([draft(tag, i)])
            print(receipt.decision_id, flush=True)
    elif mode == "hold":
        tag = argv[2]
        with write_transaction(store.engine) as conn:
            ((receipt,),) = store.records.append_in(conn, [([draft(tag, 0)], None)])  # type: ignore[misc]
            print(f"pending {receipt.decision_id}", flush=True)
            time.sleep(600)  # killed before this ends
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
