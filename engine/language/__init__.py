"""The condition language, in one home.

* :mod:`.nodes` — the nodes as rule files write them (``all``, ``any``, ``not``, ``fact``,
  ``decision``, ``sum``; ``ExceptionCondition`` for a folded exception);
* :mod:`.visitor` — every walk over a tree: :class:`ConditionVisitor` (one abstract method per node
  kind, so a walker that misses a kind cannot be made) and :func:`visit` (an exhaustive ``match``);
* :mod:`.semantics` — what each test means on known values, and the keys of the evaluation ``env``;
* :mod:`.closures` — conditions as fast closures (the compiled executor);
* :mod:`.tracing` — conditions as recording closures (the explanations);
* :mod:`.wording` — conditions in Chinese.

The durable executor (``engine/executors/durable_conditions.py``) and lint's formulas
(``tools/lint/translate.py``) state the same meaning in their own terms, as visitors of this package.
"""
