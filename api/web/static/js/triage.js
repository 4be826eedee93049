// The triage page: a form generated from the vocabulary, relevance from the rules, the result beside it.

import { ApiProblem, call } from "./api.js";
import { announce, clear, confirmAction, h } from "./dom.js";
import {
  buildField,
  clearError,
  collectFacts,
  dateInput,
  dateValue,
  focusTarget,
  markRequired,
  readValue,
  showError,
  writeValue,
} from "./fields.js";
import { today } from "./format.js";
import { renderResult } from "./result.js";
import { Draft } from "./draft.js";
import { SHOWN, createGuide } from "./guided.js";

const META_FIELDS = ["case_id", "jurisdiction", "as_of"];

function metaField(id, label, control, hint) {
  return h(
    "div",
    { class: "field meta", dataset: { meta: id } },
    h("label", { for: `case-${id}`, class: "field-label" }, label),
    hint ? h("p", { class: "question", id: `case-${id}-q` }, hint) : null,
    h("div", { class: "control" }, control),
    h("p", { class: "field-error", id: `case-${id}-err`, hidden: true }),
  );
}

function jurisdictionSelect(jurisdictions) {
  const depth = (j) => {
    let n = 0;
    for (let p = j.parent; p; p = jurisdictions.find((x) => x.name === p)?.parent) n += 1;
    return n;
  };
  return h(
    "select",
    { id: "case-jurisdiction", "aria-describedby": "case-jurisdiction-q case-jurisdiction-err", required: true },
    jurisdictions.map((j) => h("option", { value: j.name }, `${"　".repeat(depth(j))}${j.name}`)),
  );
}

// Group fieldsets: relevant fields in the open, the others in a collapsed <details> at the end.
function groupSection(group, wrappers) {
  const open = h("div", { class: "fields" }, wrappers);
  const hiddenFields = h("div", { class: "fields" });
  const fold = h(
    "details",
    { class: "irrelevant", hidden: true },
    h("summary", {}, ""),
    h("p", { class: "hint" }, "按所选管辖地、评估日期和案件领域，这些事实不影响任何结论或提示（由生效的规则推出）。仍可展开填写。"),
    hiddenFields,
  );
  const count = h("span", { class: "group-count" });
  const allNo = h("button", { type: "button", class: "all-no small" }, "本组均为否");
  const section = h(
    "fieldset",
    { class: "group", dataset: { group } },
    h("legend", {}, group),
    h("div", { class: "group-tools" }, count, allNo),
    open,
    fold,
  );
  return { section, open, fold, hiddenFields, count, allNo };
}

export function createTriageView(ctx) {
  const { catalog } = ctx;
  const fields = {}; // fact id → wrapper
  for (const fact of catalog.facts) fields[fact.id] = buildField(fact, "f");
  const groups = catalog.groups.map((group) => {
    const members = catalog.facts.filter((f) => f.group === group).map((f) => fields[f.id]);
    const g = { name: group, members, ...groupSection(group, members) };
    // 本组均为否: every yes/no question of the group still 未知 (and shown) becomes 否
    g.allNo.hidden = !members.some((w) => w.dataset.type === "bool");
    g.allNo.addEventListener("click", () => {
      // the group's yes/no questions still 未知 and not folded away as irrelevant
      const open = g.members.filter((w) => w.dataset.type === "bool" && readValue(w) === undefined && !g.hiddenFields.contains(w));
      for (const w of open) writeValue(w, false);
      form.dispatchEvent(new Event("change"));
      announce(`${group}：${open.length} 项设为“否”`);
    });
    return g;
  });

  const caseId = h("input", { id: "case-case_id", type: "text", autocomplete: "off", placeholder: "如 宜市监处〔2026〕12号", "aria-describedby": "case-case_id-err" });
  const jurisdiction = jurisdictionSelect(catalog.jurisdictions);
  const asOf = dateInput({ id: "case-as_of", value: today(), required: true, "aria-describedby": "case-as_of-q case-as_of-err" });
  const meta = {
    case_id: metaField("case_id", "案件编号", caseId),
    jurisdiction: metaField("jurisdiction", "管辖地", jurisdiction, "适用全国及本地规则包（全国 → 省 → 市）"),
    as_of: metaField("as_of", "评估日期", asOf, "按该日生效的规则和参数评估（可写 2026年12月6日、2026-12-06 或 2026/12/6）"),
  };
  const formError = h("div", { class: "form-error", id: "form-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "primary" }, "分流");
  const filled = h("span", { class: "filled-count", role: "status" });
  const resultArea = h("section", { class: "result-area", id: "result", "aria-labelledby": "result-title" },
    h("p", { class: "placeholder" }, "填写已知的事实后点“分流”。不知道的事实保留“未知”：系统不会把未知当作“否”，会列出需要补充的事实。"));

  const guide = createGuide(catalog);
  const form = h(
    "form",
    { class: "triage-form", id: "triage-form", novalidate: true, "aria-label": "案件事实" },
    h("fieldset", { class: "group case" }, h("legend", {}, "案件"), h("div", { class: "fields" }, Object.values(meta))),
    guide.section,
    groups.map((g) => g.section),
    formError,
    h(
      "div",
      { class: "actions sticky-actions" },
      submit,
      h("button", { type: "button", onclick: () => askReset() }, "清空"),
      filled,
    ),
  );

  const view = h(
    "div",
    { class: "view triage", dataset: { guided: "" } },
    h("h1", {}, "案件分流"),
    h("div", { class: "triage-layout" }, form, resultArea),
  );

  // ------------------------------------------------------------------ relevance
  let relevanceTicket = 0;
  async function updateRelevance() {
    const ticket = ++relevanceTicket;
    const field = collectFacts([fields.field]).field;
    let answer;
    try {
      answer = await call("/v1/relevance", { params: { jurisdiction: jurisdiction.value, as_of: dateValue(asOf), field } });
    } catch {
      return; // relevance only folds fields away; on any error every field stays open
    }
    if (ticket !== relevanceTicket) return;
    relevant = new Set(answer.facts.filter((f) => f.relevant).map((f) => f.fact));
    required = new Set(answer.facts.filter((f) => f.always_read_by.length).map((f) => f.fact));
    for (const f of answer.facts) {
      if (fields[f.fact]) markRequired(fields[f.fact], f.always_read_by.map((id) => catalog.decisionLabels[id] || "某项决定"));
    }
    guide.required = required;
    place();
    view.dataset.relevance = `${answer.jurisdiction}|${field || ""}|${answer.as_of}`;
    updateGuide();
  }

  // Where each field is: open in its group, or folded as irrelevant.
  let relevant = null; // null: not known yet, every field open
  let required = new Set(); // 「必答」: facts some decision reads in every case here (the API's always_read_by)
  function place() {
    for (const g of groups) {
      const shown = g.members.filter((w) => !relevant || relevant.has(w.dataset.fact));
      const folded = g.members.filter((w) => relevant && !relevant.has(w.dataset.fact));
      // touch the DOM only when something moves: a re-inserted field could miss a click
      const same = (box, list) => box.children.length === list.length && list.every((w, i) => box.children[i] === w);
      if (!same(g.open, shown)) g.open.replaceChildren(...shown);
      if (!same(g.hiddenFields, folded)) g.hiddenFields.replaceChildren(...folded);
      g.fold.hidden = folded.length === 0;
      g.fold.querySelector("summary").textContent = `与本案无关的事实（${folded.length} 项）`;
      g.section.classList.toggle("all-folded", shown.length === 0);
    }
    updateCounts();
  }

  // A guided question picked: its field, in its group, scrolled to and focused.
  function goTo(id) {
    const wrapper = fields[id];
    const fold = wrapper.closest("details");
    if (fold) fold.open = true;
    wrapper.scrollIntoView({ block: "center" });
    focusTarget(wrapper).focus({ preventScroll: true });
    wrapper.classList.add("asked");
    setTimeout(() => wrapper.classList.remove("asked"), 1500);
  }

  async function updateGuide() {
    const open = await guide.next(jurisdiction.value, dateValue(asOf), collectFacts(Object.values(fields)));
    if (open === null) return; // the API could not say (a typing error): keep the questions as they are
    guide.show(open, goTo);
    for (const w of Object.values(fields)) w.classList.remove("guided-now");
    for (const q of open.slice(0, SHOWN)) fields[q.fact].classList.add("guided-now");
    view.dataset.guided = open.slice(0, SHOWN).map((q) => q.fact).join(" ");
  }
  for (const control of [jurisdiction, asOf]) control.addEventListener("change", updateRelevance);
  fields.field.addEventListener("change", updateRelevance);

  // ------------------------------------------------------------------ submit and errors
  function clearErrors() {
    for (const w of [...Object.values(fields), ...Object.values(meta)]) clearError(w);
    formError.hidden = true;
    clear(formError);
  }

  // A problem in words: the API's message starts "标签（id）: " or "as_of: " for API clients; next to
  // a field the page says the label instead (the field shows it anyway), never the id.
  function plainMessage(p) {
    const text = String(p.message || "");
    const prefixes = [p.label && p.fact ? `${p.label}（${p.fact}）: ` : null, p.location ? `${p.location.replace(/^facts\./, "")}: ` : null];
    for (const prefix of prefixes.filter(Boolean)) {
      if (text.startsWith(prefix)) return `${p.label ? `${p.label}：` : ""}${text.slice(prefix.length)}`;
    }
    return text;
  }

  function showProblems(problem) {
    const general = [];
    let first = null;
    for (const p of problem.problems.length ? problem.problems : [problem.body]) {
      const where = p.location || "";
      const key = where.startsWith("facts.") ? where.slice(6) : where;
      const byLabel = catalog.facts.find((f) => f.label === key)?.id;
      const wrapper = fields[key] || fields[byLabel] || (META_FIELDS.includes(key) ? meta[key] : null);
      if (wrapper) {
        showError(wrapper, plainMessage(p));
        const fold = wrapper.closest("details");
        if (fold) fold.open = true;
        first = first || wrapper;
      } else general.push(plainMessage(p));
    }
    if (general.length || !first) {
      formError.append(
        h("p", {}, general.length ? "输入有误，请按下列说明改正：" : plainMessage(problem.body)),
        general.length ? h("ul", {}, general.map((m) => h("li", {}, m))) : null,
        problem.body.suggestion ? h("p", {}, problem.body.suggestion) : null,
      );
      formError.hidden = false;
    }
    if (first) focusTarget(first).focus();
    else {
      formError.setAttribute("tabindex", "-1");
      formError.focus();
    }
    announce("输入有误，未分流");
  }

  function request() {
    const body = { jurisdiction: jurisdiction.value, as_of: dateValue(asOf) || undefined, facts: collectFacts(Object.values(fields)) };
    if (caseId.value.trim()) body.case_id = caseId.value.trim();
    return body;
  }

  // One triage at a time: a second click (or a double click) while one is in flight does nothing,
  // every button that would triage is disabled, and the result area says that a triage is running.
  let busy = false;
  function setBusy(on) {
    busy = on;
    for (const button of view.querySelectorAll("button[type=submit]")) {
      button.disabled = on;
    }
    submit.textContent = on ? "正在分流…" : "分流";
    resultArea.toggleAttribute("aria-busy", on);
    resultArea.querySelector(".busy-note")?.remove();
    if (on) {
      resultArea.querySelector(".stale-note")?.remove();
      resultArea.prepend(h("p", { class: "busy-note", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), "正在分流，请稍候…"));
    }
  }

  async function runTriage() {
    if (busy) return;
    clearErrors();
    setBusy(true);
    view.setAttribute("aria-busy", "true");
    try {
      const result = await call("/v1/triage", { method: "POST", body: request() });
      resultArea.replaceChildren(
        renderResult(result, { factsById: catalog.factsById, packTitles: catalog.packTitles, sheetUnits: catalog.sheetUnits, onAnswer: answer, record: result.record, who: ctx.me.name }),
      );
      const title = resultArea.querySelector("#result-title");
      title.focus();
      announce(`分流完成：${resultArea.querySelector(".result-summary").textContent}`);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (error.status === 422) {
        showProblems(error);
        resultArea.replaceChildren(h("p", { class: "placeholder" }, "输入有误，未分流：请按表单中标出的问题改正后重新提交。"));
      }
      else {
        formError.replaceChildren(h("p", {}, error.message), error.body.suggestion ? h("p", {}, error.body.suggestion) : null);
        formError.hidden = false;
        announce(error.message);
      }
    } finally {
      setBusy(false);
      view.removeAttribute("aria-busy");
    }
  }

  // Answers to the missing facts go into the form itself, so the next triage keeps everything typed.
  function answer(facts) {
    for (const [id, value] of Object.entries(facts)) if (fields[id]) writeValue(fields[id], value);
    if ("field" in facts) updateRelevance();
    return runTriage();
  }

  function resetForm() {
    for (const w of Object.values(fields)) writeValue(w, undefined);
    caseId.value = "";
    asOf.value = dateInput({ value: today() }).value;
    clearErrors();
    draft.clear();
    updateRelevance();
    updateCounts();
  }

  async function askReset() {
    const typed = Object.keys(collectFacts(Object.values(fields))).length + (caseId.value.trim() ? 1 : 0);
    if (typed && !(await confirmAction(`清空表单？已填写的 ${typed} 项内容将被删除，无法恢复。`, "清空"))) return;
    resetForm();
    announce("表单已清空");
  }

  // ------------------------------------------------------------------ counts per group and in all
  function updateCounts() {
    const known = new Set(Object.keys(collectFacts(Object.values(fields))));
    let shownTotal = 0;
    let knownTotal = 0;
    for (const g of groups) {
      const open = [...g.open.children];
      const done = open.filter((w) => known.has(w.dataset.fact)).length;
      shownTotal += open.length;
      knownTotal += done;
      g.count.textContent = open.length ? `已填 ${done} / ${open.length}` : "";
    }
    const must = [...required];
    const mustDone = must.filter((id) => known.has(id)).length;
    filled.textContent = `已填 ${knownTotal} / ${shownTotal}` + (must.length ? `，必答 ${mustDone} / ${must.length}` : "");
    filled.classList.toggle("must-open", mustDone < must.length);
  }

  // ------------------------------------------------------------------ the typed form survives F5 and sign-in
  const draft = new Draft(ctx.me.name);
  function saveDraft() {
    draft.save({ jurisdiction: jurisdiction.value, as_of: dateValue(asOf), case_id: caseId.value, facts: collectFacts(Object.values(fields)) });
  }
  function restoreDraft() {
    const saved = draft.load();
    const place = saved?.jurisdiction || draft.place();
    if (place && catalog.jurisdictions.some((j) => j.name === place)) jurisdiction.value = place;
    if (!saved) return false;
    if (saved.as_of) asOf.value = dateInput({ value: saved.as_of }).value || saved.as_of;
    caseId.value = saved.case_id || "";
    for (const [id, value] of Object.entries(saved.facts || {})) if (fields[id]) writeValue(fields[id], value);
    return true;
  }
  form.addEventListener("input", saveDraft);
  form.addEventListener("change", () => {
    saveDraft();
    updateCounts();
    updateGuide();
  });
  jurisdiction.addEventListener("change", () => draft.rememberPlace(jurisdiction.value));

  // A result shown next to a changed form says so: what is printed must match what was triaged.
  form.addEventListener("change", () => {
    const shown = resultArea.querySelector(".result");
    if (shown && !shown.querySelector(".stale-note")) {
      shown.prepend(h("p", { class: "stale-note", role: "status" }, "表单已修改：下面仍是上次分流的结果，点“分流”更新。"));
    }
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    runTriage();
  });

  // A case file reopens its last triage here (cases.js): the request as recorded, facts by id or label.
  view.load = (saved) => {
    const byLabel = Object.fromEntries(catalog.facts.map((f) => [f.label, f.id]));
    for (const w of Object.values(fields)) writeValue(w, undefined);
    for (const [key, raw] of Object.entries(saved.facts || {})) {
      const id = fields[key] ? key : byLabel[key];
      if (!id) continue;
      const value = fields[id].dataset.type === "bool" && typeof raw === "string" ? raw === "是" : raw;
      writeValue(fields[id], value);
    }
    caseId.value = saved.case_id || "";
    if (saved.jurisdiction) jurisdiction.value = saved.jurisdiction;
    if (saved.as_of) asOf.value = dateInput({ value: saved.as_of }).value || saved.as_of;
    clearErrors();
    saveDraft();
    updateRelevance().then(updateCounts);
    updateCounts();
    updateGuide();
  };

  if (restoreDraft()) {
    resultArea.replaceChildren(h("p", { class: "placeholder restored" }, "已恢复上次未完成的表单（保存在本浏览器中）。核对后点“分流”。"));
  }
  updateRelevance().then(updateCounts);
  updateCounts();
  return view;
}
