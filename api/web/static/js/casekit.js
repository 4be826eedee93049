// Small pieces shared by the case, register and feedback views (issue 15).

import { ApiProblem } from "./api.js";
import { h } from "./dom.js";
import { storedKey } from "./session.js";

export const STAGES = ["立案", "调查", "审核", "告知", "听证", "决定", "执行", "结案"];

export const EVENT_LABELS = {
  opened: "立案",
  stage: "阶段变更",
  register: "进入公示登记簿",
  published: "登记公示",
  revoked: "登记撤销",
  taken_down: "登记撤下",
  feedback: "当事人评价",
  answer: "答复评价",
};

// One line for an event of the case's chain.
export function eventText(event) {
  const b = event.body || {};
  switch (event.kind) {
    case "opened": return `案号 ${b.case_no}，阶段 ${b.stage}`;
    case "stage": return `${b.from} → ${b.to}${b.note ? `（${b.note}）` : ""}`;
    case "register": return b.due ? `决定日期 ${b.decided_on}，公示截止 ${b.due}` : `决定日期 ${b.decided_on}；${b.note || ""}`;
    case "published": return `${b.on} 公示于 ${b.where}`;
    case "revoked": return `${b.on} ${b.reason}；撤下截止 ${b.takedown_due || "无法计算"}`;
    case "taken_down": return `${b.on} 已撤下`;
    case "feedback": return `${b.rating}${b.comment ? `：${b.comment}` : ""}`;
    case "answer": return b.text;
    default: return JSON.stringify(b);
  }
}

const STATUS_CLASS = {
  pending: "undetermined",
  overdue: "required",
  undetermined: "undetermined",
  published: "not_required",
  takedown_due: "undetermined",
  takedown_overdue: "required",
  taken_down: "not_required",
};

export function statusBadge(entry) {
  return h("span", { class: `badge small badge-${STATUS_CLASS[entry.status] || "undetermined"}`, dataset: { status: entry.status } }, entry.status_label);
}

export function problemNode(error) {
  const body = error instanceof ApiProblem ? error.body : {};
  return h("div", { class: "form-error", role: "alert" }, h("p", {}, error.message), body.suggestion ? h("p", {}, body.suggestion) : null);
}

// A labelled control inside a small form.
export function labelled(id, label, control) {
  control.id = id;
  return h("div", { class: "filter" }, h("label", { for: id }, label), control);
}

// The case's 码上评 QR code as a data: URL (the page's CSP admits data: images, not blob:).
export async function qrDataUrl(caseRef) {
  const response = await fetch(`/v1/cases/${encodeURIComponent(caseRef)}/qr.png`, {
    headers: { Authorization: `Bearer ${storedKey()}` },
  });
  if (!response.ok) throw new ApiProblem(response.status, await response.json().catch(() => null));
  const blob = await response.blob();
  return await new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
