// A triage result (CONTRACT §5) on screen: badges, proof trees, questions for the missing facts,
// warnings, and the A4 sheet that print.css shows instead of the page.

import { download } from "./api.js";
import { announce, h } from "./dom.js";
import { buildField, collectFacts } from "./fields.js";
import { todoList } from "./todo.js";
import { cnDate, factValue, localTime, outcomeLabel, packTitle, period, plainMarks, verificationLabel } from "./format.js";

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
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return cnDate(value);
  if (typeof value === "boolean") return value ? "是" : "否";
  return plainMarks(value);
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
    return Object.values(value).map(scalar).join("；");
  }
  return scalar(value);
}

function detailList(detail, labels) {
  const entries = Object.entries(detail || {}).filter(([, value]) => value !== null && value !== undefined);
  if (!entries.length) return null;
  return h(
    "dl",
    { class: "detail" },
    entries.map(([key, value]) => [h("dt", {}, labels?.[key] || "说明"), h("dd", {}, detailValue(value))]),
  );
}

function basisList(basis) {
  return h("ul", { class: "basis-list" }, basis.map((b) => h("li", {}, b)));
}

// One condition: the engine's test text already says the negation in words ("不包含 …", "否"), so the
// fact's name stands alone and ✓ means exactly that the test as written holds.
function conditionRow(c, packTitles) {
  const params = c.params.map((p) =>
    h(
      "div",
      { class: "param" },
      `参数「${p.label}」= ${scalar(p.value)}（${plainMarks(p.source)}；${verificationLabel(p.verification)}；${packTitle(packTitles, p.pack)}）`,
    ),
  );
  return h(
    "tr",
    { class: `condition result-${String(c.result)}` },
    h("th", { scope: "row" }, c.label),
    h("td", { dataset: { head: "条件" } }, c.test, params),
    h("td", { dataset: { head: "本案取值" } }, c.value_text),
    h("td", { dataset: { head: "结果" } }, mark(c.result)),
  );
}

// One node of the proof tree: a rule, the facts and values it used, its basis, and nested reasons.
// look: {labels: decision id → its detail labels, packTitles}; the rule's id only in 技术信息.
export function reasonNode(reason, look = {}) {
  const body = h(
    "div",
    { class: "reason-body" },
    h(
      "p",
      { class: "rule-meta" },
      `${packTitle(look.packTitles, reason.pack)} · ${period(reason.effective_from, reason.effective_to)}`,
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
          h("tbody", {}, reason.conditions.map((c) => conditionRow(c, look.packTitles))),
        )
      : null,
    detailList(reason.detail, look.labels?.[reason.concludes]),
    h(
      "details",
      { class: "basis" },
      h("summary", {}, `法律依据（${reason.basis.length} 条）`),
      basisList(reason.basis),
    ),
    reason.because.length
      ? h("div", { class: "because" }, h("p", { class: "because-title" }, "其中的中间结论："), reason.because.map((r) => reasonNode(r, look)))
      : null,
    h("details", { class: "tech" }, h("summary", {}, "技术信息"), h("p", {}, "规则编号 ", h("code", {}, reason.rule))),
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

function decisionCard(id, decision, look) {
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
          decision.reasons.map((r) => reasonNode(r, look)),
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

// The basis cited for a decision: for 需要 what the rules that hold cite; for 不需要 and 无法确定 what
// the rules examined cite (the provisions that would require it, and why they do not apply).
export function uniqueBasis(decision) {
  const seen = new Set();
  const wanted = decision.outcome === "required" ? true : decision.outcome === "undetermined" ? null : false;
  for (const r of decision.reasons) if (r.result === wanted || decision.outcome !== "required") r.basis.forEach((b) => seen.add(b));
  return [...seen];
}

// Why a decision is not required or still open, in one sentence per rule examined.
export function sheetReason(decision) {
  if (decision.outcome === "required") return "";
  const lines = decision.reasons.map((r) => {
    const failed = r.conditions.filter((c) => c.result === (decision.outcome === "undetermined" ? null : false));
    const why = failed.map((c) => `${c.label}${c.result === null ? "未知" : `为${c.value_text}（须${c.test}）`}`).join("；");
    return `「${r.title}」${decision.outcome === "undetermined" ? "尚无法判断" : "不适用"}${why ? `：${why}` : ""}`;
  });
  if (decision.outcome === "undetermined" && decision.missing_facts.length) {
    lines.unshift(`待补充：${decision.missing_facts.map((m) => m.label).join("、")}`);
  }
  return lines.length ? lines.join("。") : "没有适用于本案的规则";
}

// The A4 sheet for the case file: hidden on screen, the only thing printed (print.css).
export function printSheet(result, { factsById, record, who, packTitles, sheetUnits }) {
  const facts = Object.entries(result.facts || {});
  return h(
    "section",
    { class: "print-sheet", id: "print-sheet", "aria-label": "结论单（打印用）" },
    sheetUnits?.[result.jurisdiction] ? h("p", { class: "sheet-unit" }, sheetUnits[result.jurisdiction]) : null,
    h("h1", {}, "执法案件分流结论单"),
    h(
      "table",
      { class: "sheet-meta" },
      h(
        "tbody",
        {},
        sheetRow("案件编号", result.case_id || "（未填写）"),
        sheetRow("管辖地", result.jurisdiction),
        sheetRow("评估日期", cnDate(result.as_of)),
        sheetRow("决定编号", h("code", { class: "decision-id" }, result.decision_id)),
        sheetRow("规则集摘要", h("code", { class: "digest" }, result.ruleset.digest)),
        sheetRow("规则包", result.ruleset.packs.map((p) => packTitle(packTitles, p)).join("、")),
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
            h("td", {}, detailList(d.detail, d.detail_labels) || sheetReason(d)),
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
    h("div", { class: "sheet-sign" }, h("p", {}, "经办人（签名）：____________　　日期：____年__月__日"), h("p", {}, "审核人（签名）：____________　　日期：____年__月__日")),
  );
}

function sheetButton(decisionId, format, text) {
  const button = h("button", { type: "button", class: "sheet-button", dataset: { format } }, text);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await download(`/v1/records/${encodeURIComponent(decisionId)}/sheet`, { format });
      announce("结论单已下载");
    } catch (error) {
      announce(error.message);
      button.after(h("p", { class: "field-error", role: "alert" }, error.message));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

// The whole result. options: factsById, onAnswer (null: read-only, e.g. a stored record), record, who.
export function renderResult(result, options) {
  const { factsById, onAnswer, record } = options;
  const decisionLabel = (id) => result.decisions[id]?.label || "其他决定";
  const look = {
    labels: Object.fromEntries(Object.entries(result.decisions).map(([id, d]) => [id, d.detail_labels])),
    packTitles: options.packTitles,
  };
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
        [result.case_id, result.jurisdiction, `评估日期 ${cnDate(result.as_of)}`].filter(Boolean).join(" · "),
      ),
      h(
        "div",
        { class: "result-actions" },
        toQuestions,
        h("button", { type: "button", class: "print-button", onclick: () => window.print() }, "打印结论单（A4）"),
        record ? sheetButton(result.decision_id, "docx", "下载结论单（Word）") : null,
        record ? sheetButton(result.decision_id, "pdf", "下载结论单（PDF）") : null,
      ),
    ),
    warningsBlock(result.warnings),
    todoList(result),
    h("ul", { class: "decisions" }, Object.entries(result.decisions).map(([id, d]) => decisionCard(id, d, look))),
    missing,
    h(
      "dl",
      { class: "provenance" },
      h("dt", {}, "决定编号"),
      h("dd", {}, h("code", {}, result.decision_id)),
      h("dt", {}, "规则集摘要"),
      h("dd", {}, h("code", {}, result.ruleset.digest)),
      h("dt", {}, "规则包"),
      h("dd", {}, result.ruleset.packs.map((p) => packTitle(options.packTitles, p)).join("、")),
      record ? [h("dt", {}, "决定记录"), h("dd", {}, `第 ${record.seq} 条，${localTime(record.created_at)}`)] : null,
    ),
    h("details", { class: "tech" }, h("summary", {}, "技术信息"), h("p", {}, "规则包版本 ", result.ruleset.packs.map((p) => h("code", {}, `${p} `)))),
    printSheet(result, options),
  );
}
