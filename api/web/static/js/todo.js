// The 需要 decisions of a result as an ordered to-do list: 告知前, 决定前, 决定后, and what runs through
// the whole case (办案全过程: e.g. 音像记录 全程, which has no single moment), each with its deadline where
// the rules give one. The stage is read from the decision's own detail (its timing words), never from a
// list of decision ids kept here; 立卷归档 comes after the decision (结案后).

import { h } from "./dom.js";
import { cnDate, plainMarks } from "./format.js";

export const STAGES = ["告知前", "决定前", "决定后", "办案全过程"];

export function stageOf(decision) {
  const words = Object.values(decision.detail || {}).filter((v) => typeof v === "string").join(" ");
  const labels = Object.values(decision.detail_labels || {}).join(" ");
  if (/告知前|告知时/.test(words)) return "告知前";
  if (/归档|结案/.test(words)) return "决定后"; // before 决定前: its 立卷 words name the 审核意见 it files
  if (/决定前|听证结束后|审核/.test(words)) return "决定前";
  if (/公示|公开|决定后/.test(words + labels) || /截止/.test(labels)) return "决定后";
  return "办案全过程";
}

// Deadlines: dates and periods of the detail (公示截止日期, 当事人申请听证期限 …), by their labels.
export function deadlines(decision) {
  const labels = decision.detail_labels || {};
  return Object.entries(decision.detail || {})
    .filter(([key, value]) => value !== null && value !== undefined && /期限|截止|日期/.test(labels[key] || ""))
    .map(([key, value]) => `${labels[key]}：${typeof value === "string" ? plainMarks(cnDate(value)) : value}`);
}

function what(decision) {
  const labels = decision.detail_labels || {};
  return Object.entries(decision.detail || {})
    .filter(([key, value]) => typeof value === "string" && !/期限|截止|日期/.test(labels[key] || ""))
    .map(([key, value]) => `${labels[key] || "说明"}：${plainMarks(value)}`)
    .join("；");
}

export function todoList(result) {
  const required = Object.entries(result.decisions).filter(([, d]) => d.outcome === "required");
  if (!required.length) return null;
  const print = h("button", { type: "button", class: "todo-print" }, "打印待办清单");
  print.addEventListener("click", () => {
    document.body.classList.add("print-todo");
    window.addEventListener("afterprint", () => document.body.classList.remove("print-todo"), { once: true });
    window.print();
  });
  let n = 0;
  return h(
    "section",
    { class: "todo", "aria-labelledby": "todo-title" },
    h("div", { class: "todo-head" }, h("h3", { id: "todo-title" }, `待办事项（${required.length} 项，按办案顺序）`), print),
    STAGES.map((stage) => {
      const items = required.filter(([, d]) => stageOf(d) === stage);
      if (!items.length) return null;
      return h(
        "div",
        { class: "todo-stage", dataset: { stage } },
        h("h4", {}, stage),
        h(
          "ol",
          { start: n + 1 },
          items.map(([id, d]) => {
            n += 1;
            const due = deadlines(d);
            return h(
              "li",
              { dataset: { decision: id } },
              h("label", { class: "todo-item" }, h("input", { type: "checkbox" }), h("strong", {}, d.label)),
              what(d) ? h("span", { class: "todo-what" }, what(d)) : null,
              due.length ? h("span", { class: "todo-due" }, due.join("；")) : null,
            );
          }),
        ),
      );
    }),
  );
}
