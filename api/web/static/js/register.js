// The 公示 register: what is due, overdue, published and to be taken down, in the caller's units.

import { call, latestOnly } from "./api.js";
import { h } from "./dom.js";
import { labelled, problemNode, statusBadge } from "./casekit.js";

const FILTERS = [
  ["", "全部"],
  ["pending,overdue,undetermined", "待公示（含逾期）"],
  ["overdue,takedown_overdue", "逾期"],
  ["published", "已公示"],
  ["takedown_due,takedown_overdue", "待撤下"],
  ["taken_down", "已撤下"],
];

function deadline(entry) {
  if (entry.revoked_on && !entry.taken_down_on) return entry.takedown_due || `无法计算：${entry.takedown_note}`;
  if (entry.published_on || entry.taken_down_on) return "—";
  return entry.due || `无法计算：${entry.note}`;
}

export function createRegisterView() {
  const filter = h("select", {}, FILTERS.map(([value, label]) => h("option", { value }, label)));
  const body = h("tbody");
  const status = h("p", { class: "count", role: "status" });

  const request = latestOnly(); // a filter chosen again: only the latest answer is shown
  async function load() {
    const current = request();
    try {
      const url = new URLSearchParams();
      for (const s of filter.value.split(",").filter(Boolean)) url.append("status", s);
      const query = url.toString();
      const page = await call(`/v1/register${query ? `?${query}` : ""}`);
      if (!current()) return;
      body.replaceChildren(...page.items.map((e) => h("tr", { dataset: { caseRef: e.case_ref } },
        h("td", {}, statusBadge(e)),
        h("td", {}, h("a", { href: `#/cases/${encodeURIComponent(e.case_ref)}` }, e.case_no || e.case_ref)),
        h("td", {}, e.title || ""),
        h("td", {}, e.unit || ""),
        h("td", {}, e.decided_on),
        h("td", { class: "deadline" }, deadline(e)),
        h("td", {}, e.published_on ? `${e.published_on} · ${e.published_where}` : ""))));
      status.textContent = page.items.length ? `${page.items.length} 项` : "登记簿中没有符合条件的案件";
    } catch (error) {
      if (current()) status.replaceChildren(problemNode(error));
    }
  }
  filter.addEventListener("change", load);
  load();
  return h("div", { class: "view register" },
    h("h1", {}, "公示登记簿"),
    h("p", { class: "hint" }, "案件进入“决定”阶段且分流结论为需要公示时登记；截止日期按国务院节假日安排（含调休）计算，安排未公布的年份不给日期。已公示的决定被撤销、确认违法或要求重新作出的，须在 3 个工作日内撤下。"),
    h("form", { class: "rule-filter", onsubmit: (e) => e.preventDefault() }, labelled("register-filter", "状态", filter)),
    status,
    h("table", { class: "records-table" }, h("thead", {}, h("tr", {}, ["状态", "案号", "案件名称", "单位", "决定日期", "截止日期", "公示"].map((t) => h("th", { scope: "col" }, t)))), body));
}
