// The rule browser for legal staff: packs by jurisdiction, each rule in Chinese, searchable.

import { call, latestOnly } from "./api.js";
import { announce, h } from "./dom.js";
import { cnDates, packTitle, period, plainMarks, today, verificationLabel } from "./format.js";
import { dateInput, dateValue } from "./fields.js";
import { can } from "./session.js";

const KIND_LABELS = { decision: "决定", derived: "中间结论", exception: "例外", warning: "提示" };

// Notes of the packs cite the project's reading notes by file (docs/READINGS.md#…) and carry marks
// (UNVERIFIED, [V2]): said in words here (format.js plainMarks).
export const plainNote = plainMarks;

function paramTable(parameters, packTitles) {
  if (!parameters.length) return null;
  return h(
    "table",
    { class: "params" },
    h("caption", {}, "参数（按所选管辖地和评估日期取值）"),
    h("thead", {}, h("tr", {}, ["参数", "取值", "来源", "核实", "取值期间", "规则包"].map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      parameters.map((p) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, p.label),
          h("td", { dataset: { head: "取值" } }, p.value === null ? "该日无生效取值" : `${p.value.toLocaleString("zh-CN")}${p.unit ? ` ${p.unit}` : ""}`),
          h("td", { dataset: { head: "来源" } }, plainMarks(p.source || "")),
          h("td", { dataset: { head: "核实" } }, p.verification ? verificationLabel(p.verification) : ""),
          h("td", { dataset: { head: "取值期间" } }, p.valid_from ? period(p.valid_from, p.valid_to) : ""),
          h("td", { dataset: { head: "规则包" } }, p.pack ? packTitle(packTitles, p.pack) : ""),
        ),
      ),
    ),
  );
}

// titles: rule id → title (exceptions and replaced rules are named by their titles)
function ruleCard(rule, titles, packTitles) {
  const named = (id) => titles.get(id) || "（另一规则包中的规则）";
  const concludes = rule.concludes.map((c) => `${KIND_LABELS[c.kind] || c.kind}：${c.label}`).join("；");
  return h(
    "article",
    { class: `rule-card${rule.in_force ? "" : " not-in-force"}`, dataset: { rule: rule.id } },
    h(
      "header",
      {},
      h("h3", {}, rule.title),
      h("p", { class: "rule-meta" }, concludes),
      h("span", { class: `force ${rule.in_force ? "in" : "out"}` }, rule.in_force ? "评估日有效" : "评估日不在有效期内"),
    ),
    h("p", { class: "rule-text" }, h("strong", {}, "条件："), rule.text),
    h(
      "dl",
      { class: "rule-facts" },
      h("dt", {}, "法律依据"),
      h("dd", {}, h("ul", { class: "basis-list" }, rule.basis.map((b) => h("li", {}, b)))),
      h("dt", {}, "有效期"),
      h("dd", {}, period(rule.effective_from, rule.effective_to)),
      rule.exceptions.length ? [h("dt", {}, "例外"), h("dd", {}, rule.exceptions.map(named).join("、"))] : null,
      rule.replaces ? [h("dt", {}, "替换"), h("dd", {}, named(rule.replaces))] : null,
      rule.note ? [h("dt", {}, "说明"), h("dd", {}, plainNote(rule.note))] : null,
    ),
    paramTable(rule.parameters, packTitles),
    h(
      "details",
      { class: "tech" },
      h("summary", {}, "技术信息"),
      h(
        "dl",
        { class: "tech-ids" },
        h("dt", {}, "规则编号"), h("dd", {}, h("code", {}, rule.id)),
        h("dt", {}, "位置"), h("dd", {}, h("code", {}, rule.location)),
        rule.parameters.length ? [h("dt", {}, "参数编号"), h("dd", {}, rule.parameters.map((p) => h("code", {}, `${p.id} `)))] : null,
        rule.exceptions.length ? [h("dt", {}, "例外编号"), h("dd", {}, rule.exceptions.map((id) => h("code", {}, `${id} `)))] : null,
      ),
    ),
  );
}

// 58 → 五十八 (articles and paragraphs are cited in Chinese numerals; 1–9999).
export function chineseNumber(n) {
  const digits = "零一二三四五六七八九";
  const units = ["", "十", "百", "千"];
  if (!Number.isInteger(n) || n <= 0 || n >= 10000) return String(n);
  const parts = String(n).split("").reverse().map(Number);
  let text = "";
  let zero = false;
  for (let i = parts.length - 1; i >= 0; i -= 1) {
    const d = parts[i];
    if (d === 0) {
      zero = text !== "";
      continue;
    }
    if (zero) text += "零";
    zero = false;
    text += (d === 1 && i === 1 && text === "" ? "" : digits[d]) + units[i];
  }
  return text;
}

// A search word as the basis writes it: 第58条 / 58条 → 第五十八条; 《》 and 中华人民共和国 do not matter.
export function searchWords(text) {
  return String(text || "")
    .replace(/第?(\d+)\s*([条款项])/g, (_, n, unit) => `第${chineseNumber(Number(n))}${unit}`)
    .replace(/[《》〈〉]/g, "")
    .replace(/中华人民共和国/g, "")
    .split(/\s+/)
    .filter(Boolean);
}

// Does a rule match the search? fact: an id the condition reads; decision: what it concludes or reads;
// text: words that must all appear in the basis (第五十八条, 第58条, 行政处罚法第五十八条), title, condition,
// the title and place of the rule's own pack (宜春), or its id.
export function matches(rule, { fact, decision, text }, packName = "") {
  if (fact && !rule.reads.some((r) => r.id === fact && r.kind !== "decision")) return false;
  if (decision) {
    const concludes = rule.concludes.some((c) => c.kind === "decision" && c.id === decision);
    const reads = rule.reads.some((r) => r.kind === "decision" && r.id === decision);
    if (!concludes && !reads) return false;
  }
  const words = searchWords(text);
  if (!words.length) return true;
  const haystack = [rule.title, rule.id, rule.text, packName, ...rule.basis, ...rule.concludes.map((c) => c.label)]
    .join("\n")
    .replace(/[《》〈〉]/g, "")
    .replace(/中华人民共和国/g, "");
  return words.every((word) => haystack.includes(word));
}

export function createRulesView(ctx) {
  const { catalog } = ctx;
  const jurisdiction = h(
    "select",
    { id: "rules-jurisdiction" },
    catalog.jurisdictions.map((j) => h("option", { value: j.name }, j.name)),
  );
  const asOf = dateInput({ id: "rules-as_of", value: today() });
  const factSelect = h("select", { id: "rules-fact" }, h("option", { value: "" }, "（任何事实）"));
  const decisionSelect = h("select", { id: "rules-decision" }, h("option", { value: "" }, "（任何决定）"));
  const text = h("input", { id: "rules-text", type: "search", placeholder: "如 第58条、行政处罚法第五十八条、听证 宜春", autocomplete: "off" });
  const packs = h("ol", { class: "pack-path", "aria-label": "适用的规则包（从全国到本级）" });
  const count = h("p", { class: "count", role: "status" });
  const list = h("div", { class: "rule-list" });
  const reloadBox = h("div", { class: "reload" });
  let rules = [];

  const label = (forId, text_) => h("label", { for: forId }, text_);
  const filters = h(
    "form",
    { class: "rule-filter", role: "search", "aria-label": "检索规则", onsubmit: (e) => e.preventDefault() },
    h("div", { class: "filter" }, label("rules-jurisdiction", "管辖地"), jurisdiction),
    h("div", { class: "filter" }, label("rules-as_of", "评估日期"), asOf),
    h("div", { class: "filter" }, label("rules-fact", "按事实"), factSelect),
    h("div", { class: "filter" }, label("rules-decision", "按决定"), decisionSelect),
    h("div", { class: "filter wide" }, label("rules-text", "按条文或文字"), text),
  );

  function render() {
    const query = { fact: factSelect.value, decision: decisionSelect.value, text: text.value };
    const place_ = catalog.jurisdictions.find((j) => j.name === jurisdiction.value);
    const packName = (id) => {
      const pack = place_?.packs.find((p) => p.id === id);
      return pack ? `${pack.title} ${pack.jurisdiction}` : packTitle(catalog.packTitles, id);
    };
    const shown = rules.filter((r) => matches(r, query, packName(r.pack)));
    const byPack = new Map();
    for (const r of shown) {
      if (!byPack.has(r.pack)) byPack.set(r.pack, []);
      byPack.get(r.pack).push(r);
    }
    const place = catalog.jurisdictions.find((j) => j.name === jurisdiction.value);
    const titles = new Map(rules.map((r) => [r.id, r.title]));
    const titleOf = (id) => place?.packs.find((p) => p.id === id)?.title || packTitle(catalog.packTitles, id);
    list.replaceChildren(
      ...[...byPack].map(([pack, items]) =>
        h("section", { class: "pack", dataset: { pack } }, h("h2", {}, `${titleOf(pack)}（${items.length} 条）`), items.map((r) => ruleCard(r, titles, catalog.packTitles))),
      ),
    );
    count.textContent = `共 ${rules.length} 条规则，符合条件的 ${shown.length} 条`;
  }

  function fillChoices() {
    const facts = new Map();
    const decisions = new Map();
    for (const r of rules) {
      for (const x of r.reads) if (x.kind !== "decision") facts.set(x.id, x.label);
      for (const c of r.concludes) if (c.kind === "decision") decisions.set(c.id, c.label);
    }
    const keep = (select, entries) => {
      const current = select.value;
      select.replaceChildren(select.options[0], ...[...entries].map(([id, l]) => h("option", { value: id }, l)));
      select.value = entries.has(current) ? current : "";
    };
    keep(factSelect, facts);
    keep(decisionSelect, decisions);
  }

  const request = latestOnly(); // a place or date chosen again: only the latest answer is shown
  async function load() {
    const current = request();
    const place = catalog.jurisdictions.find((j) => j.name === jurisdiction.value);
    packs.replaceChildren(...(place?.packs || []).map((p) => h("li", {}, `${p.title}（${p.jurisdiction}${p.version ? `，版本 ${p.version}` : ""}）`)));
    list.replaceChildren(h("p", {}, "正在读取规则…"));
    try {
      const body = await call("/v1/rules", { params: { jurisdiction: jurisdiction.value, as_of: dateValue(asOf) } });
      if (!current()) return;
      rules = body.rules;
      fillChoices();
      render();
      announce(count.textContent);
    } catch (error) {
      if (current()) list.replaceChildren(h("p", { class: "form-error", role: "alert" }, error.message));
    }
  }

  for (const control of [factSelect, decisionSelect]) control.addEventListener("change", render);
  text.addEventListener("input", render);
  jurisdiction.addEventListener("change", load);
  asOf.addEventListener("change", load);

  if (can(ctx.me, "reload_rules")) reloadBox.append(...reloadPanel(load));

  load();
  return h(
    "div",
    { class: "view rules" },
    h("h1", {}, "规则"),
    filters,
    h("h2", { class: "sub" }, "适用的规则包"),
    packs,
    reloadBox,
    count,
    list,
  );
}

// Reloading the rules, in two steps: a preview (what changed against the running rules, and which stored
// decisions would come out differently), then 确认启用 of exactly the previewed version.
function reloadPanel(reloaded) {
  const button = h("button", { type: "button" }, "重新加载规则包");
  const outcome = h("div", { class: "reload-outcome", role: "status" });
  const problems = (error) => [
    h("p", { class: "form-error" }, error.message),
    h("ul", {}, error.problems.map((p) => h("li", {}, `${p.message}${p.suggestion ? `（${p.suggestion}）` : ""}`))),
  ];
  button.addEventListener("click", async () => {
    button.disabled = true;
    outcome.replaceChildren(h("p", { class: "busy-note" }, h("span", { class: "spinner", "aria-hidden": "true" }), "正在比较规则目录与生效的规则，并重放已存的决定记录…"));
    try {
      const preview = await call("/v1/rules/reload/preview", { method: "POST" });
      if (preview.same) {
        outcome.replaceChildren(h("p", {}, "规则目录与生效的规则集相同，无需重新加载"));
        return;
      }
      outcome.replaceChildren(previewView(preview, async (confirmButton) => {
        confirmButton.disabled = true;
        try {
          const done = await call("/v1/rules/reload", { method: "POST", params: { expect: preview.candidate_digest } });
          outcome.replaceChildren(h("p", { class: "ok" }, `✓ 已启用新规则集（第 ${done.generation} 代）`));
          reloaded();
        } catch (error) {
          outcome.replaceChildren(...problems(error));
        }
      }, () => outcome.replaceChildren(h("p", {}, "已取消，生效的规则未改变"))));
    } catch (error) {
      outcome.replaceChildren(...problems(error));
    } finally {
      button.disabled = false;
    }
  });
  return [
    h("p", { class: "hint" }, "规则目录修改并通过规则检查后，在此启用：先预览与生效规则的差异和对已存决定记录的影响，确认后才启用；有错误的规则包不会替换正在使用的规则集。"),
    button,
    outcome,
  ];
}

function previewView(preview, onConfirm, onCancel) {
  const confirm = h("button", { type: "button", class: "primary" }, "确认启用");
  confirm.addEventListener("click", () => onConfirm(confirm));
  const impact = preview.changed_records
    ? h(
        "ul",
        {},
        preview.by_decision.map((d) =>
          h("li", {}, `${d.label}：${d.changed} 件（${Object.entries(d.transitions).map(([arrow, n]) => `${arrow} ${n} 件`).join("，")}）`),
        ),
      )
    : null;
  return h(
    "section",
    { class: "reload-preview", "aria-labelledby": "reload-preview-title" },
    h("h3", { id: "reload-preview-title" }, "重新加载预览（尚未启用）"),
    h("h4", {}, `规则差异（${preview.diff.length} 项）`),
    h(
      "ul",
      { class: "diff-list" },
      preview.diff.map((d) =>
        h("li", {}, h("strong", {}, `${d.kind_label}${d.what_label}`), `「${d.title || "（无标题）"}」`, d.changes.length ? h("ul", {}, d.changes.map((c) => h("li", {}, cnDates(c)))) : null),
      ),
    ),
    h("h4", {}, "对已存决定记录的影响"),
    h("p", { class: "impact-summary" }, `重放 ${preview.records} 条决定记录，结论有变化的 ${preview.changed_records} 条${preview.invalid ? `，按新规则无法评估的 ${preview.invalid} 条` : ""}。`),
    impact,
    preview.samples.length
      ? h("details", {}, h("summary", {}, "有变化的记录"), h("ul", {}, preview.samples.map((s) => h("li", {}, `第 ${s.seq} 条 ${s.case_id || "（无编号）"}（${s.jurisdiction}）：${s.changes.join("；")}`))))
      : null,
    h("div", { class: "actions" }, confirm, h("button", { type: "button", onclick: onCancel }, "取消")),
  );
}
