// 案卷评查: start a round (法制), see its files, score 初审 / 复审, results per unit with common defects.

import { call } from "./api.js";
import { h } from "./dom.js";
import { labelled, problemNode } from "./casekit.js";
import { can } from "./session.js";

function scoreForm(ctx, round, file, stage, checklist, reload) {
  const inputs = checklist.map((item) => ({
    item,
    score: h("input", { type: "number", min: 0, max: item.points, value: item.points, id: `s-${file.case_ref}-${stage}-${item.item_id}` }),
    note: h("input", { type: "text", maxlength: 500, placeholder: "扣分时写明问题", "aria-label": `${item.label}存在的问题` }),
  }));
  const error = h("p", { class: "field-error", role: "alert", hidden: true });
  const form = h("form", { class: "review-score", dataset: { stage } },
    h("table", { class: "records-table" }, h("tbody", {}, inputs.map(({ item, score, note }) =>
      h("tr", {}, h("th", { scope: "row" }, h("label", { for: score.id }, `${item.label}（${item.points}）`)),
        h("td", {}, score), h("td", {}, note), h("td", { class: "hint" }, item.question))))),
    error,
    h("button", { type: "submit", class: "primary" }, stage === "first" ? "提交初审" : "提交复审"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const scores = Object.fromEntries(inputs.map(({ item, score, note }) => [item.item_id, { score: Number(score.value), note: note.value }]));
    try {
      await call(`/v1/reviews/${round.round_id}/files/${encodeURIComponent(file.case_ref)}/${stage}`, { method: "POST", body: { scores } });
      reload();
    } catch (problem) {
      error.hidden = false;
      error.replaceChildren(problemNode(problem));
    }
  });
  return form;
}

function roundView(ctx, round, checklist, reload) {
  const reviewer = can(ctx.me, "run_reviews");
  const files = round.files.map((f) => {
    const first = f["初审"], second = f["复审"];
    let action = null;
    if (reviewer && !first) action = scoreForm(ctx, round, f, "first", checklist, reload);
    else if (reviewer && !second) action = scoreForm(ctx, round, f, "second", checklist, reload);
    return h("li", { dataset: { caseRef: f.case_ref } },
      h("p", {}, `${f.position}. ${f.case_no || f.case_ref}（${f.unit}）· 抽取原因：${f.reason} · 初审 ${first ? `${first.total}（${first.reviewer}）` : "—"} · 复审 ${second ? `${second.total}（${second.reviewer}）` : "—"}`),
      action ? h("details", {}, h("summary", {}, first ? "复审" : "初审"), action) : null);
  });
  const results = round.results.map((u) => h("section", { class: "review-unit" },
    h("h3", {}, u.unit),
    h("p", {}, `${u.files} 件，已复审 ${u.reviewed} 件，平均分 ${u.average ?? "—"}，${Object.entries(u.grades).map(([g, n]) => `${g} ${n} 件`).join("，")}`),
    u.defects.length ? h("ul", {}, u.defects.map((d) => h("li", {}, `${d.label}：${d.files} 件扣分（${d.notes.join("；")}）`))) : null));
  return [
    h("h2", {}, `${round.title}（${round.period_from} 至 ${round.period_to}，种子 ${round.seed}）`),
    h("ul", { class: "review-files" }, files),
    h("h2", {}, "分单位结果（按复审）"),
    ...results,
  ];
}

export function createReviewView(ctx) {
  const list = h("select", { id: "review-round" });
  const body = h("div", { class: "review-body" });
  const status = h("p", { class: "count", role: "status" });
  let checklist = [];

  async function showRound() {
    if (!list.value) return;
    try {
      const round = await call(`/v1/reviews/${list.value}`);
      body.replaceChildren(...roundView(ctx, round, checklist, showRound));
    } catch (problem) {
      status.replaceChildren(problemNode(problem));
    }
  }

  async function load(select) {
    try {
      checklist = (await call("/v1/reviews/checklist")).items;
      const rounds = (await call("/v1/reviews")).items;
      list.replaceChildren(...rounds.map((r) => h("option", { value: r.round_id }, `${r.title}（${r.period_from} 至 ${r.period_to}）`)));
      if (select) list.value = select;
      status.textContent = rounds.length ? `${rounds.length} 次评查` : "还没有评查";
      await showRound();
    } catch (problem) {
      status.replaceChildren(problemNode(problem));
    }
  }

  const year = new Date().getFullYear();
  const fields = {
    title: h("input", { type: "text", value: `${year}年度案卷评查` }),
    period_from: h("input", { type: "date", value: `${year}-01-01` }),
    period_to: h("input", { type: "date", value: `${year}-12-31` }),
    seed: h("input", { type: "text", value: String(year) }),
    per_unit: h("input", { type: "number", min: 0, max: 100, value: 3 }),
  };
  const labels = { title: "评查名称", period_from: "结案日期自", period_to: "结案日期至", seed: "随机种子", per_unit: "每单位随机抽取" };
  const error = h("p", { class: "field-error", role: "alert", hidden: true });
  const start = h("form", { class: "rule-filter review-start" },
    Object.entries(fields).map(([name, input]) => labelled(`review-${name}`, labels[name], input)),
    h("button", { type: "submit", class: "primary" }, "抽取案卷"), error);
  start.addEventListener("submit", async (event) => {
    event.preventDefault();
    const payload = Object.fromEntries(Object.entries(fields).map(([k, input]) => [k, k === "per_unit" ? Number(input.value) : input.value]));
    try {
      const round = await call("/v1/reviews", { method: "POST", body: payload });
      error.hidden = true;
      await load(round.round_id);
    } catch (problem) {
      error.hidden = false;
      error.replaceChildren(problemNode(problem));
    }
  });
  list.addEventListener("change", showRound);
  load();
  return h("div", { class: "view review" },
    h("h1", {}, "案卷评查"),
    h("p", { class: "hint" }, "抽取评查期间内结案的案件：重大案件和移送案件全部抽取，其余按单位以随机种子抽取（同一种子抽到同样的案卷）。每份案卷先初审、再由另一名评查人员复审，复审评分为结果。"),
    can(ctx.me, "run_reviews") ? start : null,
    h("form", { class: "rule-filter", onsubmit: (e) => e.preventDefault() }, labelled("review-round-list", "评查", list)),
    status,
    body);
}
