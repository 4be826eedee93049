// Decision records: the caller's recent triages (auditors: everyone's), one record, and chain verification.

import { call } from "./api.js";
import { announce, h } from "./dom.js";
import { localTime, outcomeLabel, shortHash } from "./format.js";
import { renderResult } from "./result.js";
import { can } from "./session.js";

const ROLE_LABELS = { handler: "办案人员", legal: "法制", auditor: "审计" };

function outcomeCounts(outcomes) {
  const counts = {};
  for (const o of Object.values(outcomes)) counts[o] = (counts[o] || 0) + 1;
  return ["required", "undetermined", "not_required"]
    .filter((o) => counts[o])
    .map((o) => h("span", { class: `badge small badge-${o}` }, `${outcomeLabel(o)} ${counts[o]}`));
}

export function createRecordsView(ctx) {
  const all = can(ctx.me, "read_all_records");
  const caseFilter = h("input", { id: "records-case", type: "search", autocomplete: "off", placeholder: "案件编号" });
  const body = h("tbody");
  const more = h("button", { type: "button", hidden: true }, "更多记录");
  const status = h("p", { class: "count", role: "status" });
  let before = null;

  // The list is rebuilt only when the filter's text really changed, a moment after typing stops, and
  // in one step when the new rows have arrived: a click on a row is never swallowed by a rebuild
  // (the old list is not emptied first, and leaving the filter field does not reload anything).
  let shownFilter = null;
  let ticket = 0;
  async function load(reset) {
    const filter = caseFilter.value.trim();
    if (reset && filter === shownFilter) return;
    const mine = ++ticket;
    try {
      const page = await call("/v1/records", { params: { limit: 25, before: reset ? null : before, case_id: filter } });
      if (mine !== ticket) return; // a newer filter is on its way
      const rows = page.items.map((r) =>
        h(
          "tr",
          { dataset: { decisionId: r.decision_id } },
          h("td", { dataset: { head: "时间" } }, localTime(r.created_at)),
          h("td", { dataset: { head: "案件编号" } }, h("a", { href: `#/records/${encodeURIComponent(r.decision_id)}` }, r.case_id || "（无编号）")),
          h("td", { dataset: { head: "管辖地" } }, r.jurisdiction),
          h("td", { dataset: { head: "结论" } }, outcomeCounts(r.outcomes)),
          h("td", { dataset: { head: "待补充" } }, String(r.missing_facts)),
          all ? h("td", { dataset: { head: "提交人" } }, `${r.actor}`) : null,
          h("td", { dataset: { head: "序号" } }, String(r.seq)),
        ),
      );
      const same = (a, b) => a.length === b.length && a.every((row, i) => row.dataset.decisionId === b[i].dataset.decisionId);
      if (reset && !same(rows, [...body.children])) body.replaceChildren(...rows);
      else body.append(...rows);
      shownFilter = filter;
      before = page.next_before;
      more.hidden = before === null;
      status.textContent = body.children.length ? `显示 ${body.children.length} 条记录` : filter ? "没有符合条件的记录" : "还没有决定记录";
    } catch (error) {
      status.textContent = error.message;
    }
  }

  let typing = null;
  caseFilter.addEventListener("input", () => {
    clearTimeout(typing);
    // not once the view was left (a row opened within the pause): its list is no longer shown
    typing = setTimeout(() => body.isConnected && load(true), 300);
  });
  more.addEventListener("click", () => load(false));
  load(true);
  const headers = ["时间", "案件编号", "管辖地", "结论", "待补充", ...(all ? ["提交人"] : []), "序号"];
  return h(
    "div",
    { class: "view records" },
    h("h1", {}, all ? "全部决定记录" : "我的决定记录"),
    h("p", { class: "hint" }, all ? "每次分流都存为一条决定记录，按哈希链相连，不可删改。" : "您通过本页或业务系统提交的分流，最近的在前。"),
    h("form", { class: "rule-filter", role: "search", onsubmit: (e) => e.preventDefault() },
      h("div", { class: "filter" }, h("label", { for: "records-case" }, "按案件编号筛选"), caseFilter)),
    status,
    h("table", { class: "records-table" }, h("thead", {}, h("tr", {}, headers.map((t) => h("th", { scope: "col" }, t)))), body),
    more,
  );
}

export function createRecordView(ctx, decisionId) {
  const holder = h("div", { class: "record-detail" }, h("p", {}, "正在读取记录…"));
  const replayOutcome = h("div", { class: "replay-outcome", role: "status" });
  (async () => {
    try {
      const record = await call(`/v1/records/${encodeURIComponent(decisionId)}`);
      const replay = h("button", { type: "button" }, "用当时的规则集重放");
      replay.addEventListener("click", async () => {
        replay.disabled = true;
        try {
          const out = await call(`/v1/records/${encodeURIComponent(decisionId)}/replay`, { method: "POST" });
          replayOutcome.replaceChildren(
            out.identical
              ? h("p", { class: "ok" }, `✓ 重放结果与记录完全相同（规则集 ${shortHash(out.ruleset_digest, 20)}）`)
              : h("div", { class: "bad" }, h("p", {}, "✗ 重放结果与记录不同："), h("ul", {}, out.differences.map((d) => h("li", {}, d)))),
          );
        } catch (error) {
          replayOutcome.replaceChildren(h("p", { class: "bad" }, error.message));
        } finally {
          replay.disabled = false;
        }
      });
      const receipt = { seq: record.seq, hash: record.hash, created_at: record.created_at };
      holder.replaceChildren(
        h(
          "dl",
          { class: "record-meta" },
          h("dt", {}, "决定编号"), h("dd", {}, h("code", {}, record.decision_id)),
          h("dt", {}, "序号"), h("dd", {}, String(record.seq)),
          h("dt", {}, "时间"), h("dd", {}, localTime(record.created_at)),
          h("dt", {}, "提交人"), h("dd", {}, `${record.actor}（${ROLE_LABELS[record.role] || "其他角色"}）`),
          h("dt", {}, "本条哈希"), h("dd", {}, h("code", {}, record.hash)),
          h("dt", {}, "前一条哈希"), h("dd", {}, h("code", {}, record.prev_hash)),
        ),
        h("details", { class: "tech" }, h("summary", {}, "技术信息"),
          h("dl", { class: "record-meta" }, h("dt", {}, "执行器"), h("dd", {}, h("code", {}, record.executor)))),
        h("div", { class: "actions" }, replay),
        replayOutcome,
        renderResult(record.result, { factsById: ctx.catalog.factsById, packTitles: ctx.catalog.packTitles, sheetUnits: ctx.catalog.sheetUnits, onAnswer: null, record: receipt, who: record.actor }),
      );
      announce(`决定记录 ${record.decision_id}`);
    } catch (error) {
      holder.replaceChildren(h("p", { class: "form-error", role: "alert" }, error.message));
    }
  })();
  return h(
    "div",
    { class: "view record" },
    h("p", {}, h("a", { href: "#/records" }, "← 返回记录列表")),
    h("h1", {}, "决定记录"),
    holder,
  );
}

export function createVerifyView() {
  const outcome = h("div", { class: "verify-outcome", role: "status" }, h("p", {}, "正在校验整条记录链…"));
  const run = async () => {
    try {
      const report = await call("/v1/records/verify");
      outcome.replaceChildren(
        report.ok
          ? h(
              "div",
              { class: "ok verdict" },
              h("p", { class: "big" }, `✓ 记录链完整：${report.records} 条记录`),
              h("p", {}, "每条记录的哈希都与内容相符，链接与顺序无误，链头与保存的一致。"),
            )
          : h(
              "div",
              { class: "bad verdict" },
              h("p", { class: "big" }, `✗ 记录链有问题：${report.first_problem?.message || ""}`),
              h("ul", {}, report.problems.map((p) => h("li", {}, `第 ${p.seq} 条（${p.kind}）：${p.message}`))),
              report.truncated ? h("p", {}, "问题过多，只列出前面一部分。") : null,
            ),
        h(
          "dl",
          { class: "record-meta" },
          h("dt", {}, "链头序号"), h("dd", {}, String(report.head_seq)),
          h("dt", {}, "链头哈希"), h("dd", {}, h("code", {}, report.head_hash)),
        ),
        h("p", { class: "hint" }, "把链头哈希另行保存（如写入案卷），日后可证明此后没有整条改写。"),
      );
    } catch (error) {
      outcome.replaceChildren(h("p", { class: "form-error", role: "alert" }, error.message));
    }
  };
  const again = h("button", { type: "button", onclick: run }, "重新校验");
  run();
  return h("div", { class: "view verify" }, h("h1", {}, "校验决定记录链"), outcome, h("div", { class: "actions" }, again));
}
