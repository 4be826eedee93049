"""Mutation testing of the rule packs: do the scenarios (features/) pin the law?

Each mutant is one small change of a pack made in memory on its parsed YAML (a threshold one unit
off, a comparison including its boundary, a date a day off, a list element or condition dropped,
``any`` for ``all``, a local replacement forgotten; see :mod:`.mutants`). A mutant is *caught* when
lint refuses it or a scenario that reads its pack fails on it; *equivalent* when lint's exact search
finds no case any outcome of which it changes; otherwise it *survived*, and the report shows a case
that tells it apart, written as a scenario a policy writer can paste (:mod:`.judge`).
"""

from .judge import Outcome
from .report import render
from .run import MutateReport, PackScore, mutate

__all__ = ["MutateReport", "Outcome", "PackScore", "mutate", "render"]
