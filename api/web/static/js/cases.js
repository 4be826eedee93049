// Cases (案件): the list with partial search and a new-case form, and one case file: its triages in
// order with what changed, stage, 公示 register entry, 码上评 feedback and the decision sheet's QR code.

import { call, latestOnly } from "./api.js";
import { announce, h } from "./dom.js";
import { localTime } from "./format.js";
import { EVENT_LABELS, STAGES, eventText, labelled, problemNode, qrDataUrl, statusBadge } from "./casekit.js";
import { can } from "./session.js";

export function createCasesView(ctx) {
  const search = h("input", { type: "search", autocomplete: "off", placeholder: "案号、当事人或案件名称的一部分" });
  const body = h("tbody");
  const status = h("p", { class: "count", role: "status" });

  const request = latestOnly(); // typed on: only the latest search's answer is shown
  async function load() {
    const current = request();
    try {
      const page = await call("/v1/cases", { params: { q: search.value.trim() } });
      if (!current()) return;
      body.replaceChildren(...page.items.map((c) => h("tr", { dataset: { caseRef: c.case_ref } },
        h("td", {}, h("a", { href: `#/cases/${encodeURIComponent(c.case_ref)}` }, c.case_no)),
        h("td", {}, c.title), h("td", {}, c.party), h("td", {}, c.stage), h("td", {}, c.unit), h("td", {}, localTime(c.updated_at)))));
      status.textContent = page.items.length ? `${page.items.length} 个案件` : "没有找到案件";
    } catch (error) {
      if (current()) status.replaceChildren(problemNode(error));
    }
  }
  search.addEventListener("input", load);

  const newCase = can(ctx.me, "manage_cases") ? newCaseForm() : null;
  load();
  return h("div", { class: "view cases" },
    h("h1", {}, "案件"),
    h("form", { class: "rule-filter", role: "search", onsubmit: (e) => e.preventDefault() }, labelled("cases-search", "查找案件", search)),
    status,
    h("table", { class: "records-table" }, h("thead", {}, h("tr", {}, ["案号", "案件名称", "当事人", "阶段", "单位", "更新时间"].map((t) => h("th", { scope: "col" }, t)))), body),
    newCase);
}

function newCaseForm() {
  const inputs = {
    case_no: h("input", { type: "text", required: true, placeholder: "如 宜市监处〔2026〕12号" }),
    title: h("input", { type: "text", required: true }),
    party: h("input", { type: "text", required: true }),
    field: h("input", { type: "text", required: true, placeholder: "如 食品、产品质量" }),
    handler: h("input", { type: "text", required: true }),
  };
  const labels = { case_no: "案号", title: "案件名称", party: "当事人", field: "案件领域", handler: "承办人" };
  const errors = h("div");
  const form = h("form", { class: "rule-filter new-case", id: "new-case" },
    h("h2", {}, "立案"),
    Object.entries(inputs).map(([name, input]) => labelled(`case-new-${name}`, labels[name], input)),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "立案")), errors);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    const body = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value.trim()]));
    try {
      const made = await call("/v1/cases", { method: "POST", body });
      announce(`已立案：${made.case_no}`);
      location.hash = `#/cases/${encodeURIComponent(made.case_ref)}`;
    } catch (error) {
      errors.replaceChildren(problemNode(error));
    }
  });
  return form;
}

function changeList(title, changes) {
  if (!changes.length) return null;
  return h("div", { class: "changes" }, h("p", { class: "changes-title" }, title),
    h("ul", {}, changes.map((c) => h("li", { dataset: { id: c.id } }, `${c.label}：${c.before} → ${c.after}`))));
}

function historyList(triages) {
  if (!triages.length) return h("p", { class: "placeholder" }, "本案还没有分流。分流时“案件编号”填本案案号，分流即归入本案。");
  return h("ol", { class: "case-history" }, triages.map((t, index) => h("li", { dataset: { decisionId: t.decision_id } },
    h("p", {}, h("strong", {}, `第 ${index + 1} 次分流`), ` ${localTime(t.created_at)} · ${t.actor} · 评估日期 ${t.as_of} · `,
      h("a", { href: `#/records/${encodeURIComponent(t.decision_id)}` }, "决定记录")),
    h("p", { class: "outcomes" }, t.outcomes.map((o) => h("span", { class: "outcome", dataset: { decision: o.id } }, `${o.label}：${o.outcome}`))),
    index ? (changeList("与上一次相比改变的事实", t.facts_changed) || h("p", { class: "hint" }, "事实未变。")) : null,
    index ? changeList("改变的结论", t.outcomes_changed) : null)));
}

export function createCaseView(ctx, caseRef, reopen) {
  const holder = h("div", { class: "case-detail" }, h("p", {}, "正在读取案卷…"));
  const path = `/v1/cases/${encodeURIComponent(caseRef)}`;

  async function load() {
    try {
      const detail = await call(path);
      holder.replaceChildren(render(detail));
      announce(`案卷 ${detail.case.case_no}`);
    } catch (error) {
      holder.replaceChildren(problemNode(error));
    }
  }

  async function act(url, body, done) {
    try {
      await call(url, { method: "POST", body });
      announce(done);
      await load();
    } catch (error) {
      holder.prepend(problemNode(error));
    }
  }

  function render(detail) {
    const c = detail.case;
    return h("div", {},
      h("h1", {}, `${c.case_no} ${c.title}`),
      h("dl", { class: "record-meta case-meta" },
        h("dt", {}, "执法单位"), h("dd", {}, c.unit), h("dt", {}, "当事人"), h("dd", {}, c.party),
        h("dt", {}, "案件领域"), h("dd", {}, c.field), h("dt", {}, "承办人"), h("dd", {}, c.handler),
        h("dt", {}, "阶段"), h("dd", { id: "case-stage" }, c.stage)),
      h("div", { class: "actions" },
        can(ctx.me, "triage") ? h("button", { type: "button", id: "case-reopen", class: "primary",
          onclick: () => reopen(detail.last_request || { case_id: c.case_no }) }, detail.last_request ? "打开最后一次分流" : "分流本案") : null),
      can(ctx.me, "manage_cases") ? stageForm(c, act) : null,
      h("section", { id: "case-history" }, h("h2", {}, "分流历史"), historyList(detail.triages)),
      h("section", { id: "case-register" }, h("h2", {}, "公示"), registerPart(ctx, c, detail.register_entry, act)),
      h("section", { id: "case-feedback" }, h("h2", {}, "码上评"), feedbackPart(ctx, c, detail, act)),
      decisionSheet(c, detail),
      h("section", {}, h("h2", {}, "案件事件"), h("table", {}, h("thead", {}, h("tr", {}, ["时间", "事件", "人员", "内容"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, detail.events.map((e) => h("tr", {}, h("td", {}, localTime(e.created_at)), h("td", {}, EVENT_LABELS[e.kind] || e.kind), h("td", {}, e.actor), h("td", {}, eventText(e))))))));
  }

  load();
  return h("div", { class: "view case" }, h("p", {}, h("a", { href: "#/cases" }, "← 返回案件列表")), holder);
}

function stageForm(c, act) {
  const stage = h("select", {}, STAGES.map((s) => h("option", { value: s, selected: s === c.stage }, s)));
  const decided = h("input", { type: "date" });
  const decidedField = labelled("case-decided-on", "决定日期（进入“决定”时；缺省取最后一次分流的决定日期）", decided);
  const form = h("form", { class: "rule-filter", id: "stage-form" }, labelled("case-new-stage", "变更阶段", stage), decidedField,
    h("div", { class: "actions" }, h("button", { type: "submit" }, "变更阶段")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = { stage: stage.value };
    if (decided.value && stage.value === "决定") body.decided_on = decided.value;
    act(`/v1/cases/${encodeURIComponent(c.case_ref)}/stage`, body, `阶段已变更为 ${stage.value}`);
  });
  return form;
}

function registerPart(ctx, c, entry, act) {
  if (!entry) return h("p", { class: "placeholder" }, "本案不在公示登记簿中（进入“决定”阶段且分流结论为需要公示时登记）。");
  const base = `/v1/cases/${encodeURIComponent(c.case_ref)}`;
  const rows = [
    ["状态", statusBadge(entry)], ["决定日期", entry.decided_on],
    ["公示期限", entry.limit ? `${entry.limit} 个工作日` : "—"], ["公示截止日期", h("span", { id: "register-due" }, entry.due || "无法计算")],
    entry.note ? ["说明", entry.note] : null,
    entry.published_on ? ["公示", `${entry.published_on} · ${entry.published_where}`] : null,
    entry.revoked_on ? ["撤销等", `${entry.revoked_on} · ${entry.revoked_reason}`] : null,
    entry.revoked_on ? ["撤下截止日期", h("span", { id: "takedown-due" }, entry.takedown_due || `无法计算：${entry.takedown_note}`)] : null,
    entry.taken_down_on ? ["撤下", entry.taken_down_on] : null,
  ].filter(Boolean);
  const facts = h("dl", { class: "record-meta" }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
  if (!can(ctx.me, "manage_register")) return facts;
  const forms = [];
  if (!entry.published_on) {
    const on = h("input", { type: "date" });
    const where = h("input", { type: "text", value: "国家企业信用信息公示系统" });
    forms.push(h("form", { class: "rule-filter", id: "publish-form", onsubmit: (e) => { e.preventDefault(); act(`${base}/publication`, { on: on.value, where: where.value }, "已登记公示"); } },
      labelled("publish-on", "公示日期", on), labelled("publish-where", "公示载体", where), h("div", { class: "actions" }, h("button", { type: "submit" }, "登记公示"))));
  } else if (!entry.revoked_on) {
    const on = h("input", { type: "date" });
    const reason = h("select", {}, ["撤销", "确认违法", "重新作出"].map((r) => h("option", { value: r }, r)));
    forms.push(h("form", { class: "rule-filter", id: "revoke-form", onsubmit: (e) => { e.preventDefault(); act(`${base}/revocation`, { on: on.value, reason: reason.value }, "已登记，撤下截止日期见上"); } },
      labelled("revoke-on", "撤销 / 确认违法 / 要求重新作出之日", on), labelled("revoke-reason", "原因", reason), h("div", { class: "actions" }, h("button", { type: "submit" }, "登记撤销"))));
  } else if (!entry.taken_down_on) {
    const on = h("input", { type: "date" });
    forms.push(h("form", { class: "rule-filter", id: "takedown-form", onsubmit: (e) => { e.preventDefault(); act(`${base}/takedown`, { on: on.value }, "已登记撤下"); } },
      labelled("takedown-on", "撤下日期", on), h("div", { class: "actions" }, h("button", { type: "submit" }, "登记撤下"))));
  }
  return h("div", {}, facts, forms);
}

function feedbackPart(ctx, c, detail, act) {
  const rated = detail.events.find((e) => e.kind === "feedback");
  const answered = detail.events.find((e) => e.kind === "answer");
  if (!rated) return h("p", { class: "placeholder" }, "当事人尚未评价。评价入口是决定文书上的二维码（见下方附页）。");
  const parts = [h("p", { id: "case-rating" }, h("strong", {}, rated.body.rating), rated.body.comment ? `：${rated.body.comment}` : ""),
    rated.body.answer_due ? h("p", { class: "hint" }, `须在 ${rated.body.answer_due} 前答复`) : null];
  if (answered) parts.push(h("p", { id: "case-answer" }, `答复（${answered.actor}）：${answered.body.text}`));
  else if (can(ctx.me, "manage_feedback")) {
    const text = h("textarea", { rows: 3, maxlength: 2000 });
    parts.push(h("form", { class: "rule-filter", id: "answer-form", onsubmit: (e) => { e.preventDefault(); act(`/v1/cases/${encodeURIComponent(c.case_ref)}/answer`, { text: text.value }, "已答复"); } },
      labelled("answer-text", "答复当事人", text), h("div", { class: "actions" }, h("button", { type: "submit" }, "答复"))));
  }
  return h("div", {}, parts);
}

// The case's decision sheet addendum: the 码上评 QR code to print on the 决定书 (and the 结论单).
function decisionSheet(c, detail) {
  const img = h("img", { id: "case-qr", alt: `码上评二维码：${c.case_no}`, width: 180, height: 180 });
  const link = `${location.origin}${detail.evaluation_path}`;
  qrDataUrl(c.case_ref).then((url) => { img.src = url; }).catch(() => { img.alt = "二维码读取失败"; });
  return h("section", { class: "case-sheet print-sheet", id: "case-sheet", "aria-labelledby": "case-sheet-title" },
    h("h2", { id: "case-sheet-title" }, "决定文书附页：码上评"),
    h("div", { class: "sheet-body" }, img,
      h("div", {}, h("p", {}, `执法单位：${c.unit}`), h("p", {}, `案号：${c.case_no}`),
        h("p", {}, "当事人可扫描二维码，对本次执法行为作出评价（满意 / 基本满意 / 不满意），执法单位将答复。"),
        h("p", { class: "hint" }, h("code", { id: "case-qr-link" }, link)))),
    h("div", { class: "actions" }, h("button", { type: "button", onclick: () => window.print() }, "打印附页（A4）")));
}
