"""Impact of a rule change on a corpus of cases (``lexgate whatif``).

``sources`` reads cases (JSON lines today; decision records plug in through ``CaseSource``),
``compare`` evaluates one chunk under both rule sets in a worker and explains only what changed,
``runner`` spreads chunks over worker processes in bounded memory and keeps input order,
``report`` aggregates the summary and writes JSON, text or CSV.
"""
