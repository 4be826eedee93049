// 码上评 for legal staff: the parties' ratings in their units, 不满意 first, with the answer deadline.

import { call } from "./api.js";
import { h } from "./dom.js";
import { localTime } from "./format.js";
import { problemNode } from "./casekit.js";

export function createFeedbackView() {
  const body = h("tbody");
  const status = h("p", { class: "count", role: "status" });
  (async () => {
    try {
      const page = await call("/v1/feedback");
      body.replaceChildren(...page.items.map((f) => h("tr", { dataset: { caseRef: f.case_ref }, class: f.overdue ? "overdue" : null },
        h("td", {}, h("a", { href: `#/cases/${encodeURIComponent(f.case_ref)}` }, f.case_no)),
        h("td", {}, f.unit),
        h("td", {}, h("strong", {}, f.rating)),
        h("td", {}, f.comment),
        h("td", {}, localTime(f.rated_at)),
        h("td", {}, f.answer ? `已答复（${f.answered_by}）` : f.answer_due ? `须在 ${f.answer_due} 前答复${f.overdue ? "（已逾期）" : ""}` : "无需答复"))));
      const open = page.items.filter((f) => !f.answer && f.answer_due).length;
      status.textContent = page.items.length ? `${page.items.length} 条评价，${open} 条待答复` : "还没有评价";
    } catch (error) {
      status.replaceChildren(problemNode(error));
    }
  })();
  return h("div", { class: "view feedback" },
    h("h1", {}, "码上评"),
    h("p", { class: "hint" }, "当事人扫描执法文书上的二维码作出的评价。“不满意”须在截止日期前答复；答复在同一二维码页面向当事人显示，评价和答复都存为不可修改的记录。"),
    status,
    h("table", { class: "records-table" }, h("thead", {}, h("tr", {}, ["案号", "单位", "评价", "意见", "时间", "答复"].map((t) => h("th", { scope: "col" }, t)))), body));
}
