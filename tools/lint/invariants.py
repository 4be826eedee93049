"""Legal invariants: what legal staff state a pack must never answer, proven over every case.

A pack directory may hold ``invariants.yaml`` (the loader leaves it out of the pack: invariants
change no outcome)::

    invariants:
      - id: national.invariant.trademark_transfer
        title: 假冒注册商标且非法经营数额达到五万元的，移送司法机关从不答“不需要”，不论案件领域
        basis: [《中华人民共和国刑法》第二百一十三条]
        when:                                   # the rule condition language, facts only
          all:
            - {fact: 执法行为类别, eq: 行政处罚}
            - {fact: 假冒注册商标}
            - {fact: 非法经营数额, ge: 50000}
            - {fact: 属于其他较重的行政处罚或规定应当听证的情形, unknown: true}   # 未填写
        then: {decision: 移送司法机关, never: 不需要}   # or {decision: …, is: 需要}

``check`` proves each invariant in every jurisdiction whose path includes the pack, on every
stretch of dates with one plan: it searches (exactly, with :mod:`.logic`) for a case — any facts
given or left unknown — on which ``when`` holds and the decision's outcome is the forbidden one
(:mod:`.kleene`). A case found is run through the engine to confirm it and reported as a request
``lexgate decide`` accepts; none found is the proof.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from engine import InputInvalid, Location, RuleProblem, RuleSet, triage_request
from engine.toolkit import Condition, Vocabulary, compile_condition, decision_key

from .context import Context, finding
from .kleene import KNOWN_PREFIX, UNKNOWN, Concluded, Kleene, Tri, initial_domains
from .logic import Formula, Solver, Store, conj, negate, witness
from .plans import Stretch

INVARIANTS_FILE = "invariants.yaml"
OUTCOMES = {"需要": "required", "不需要": "not_required", "无法确定": "undetermined"}
_CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)


@dataclass(frozen=True)
class Invariant:
    id: str
    title: str
    pack: str
    when: Condition
    decision: str
    outcome: str  # the outcome meant: never it (``never``) or always it (``always``)
    never: bool
    at: Location
    effective_from: dt.date | None = None  # only cases evaluated on or after this date
    jurisdictions: tuple[str, ...] = ()  # only these (default: every jurisdiction below the pack)

    def applies(self, stretch: Stretch) -> bool:
        if not any(p.id == self.pack for p in stretch.scope.path):
            return False
        if self.jurisdictions and stretch.scope.jurisdiction not in self.jurisdictions:
            return False
        return not (self.effective_from and stretch.end and stretch.end < self.effective_from)


def load(
    files: Mapping[str, Path], display_root: Path, vocabulary: Vocabulary
) -> tuple[list[Invariant], list[RuleProblem]]:
    """The invariants of every pack (pack id → its ``invariants.yaml``), and what is wrong with them."""
    found: list[Invariant] = []
    problems: list[RuleProblem] = []
    for pack, path in sorted(files.items()):
        shown = _display(path, display_root)
        text = path.read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            problems.append(_invalid(Location(shown, 1, 1), f"不是有效的 YAML: {exc}"))
            continue
        items = data.get("invariants") if isinstance(data, dict) else None
        if not isinstance(items, list):
            problems.append(_invalid(Location(shown, 1, 1), "文件须以 invariants: 开头，下面是不变式的列表"))
            continue
        for item in items:
            at = Location(shown, _line_of(text, item), 5)
            parsed = _parse(item, pack, at, vocabulary)
            if isinstance(parsed, Invariant):
                found.append(parsed)
            else:
                problems.append(_invalid(at, parsed))
    return found, problems


def _parse(item: Any, pack: str, at: Location, vocabulary: Vocabulary) -> Invariant | str:
    if not isinstance(item, dict) or not {"id", "title", "when", "then"} <= set(item):
        return "每个不变式须有 id、title、when、then"
    then = item["then"]
    if not isinstance(then, dict) or "decision" not in then or not ({"never", "is"} & set(then)):
        return "then 须写 {decision: 决定, never: 不需要} 或 {decision: 决定, is: 需要}"
    never = "never" in then
    outcome = OUTCOMES.get(str(then["never" if never else "is"]))
    if outcome is None:
        return f"then 的结论须是 需要、不需要 或 无法确定（现有: {then.get('never', then.get('is'))}）"
    try:
        when = _CONDITION.validate_python(_resolve(item["when"], vocabulary))
    except (ValidationError, KeyError) as exc:
        return f"when 不是有效的条件: {exc}"
    start = item.get("effective_from")
    if start is not None and not isinstance(start, dt.date):
        return "effective_from 须是日期 YYYY-MM-DD"
    places = tuple(str(j) for j in item.get("jurisdictions") or ())
    decision = str(then["decision"])
    return Invariant(
        str(item["id"]), str(item["title"]), pack, when, decision, outcome, never, at, start, places
    )


def _resolve(node: Any, vocabulary: Vocabulary) -> Any:
    """Labels to ids, and ``unknown: true`` (未填写) to the language's internal ``absent``."""
    if isinstance(node, list):
        return [_resolve(n, vocabulary) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _resolve(v, vocabulary) for k, v in node.items()}
    if "fact" in out:
        fact = vocabulary.get(str(out["fact"]))
        if fact is None:
            raise KeyError(f"没有事实「{out['fact']}」")
        out["fact"] = fact.id
        if "unknown" in out:
            out["absent"] = bool(out.pop("unknown"))
    return out


def check(
    ctx: Context, invariants: list[Invariant], decision_labels: Mapping[str, str]
) -> Iterator[RuleProblem]:
    """Each invariant proven, or its counterexample (``decision_labels``: decision id → 中文名称)."""
    by_label = {label: id_ for id_, label in decision_labels.items()}
    initial = initial_domains(ctx.ruleset.vocabulary)
    concluded: dict[int, Concluded] = {}  # by stretch (ctx holds them)
    bads: dict[tuple[int, str, bool], Formula] = {}  # the cases a decision's outcome is forbidden in
    for inv in invariants:
        decision = by_label.get(inv.decision, inv.decision)
        if decision not in decision_labels:
            yield _invalid(
                inv.at, f"没有决定「{inv.decision}」（可用: {'、'.join(decision_labels.values())}）"
            )
            continue
        places = {s.scope.jurisdiction for s in ctx.stretches}
        unknown = [j for j in inv.jurisdictions if j not in places]
        if unknown:
            yield _invalid(
                inv.at,
                f"jurisdictions 中没有管辖地「{'、'.join(unknown)}」（可用: {'、'.join(sorted(places))}）",
            )
            continue
        stretches = [s for s in ctx.stretches if inv.applies(s)]
        unproven: list[str] = []
        for stretch in stretches:
            key = decision_key(decision)
            if key not in stretch.plan.by_key:
                continue  # the decision does not exist there (then)
            # the conclusions' formulas made for an earlier invariant on the stretch are the same
            kleene = Kleene(stretch.plan, ctx.ruleset.vocabulary, concluded.setdefault(id(stretch), {}))
            premise = kleene.of(inv.when).t
            decided = kleene.conclusion(key)  # kept alive by ``concluded``: its id keys ``bads``
            wanted = (id(decided), inv.outcome, inv.never)
            bad = bads.get(wanted) or bads.setdefault(wanted, _bad(decided, inv))
            query = conj((premise, bad, kleene.side_conditions()))
            found = Solver(initial).model(query)
            if found is None:
                continue
            if found is False:
                unproven.append(stretch.text())
                continue
            request = _request(found, initial, ctx, stretch, inv.effective_from)
            outcome = _engine_outcome(ctx.ruleset, request, decision)
            premise_holds = _engine_holds(ctx.ruleset, request, inv.when, stretch)
            if outcome is None or not premise_holds or (outcome == inv.outcome) != inv.never:
                unproven.append(stretch.text())  # a sum's approximation: not a real case
                continue
            yield _violated(ctx, inv, stretch, request, outcome, decision_labels.get(decision, decision))
            break
        else:
            if unproven:
                yield finding(
                    "invariant_unproven",
                    f"不变式「{inv.title}」未能在 {'、'.join(unproven)} 完成证明"
                    "（组合过多或含金额求和的近似）",
                    inv.at,
                    fix="把 when 写得更具体，或把问题反馈给开发人员",
                    severity="warning",
                    rule=inv.id,
                )


def _bad(conclusion: Tri, inv: Invariant) -> Formula:
    """The cases the invariant forbids: the outcome it names (``never``), or any other (``is``)."""
    undetermined = conj((negate(conclusion.t), negate(conclusion.f)))
    target = {"required": conclusion.t, "not_required": conclusion.f, "undetermined": undetermined}[
        inv.outcome
    ]
    return target if inv.never else negate(target)


def _request(
    found: Store, initial: Mapping[str, Any], ctx: Context, stretch: Stretch, earliest: dt.date | None
) -> dict[str, Any]:
    """The counterexample as a request: facts by label, unknown facts left out."""
    case = witness(found, initial, ctx.order)
    vocab = ctx.ruleset.vocabulary
    known = {k.removeprefix(KNOWN_PREFIX): v for k, v in case.items() if k.startswith(KNOWN_PREFIX)}
    facts: dict[str, Any] = {}
    for fact in vocab.facts:
        if fact.type in ("bool", "enum"):
            value = case.get(fact.id, UNKNOWN)
            if value != UNKNOWN:
                facts[fact.label] = ("是" if value else "否") if fact.type == "bool" else value
        elif known.get(fact.id):
            value = case.get(fact.id)
            if fact.type == "set":
                facts[fact.label] = sorted(value or (), key=fact.values.index)
            else:
                facts[fact.label] = value if value is not None else 0
    day = max(d for d in (stretch.start or stretch.end or dt.date(2026, 11, 1), earliest) if d is not None)
    return {"jurisdiction": stretch.scope.jurisdiction, "as_of": day.isoformat(), "facts": facts}


def _engine_outcome(ruleset: RuleSet, request: dict[str, Any], decision: str) -> str | None:
    try:
        _, result = triage_request(ruleset, request, dt.date.fromisoformat(request["as_of"]))
    except InputInvalid:
        return None
    return result.outcome(decision)


def _engine_holds(ruleset: RuleSet, request: dict[str, Any], when: Condition, stretch: Stretch) -> bool:
    """Whether the engine, on the counterexample's facts, finds ``when`` to hold (成立)."""
    facts, problems = ruleset.vocabulary.parse(request["facts"])
    if problems:
        return False
    program = compile_condition(when, stretch.plan.params)
    return program(facts) is True


def _violated(
    ctx: Context, inv: Invariant, stretch: Stretch, request: dict[str, Any], outcome: str, label: str
) -> RuleProblem:
    shown = {v: k for k, v in OUTCOMES.items()}[outcome]
    runnable = json.dumps(request, ensure_ascii=False)
    return finding(
        "invariant_violated",
        f"不变式「{inv.title}」不成立：{stretch.text()} 有反例，「{label}」的结论为「{shown}」。"
        f"反例请求（可用 lexgate decide - 运行）: {runnable}",
        inv.at,
        fix="修改规则使该案件不再得出这一结论，或改正不变式的 when；运行反例请求查看逐条理由",
        severity="error",
        rule=inv.id,
    )


def _invalid(at: Location, message: str) -> RuleProblem:
    return RuleProblem("invariant_invalid", message, at, "参照 rules/README.md 的“不变式”一节改正")


def _line_of(text: str, item: Any) -> int:
    ident = str(item.get("id")) if isinstance(item, dict) else ""
    for number, line in enumerate(text.splitlines(), start=1):
        if ident and line.strip().endswith(ident) and "id:" in line:
            return number
    return 1


def _display(path: Path, display_root: Path) -> str:
    try:
        return path.resolve().relative_to(display_root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()
