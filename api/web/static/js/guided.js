// Guided questioning: the questions that matter now, first. After every answer the page asks the API
// (POST /v1/relevance) which facts the still undetermined decisions read; the unanswered ones are
// ordered by how many of those decisions each can settle (yes/no and choices before amounts, then the
// vocabulary's order), and the first few are listed at the top of the form. The list only points at
// the fields (a click goes to the question in its group): no field moves, and the list keeps its
// height, so nothing shifts under the mouse while the next order arrives.

import { call } from "./api.js";
import { h } from "./dom.js";

export const SHOWN = 5;
const TYPED = new Set(["money", "int", "date"]); // answers that take typing come after a click

// The order of the open questions: [{fact, settles}] from the API's answer, known facts left out.
export function guidedOrder(facts, known, types, order) {
  return facts
    .filter((f) => f.settles.length && !(f.fact in known))
    .sort(
      (a, b) =>
        b.settles.length - a.settles.length ||
        Number(TYPED.has(types[a.fact])) - Number(TYPED.has(types[b.fact])) ||
        order[a.fact] - order[b.fact],
    )
    .map((f) => ({ fact: f.fact, settles: f.settles.length }));
}

export function createGuide(catalog) {
  const types = Object.fromEntries(catalog.facts.map((f) => [f.id, f.type]));
  const order = Object.fromEntries(catalog.facts.map((f, i) => [f.id, i]));
  const labels = Object.fromEntries(catalog.facts.map((f) => [f.id, f.label]));
  const list = h("ol", { class: "guided-list" });
  const status = h("p", { class: "guided-status", role: "status" });
  const section = h(
    "section",
    { class: "guided", "aria-labelledby": "guided-title" },
    h("h2", { id: "guided-title" }, "先回答这些问题"),
    h("p", { class: "hint" }, "按能确定的决定数排序：点问题即转到该问题作答；每答一题，这里换成下一个最有用的问题。标“必答”的问题，按本地生效的规则任何案件都要用到。"),
    status,
    list,
  );
  let ticket = 0;

  // The open questions for these facts, or null when the API could not say (e.g. a typing error).
  async function next(jurisdiction, asOf, known) {
    const mine = ++ticket;
    let answer;
    try {
      answer = await call("/v1/relevance", { method: "POST", body: { jurisdiction, as_of: asOf || undefined, facts: known } });
    } catch {
      return null;
    }
    if (mine !== ticket) return null;
    const open = guidedOrder(answer.facts, known, types, order);
    status.textContent = open.length
      ? `还有 ${open.length} 个问题可能改变尚未确定的结论`
      : "已能确定全部结论：点“分流”查看结果。";
    section.classList.toggle("done", open.length === 0);
    return open;
  }

  // The first questions as links to their fields; go(factId) is called on a click.
  function show(open, go) {
    list.replaceChildren(
      ...open.slice(0, SHOWN).map((q, i) =>
        h(
          "li",
          { class: "guided-item", dataset: { fact: q.fact, rank: i + 1 } },
          h(
            "button",
            { type: "button", class: "guided-link", onclick: () => go(q.fact) },
            guide.required.has(q.fact) ? h("span", { class: "must" }, "必答") : null,
            labels[q.fact],
            h("span", { class: "guided-settles" }, `（可确定 ${q.settles} 项决定）`),
          ),
        ),
      ),
    );
  }

  const guide = { section, list, next, show, required: new Set() }; // required: set by the form (必答)
  return guide;
}
