// A triage result (CONTRACT §5) on screen: badges, proof trees, questions for the missing facts,
// warnings, and the A4 sheet that print.css shows instead of the page.

import { h } from "./dom.js";
import { buildField, collectFacts } from "./fields.js";
import { factValue, localTime, outcomeLabel, period } from "./format.js";

const RESULT_MARK = { true: ["holds", "✓ 成立"], false: ["fails", "✗ 不成立"], null: ["unknown", "? 未知"] };

export function badge(outcome) {
  return h("span", { class: `badge badge-${outcome}`, dataset: { outcome } }, outcomeLabel(outcome));
}

function mark(result) {
  const [cls, text] = RESULT_MARK[String(result ?? null)];
  return h("span", { class: `mark mark-${cls}` }, text);
}

function scalar(value) {
  if (typeof value === "number") return value.toLocaleString("zh-CN");
  if (typeof value === "boolean") return value ? "是" : "否";
  return String(value);
}

// Detail values: text, numbers, lists, and lists of records (e.g. the suspected offences of 移送司法机关).
function detailValue(value) {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== "object" || v === null)) return value.map(scalar).join("、");
    return h(
      "ul",
      { class: "detail-items" },
      value.map((item) =>
        h(
          "li",
          {},
          Object.entries(item)
            .filter(([key]) => key !== "rule")
            .map(([, v]) => scalar(v))
            .join("；"),
        ),
      ),
    );
  }
  if (value && typeof value === "object") {
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${scalar(v)}`)
      .join("；");
  }
  return scalar(value);
}

function detailList(detail, labels) {
  const entries = Object.entries(detail || {}).filter(([, value]) => value !== null && value !== undefined);
  if (!entries.length) return null;
  return h(
    "dl",
    { class: "detail" },
    entries.map(([key, value]) => [h("dt", {}, labels?.[key] || key), h("dd", {}, detailValue(value))]),
  );
}

function basisList(basis) {
  return h("ul", { class: "basis-list" }, basis.map((b) => h("li", {}, b)));
}

function conditionRow(c) {
  const params = c.params.map((p) =>
    h(
      "div",
      { class: "param" },
      `参数「${p.label}」= ${scalar(p.value)}（${p.source}；核实：${p.verification}；${p.pack}）`,
    ),
  );
  return h(
    "tr",
    { class: `condition result-${String(c.result)}` },
    h("th", { scope: "row" }, c.negated ? `并非：${c.label}` : c.label),
    h("td", {}, c.test, params),
    h("td", {}, c.value_text),
    h("td", {}, mark(c.result)),
  );
}

// One node of the proof tree: a rule, the facts and values it used, its basis, and nested reasons.
export function reasonNode(reason) {
  const body = h(
    "div",
    { class: "reason-body" },
    h(
      "p",
      { class: "rule-meta" },
      h("code", {}, reason.rule),
      ` · ${reason.pack} · ${period(reason.effective_from, reason.effective_to)}`,
    ),
    reason.conditions.length
      ? h(
          "table",
          { class: "conditions" },
          h("caption", {}, "条件与本案事实"),
          h(
            "thead",
            {},
            h("tr", {}, ["事实", "条件", "本案取值", "结果"].map((t) => h("th", { scope: "col" }, t))),
          ),
          h("tbody", {}, reason.conditions.map(conditionRow)),
        )
      : null,
    detailList(reason.detail),
    h(
      "details",
      { class: "basis" },
      h("summary", {}, `法律依据（${reason.basis.length} 条）`),
      basisList(reason.basis),
    ),
    reason.because.length
      ? h("div", { class: "because" }, h("p", { class: "because-title" }, "其中的中间结论："), reason.because.map(reasonNode))
      : null,
  );
  return h(
    "details",
    { class: "reason", dataset: { rule: reason.rule } },
    h("summary", {}, h("span", { class: "rule-title" }, reason.title), " ", mark(reason.result)),
    body,
  );
}

function reasonsTitle(decision) {
  const n = decision.reasons.length;
  if (decision.outcome === "required") return `理由（${n} 条规则成立）`;
  if (decision.outcome === "not_required") return `为何不需要（最接近的 ${n} 条规则）`;
  return `尚未确定的规则（${n} 条）`;
}

function decisionCard(id, decision) {
  const missing = decision.missing_facts.map((m) => m.label);
  return h(
    "li",
    { class: `decision outcome-${decision.outcome}`, dataset: { decision: id, outcome: decision.outcome } },
    h("div", { class: "decision-head" }, h("h3", {}, decision.label), badge(decision.outcome)),
    detailList(decision.detail, decision.detail_labels),
    missing.length ? h("p", { class: "decision-missing" }, `待补充：${missing.join("、")}`) : null,
    decision.reasons.length
      ? h(
          "details",
          { class: "reasons" },
          h("summary", {}, reasonsTitle(decision)),
          decision.reasons.map(reasonNode),
        )
      : null,
  );
}

function warningsBlock(warnings) {
  if (!warnings.length) return null;
  return h(
    "section",
    { class: "warnings", role: "alert", "aria-labelledby": "warnings-title" },
    h("h3", { id: "warnings-title" }, `⚠ 请注意（${warnings.length} 项提示）`),
    h(
      "ul",
      {},
      warnings.map((w) =>
        h(
          "li",
          { dataset: { rule: w.rule } },
          h("strong", {}, w.message),
          w.facts.length
            ? h("span", { class: "warning-facts" }, `（${w.facts.map((f) => `${f.label}：${f.value_text}`).join("；")}）`)
            : null,
          h("span", { class: "warning-basis" }, `依据：${w.basis.join("；")}`),
        ),
      ),
    ),
  );
}

// The missing facts as questions answerable here; onAnswer gets the answered facts (by id).
function missingBlock(result, factsById, decisionLabel, onAnswer) {
  if (!result.missing_facts.length) return null;
  const fields = [];
  const items = result.missing_facts.map((m) => {
    const fact = factsById[m.fact];
    const field = fact ? buildField(fact, "ask") : null;
    if (field) fields.push(field);
    return h(
      "li",
      { class: "ask", dataset: { fact: m.fact } },
      field || h("p", {}, `${m.label}：${m.question}`),
      m.affects.length ? h("p", { class: "affects" }, `影响：${m.affects.map(decisionLabel).join("、")}`) : null,
    );
  });
  const submit = h("button", { type: "submit", class: "primary" }, "补充后重新分流");
  const form = h(
    "form",
    {
      class: "missing-form",
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        onAnswer(collectFacts(fields));
      },
    },
    h("ul", { class: "asks" }, items),
    onAnswer ? submit : null,
  );
  return h(
    "section",
    { class: "missing", "aria-labelledby": "missing-title" },
    h("h3", { id: "missing-title" }, `待补充的事实（${result.missing_facts.length} 项）`),
    h("p", { class: "hint" }, "以下事实未填写，会影响“无法确定”的结论。未知不按“否”处理；可在此直接回答后重新分流，已填写的内容保留。"),
    form,
  );
}

function sheetRow(label, value) {
  return h("tr", {}, h("th", { scope: "row" }, label), h("td", {}, value));
}

// The basis of what made a decision 需要 (for other outcomes no rule holds, so none is cited).
function uniqueBasis(decision) {
  const seen = new Set();
  if (decision.outcome !== "required") return [];
  const walk = (reasons) => {
    for (const r of reasons) {
      if (r.result === true) r.basis.forEach((b) => seen.add(b));
      walk(r.because);
    }
  };
  walk(decision.reasons);
  return [...seen];
}

// The A4 sheet for the case file: hidden on screen, the only thing printed (print.css).
export function printSheet(result, { factsById, record, who }) {
  const facts = Object.entries(result.facts || {});
  return h(
    "section",
    { class: "print-sheet", id: "print-sheet", "aria-label": "结论单（打印用）" },
    h("h1", {}, "执法案件分流结论单"),
    h(
      "table",
      { class: "sheet-meta" },
      h(
        "tbody",
        {},
        sheetRow("案件编号", result.case_id || "（未填写）"),
        sheetRow("管辖地", result.jurisdiction),
        sheetRow("评估日期", result.as_of),
        sheetRow("决定编号", h("code", { class: "decision-id" }, result.decision_id)),
        sheetRow("规则集摘要", h("code", { class: "digest" }, result.ruleset.digest)),
        sheetRow("规则包", result.ruleset.packs.join("、")),
        record ? sheetRow("记录", `第 ${record.seq} 条 · ${localTime(record.created_at)} · 哈希 ${record.hash}`) : null,
        who ? sheetRow("经办人", who) : null,
      ),
    ),
    h("h2", {}, "结论"),
    h(
      "table",
      { class: "sheet-decisions" },
      h("thead", {}, h("tr", {}, ["决定", "结论", "说明", "法律依据"].map((t) => h("th", { scope: "col" }, t)))),
      h(
        "tbody",
        {},
        Object.entries(result.decisions).map(([id, d]) =>
          h(
            "tr",
            { dataset: { decision: id } },
            h("th", { scope: "row" }, d.label),
            h("td", {}, outcomeLabel(d.outcome)),
            h("td", {}, detailList(d.detail, d.detail_labels) || (d.missing_facts.length ? `待补充：${d.missing_facts.map((m) => m.label).join("、")}` : "")),
            h("td", {}, basisList(uniqueBasis(d))),
          ),
        ),
      ),
    ),
    result.warnings.length
      ? [h("h2", {}, "提示"), h("ul", {}, result.warnings.map((w) => h("li", {}, w.message)))]
      : null,
    result.missing_facts.length
      ? [
          h("h2", {}, "待补充的事实"),
          h("ul", {}, result.missing_facts.map((m) => h("li", {}, `${m.label}：${m.question}`))),
        ]
      : null,
    h("h2", {}, "据以分流的事实"),
    h(
      "table",
      { class: "sheet-facts" },
      h("tbody", {}, facts.map(([id, value]) => sheetRow(factsById[id]?.label || id, factValue(factsById[id], value)))),
    ),
    h("p", { class: "sheet-foot" }, "未列出的事实按“未知”处理，不视为“否”。凭决定编号可在 lexgate 中查询该决定记录，并用同一规则集重放核对。"),
  );
}

// The whole result. options: factsById, onAnswer (null: read-only, e.g. a stored record), record, who.
export function renderResult(result, options) {
  const { factsById, onAnswer, record } = options;
  const decisionLabel = (id) => result.decisions[id]?.label || id;
  const counts = {};
  for (const d of Object.values(result.decisions)) counts[d.outcome] = (counts[d.outcome] || 0) + 1;
  const summary = ["required", "undetermined", "not_required"]
    .filter((o) => counts[o])
    .map((o) => `${outcomeLabel(o)} ${counts[o]} 项`)
    .join(" · ");
  const missing = missingBlock(result, factsById, decisionLabel, onAnswer);
  const toQuestions =
    missing && onAnswer
      ? h(
          "button",
          {
            type: "button",
            class: "to-questions",
            onclick: () => missing.querySelector("input, select")?.focus(),
          },
          `回答 ${result.missing_facts.length} 个待补充的问题`,
        )
      : null;
  return h(
    "article",
    { class: "result", dataset: { decisionId: result.decision_id } },
    h(
      "header",
      { class: "result-head" },
      h("h2", { id: "result-title", tabindex: "-1" }, "分流结果"),
      h("p", { class: "result-summary" }, summary),
      h(
        "p",
        { class: "result-case" },
        [result.case_id, result.jurisdiction, `评估日期 ${result.as_of}`].filter(Boolean).join(" · "),
      ),
      h("div", { class: "result-actions" }, toQuestions, h("button", { type: "button", class: "print-button", onclick: () => window.print() }, "打印结论单（A4）")),
    ),
    warningsBlock(result.warnings),
    h("ul", { class: "decisions" }, Object.entries(result.decisions).map(([id, d]) => decisionCard(id, d))),
    missing,
    h(
      "dl",
      { class: "provenance" },
      h("dt", {}, "决定编号"),
      h("dd", {}, h("code", {}, result.decision_id)),
      h("dt", {}, "规则集摘要"),
      h("dd", {}, h("code", {}, result.ruleset.digest)),
      h("dt", {}, "规则包"),
      h("dd", {}, result.ruleset.packs.join("、")),
      record ? [h("dt", {}, "决定记录"), h("dd", {}, `第 ${record.seq} 条，${localTime(record.created_at)}`)] : null,
    ),
    printSheet(result, options),
  );
}
