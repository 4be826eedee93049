// 码上评: the party's page at /e/{token} (no key). Shows the bureau and the act, the rating form once,
// then the rating and the bureau's answer when there is one.

import { ApiProblem, call } from "./api.js";
import { announce, clear, h } from "./dom.js";

const token = decodeURIComponent(window.location.pathname.split("/").pop() || "");
const main = document.getElementById("main");
const path = `/v1/public/evaluations/${encodeURIComponent(token)}`;

function problem(error) {
  const body = error instanceof ApiProblem ? error.body : {};
  return h("div", { class: "problem", role: "alert" },
    h("p", {}, error.message), body.suggestion ? h("p", {}, body.suggestion) : null);
}

function facts(view) {
  return h("dl", { class: "evaluation-facts" },
    h("dt", {}, "执法单位"), h("dd", { id: "bureau" }, view.bureau),
    h("dt", {}, "执法行为"), h("dd", { id: "act" }, view.act),
    h("dt", {}, "文书案号"), h("dd", {}, view.case_no));
}

function form(view) {
  const note = h("p", { class: "hint" }, `意见最多 ${view.max_comment} 字；每个二维码只能评价一次。`);
  const comment = h("textarea", { id: "comment", name: "comment", rows: 4, maxlength: view.max_comment });
  const errors = h("div");
  const choices = view.ratings.map((rating, index) =>
    h("label", { class: "choice" },
      h("input", { type: "radio", name: "rating", value: rating, required: index === 0 }), ` ${rating}`));
  const submit = h("button", { type: "submit", class: "primary" }, "提交评价");
  const el = h("form", { id: "evaluate-form" },
    h("fieldset", {}, h("legend", {}, "您对本次执法行为的评价"), choices),
    h("label", { for: "comment" }, "意见和建议（可不填）"), comment, note, errors, submit);
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = el.querySelector("input[name=rating]:checked");
    if (!chosen) return;
    submit.disabled = true;
    try {
      const after = await call(path, { method: "POST", key: null, body: { rating: chosen.value, comment: comment.value } });
      announce("评价已提交");
      render(after);
    } catch (error) {
      submit.disabled = false;
      clear(errors).append(problem(error));
    }
  });
  return el;
}

function outcome(view) {
  return h("section", { id: "evaluation-result" },
    h("h2", {}, "您的评价"),
    h("p", {}, h("strong", { id: "rating" }, view.rating), view.comment ? `：${view.comment}` : ""),
    view.answer
      ? h("div", { id: "answer", class: "answer" }, h("h2", {}, "执法单位的答复"), h("p", {}, view.answer),
        h("p", { class: "hint" }, `答复时间：${view.answered_at.slice(0, 10)}`))
      : h("p", { id: "no-answer", class: "hint" }, "执法单位尚未答复；答复后在本页显示，请稍后再扫码查看。"));
}

function render(view) {
  clear(main).append(h("h1", {}, "行政执法评价"), facts(view), view.rated ? outcome(view) : form(view));
}

async function start() {
  try {
    render(await call(path, { key: null }));
  } catch (error) {
    clear(main).append(h("h1", {}, "行政执法评价"), problem(error));
  }
}

start();
