"""The tables (SQLAlchemy Core). Migrations in ``migrations/versions`` create exactly these.

JSON is kept as text: the hash chain covers the stored bytes, and both back ends store them alike.
Timestamps are ISO 8601 text in UTC for the same reason.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData()

# One row (id = 1): the chain head and the active rule set. Appends and activations update it under
# a lock, so every record is chained to the one before and made under the rule set then in force.
ledger = Table(
    "ledger",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("head_seq", BigInteger, nullable=False),
    Column("head_hash", String(80), nullable=False),
    Column("ruleset_digest", String(80), nullable=True),
    Column("ruleset_generation", Integer, nullable=False),
)

# Decision records (执法全过程记录): append-only; every column but ``hash`` is covered by ``hash``.
records = Table(
    "records",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("decision_id", String(64), nullable=False, unique=True),
    Column("created_at", String(40), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("key_id", String(40), nullable=False),
    Column("role", String(20), nullable=False),
    Column("case_id", String(200), nullable=True),
    Column("jurisdiction", String(100), nullable=False),
    Column("as_of", String(10), nullable=False),
    Column("ruleset_digest", String(80), nullable=False),
    Column("executor", String(20), nullable=False),
    Column("fingerprint", String(40), nullable=False),
    Column("request", Text, nullable=False),
    Column("result", Text, nullable=False),
    Column("prev_hash", String(80), nullable=False),
    Column("hash", String(80), nullable=False),
    # The 执法单位 of the key holder (migration 0004); hashed when set, so older records keep their hash.
    Column("unit_id", String(40), nullable=True),
    # NULL: ``result`` is the full answer; ``compact/1`` (migration 0006): store/compact.py.
    Column("result_form", String(20), nullable=True),
    Index("ix_records_actor_seq", "actor", "seq"),
    Index("ix_records_case_id", "case_id"),
    Index("ix_records_fingerprint", "fingerprint"),
    Index("ix_records_unit_case", "unit_id", "case_id"),
    Index("ix_records_key_seq", "key_id", "seq"),  # one holder's records (by the holder's keys)
)

# Every rule set ever in force, content-addressed: the digest covers the bundle (path → text).
rulesets = Table(
    "rulesets",
    metadata,
    Column("digest", String(80), primary_key=True),
    Column("bundle", Text, nullable=False),
    Column("packs", Text, nullable=False),
    Column("stored_at", String(40), nullable=False),
)

activations = Table(
    "ruleset_activations",
    metadata,
    Column("generation", Integer, primary_key=True, autoincrement=False),
    Column("digest", String(80), nullable=False),
    Column("activated_at", String(40), nullable=False),
    Column("actor", String(200), nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("secret_sha256", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("revoked_at", String(40), nullable=True),
    # The identity the key belongs to (records are the holder's, whichever of its keys made them).
    Column("holder_id", String(40), nullable=False),
    Index("ix_api_keys_holder", "holder_id"),
)

# The first answer to each Idempotency-Key of a holder on a triage route (migration 0002).
idempotency = Table(
    "idempotency",
    metadata,
    Column("holder_id", String(40), primary_key=True),
    Column("route", String(40), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("body_sha256", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("status", Integer, nullable=True),  # null: the first request is still running
    Column("answer", Text, nullable=True),
)

# 执法单位 (a tree: 市局 → 分局 → 所) and the unit each key holder belongs to (migration 0004).
units = Table(
    "units",
    metadata,
    Column("unit_id", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("parent_id", String(40), nullable=True),
    Column("created_at", String(40), nullable=False),
)

unit_members = Table(
    "unit_members",
    metadata,
    Column("key_id", String(40), primary_key=True),
    Column("unit_id", String(40), nullable=False),
    Column("assigned_at", String(40), nullable=False),
)

# Case files: the current state; every change is also an event in ``case_events`` (the history).
cases = Table(
    "cases",
    metadata,
    Column("case_ref", String(40), primary_key=True),
    Column("unit_id", String(40), nullable=False),
    Column("case_no", String(200), nullable=False),
    Column("title", String(500), nullable=False),
    Column("party", String(200), nullable=False),
    Column("field", String(100), nullable=False),
    Column("handler", String(200), nullable=False),
    Column("stage", String(20), nullable=False),
    Column("eval_token", String(64), nullable=False, unique=True),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    UniqueConstraint("unit_id", "case_no", name="uq_cases_unit_case_no"),
)

# Case events (stage changes, 公示 register entries, publication, 撤下, 码上评 feedback and answers):
# append-only, hash-chained like the decision records; the head row (id = 1) anchors the tail.
case_events = Table(
    "case_events",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("event_id", String(40), nullable=False, unique=True),
    Column("case_ref", String(40), nullable=False),
    Column("unit_id", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("body", Text, nullable=False),
    Column("prev_hash", String(80), nullable=False),
    Column("hash", String(80), nullable=False),
    Index("ix_case_events_case_seq", "case_ref", "seq"),
    Index("ix_case_events_unit_kind", "unit_id", "kind"),
)

case_event_head = Table(
    "case_event_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("head_seq", BigInteger, nullable=False),
    Column("head_hash", String(80), nullable=False),
)

# 案卷评查 (migration 0005): a round's seeded sample of closed cases, and each file's 初审 and 复审 scores.
review_rounds = Table(
    "review_rounds",
    metadata,
    Column("round_id", String(40), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("unit_id", String(40), nullable=True),  # the unit and those below it (None: every unit)
    Column("period_from", String(10), nullable=False),
    Column("period_to", String(10), nullable=False),
    Column("seed", String(100), nullable=False),
    Column("per_unit", Integer, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("created_at", String(40), nullable=False),
)

review_files = Table(
    "review_files",
    metadata,
    Column("round_id", String(40), primary_key=True),
    Column("case_ref", String(40), primary_key=True),
    Column("unit_id", String(40), nullable=False),
    Column("reason", String(20), nullable=False),  # 重大, 移送 or 随机
    Column("position", Integer, nullable=False),
)

review_scores = Table(
    "review_scores",
    metadata,
    Column("round_id", String(40), primary_key=True),
    Column("case_ref", String(40), primary_key=True),
    Column("stage", String(10), primary_key=True),  # 初审 or 复审
    Column("reviewer", String(200), nullable=False),
    Column("reviewer_id", String(40), nullable=False),  # the key holder: 复审 by another person
    Column("scores", Text, nullable=False),  # JSON: item → {"score", "note"}
    Column("total", Integer, nullable=False),
    Column("created_at", String(40), nullable=False),
)

# Records whose payload was purged at the end of their retention period (migration 0005): the record
# row keeps every column but ``request`` ("{}") and ``result`` (a tombstone); its hash and links stay.
purged_records = Table(
    "purged_records",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("decision_id", String(64), nullable=False),
    Column("purged_at", String(40), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("request_sha256", String(80), nullable=False),  # of the removed texts, to match an archived copy
    Column("result_sha256", String(80), nullable=False),
    Column("retention", Text, nullable=False),  # JSON: the class, its start and expiry
)
