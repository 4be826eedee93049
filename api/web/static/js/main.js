// Start-up, sign-in and navigation. Views are shown by the hash (#/triage …): the key is never in a URL.

import { ApiProblem, call, whenSignedOut } from "./api.js";
import { createCaseView, createCasesView } from "./cases.js";
import { createFeedbackView } from "./feedback.js";
import { createRegisterView } from "./register.js";
import { createReportView } from "./report.js";
import { createReviewView } from "./review.js";
import { createUnitsView } from "./units.js";
import { announce, confirmAction, h } from "./dom.js";
import { createRecordView, createRecordsView, createVerifyView } from "./records.js";
import { createRulesView } from "./rules.js";
import { can, forget, remember, storedKey } from "./session.js";
import { createTriageView } from "./triage.js";

// Each view with the permissions that let a role see it (GET /v1/me); the API still checks every call.
const VIEWS = [
  { path: "triage", title: "案件分流", needs: ["triage"] },
  { path: "rules", title: "规则", needs: ["read_catalog"] },
  { path: "records", title: "决定记录", needs: ["read_own_records", "read_all_records"] },
  { path: "verify", title: "校验记录链", needs: ["verify_records"] },
  { path: "cases", title: "案件", needs: ["read_cases"] },
  { path: "register", title: "公示登记", needs: ["read_cases"] },
  { path: "feedback", title: "码上评", needs: ["manage_feedback"] },
  { path: "units", title: "单位", needs: ["manage_units"] },
  { path: "report", title: "统计年报", needs: ["read_reports"] },
  { path: "review", title: "案卷评查", needs: ["read_reports"] },
];

const main = document.getElementById("main");
const nav = document.getElementById("nav");
const who = document.getElementById("who");
let ctx = null; // {me, catalog}
const cached = {}; // the triage form keeps what was typed while the handler looks elsewhere

function show(view, title) {
  main.replaceChildren(view);
  document.title = `${title} · lexgate`;
}

function signInView(problem) {
  const key = h("input", {
    id: "signin-key",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
    "aria-describedby": "signin-hint signin-error",
  });
  const error = h("p", { class: "field-error", id: "signin-error", role: "alert", hidden: !problem }, problem?.message || "");
  const form = h(
    "form",
    { class: "signin", novalidate: true },
    h("h1", {}, "登录"),
    h("label", { for: "signin-key", class: "field-label" }, "登录密钥"),
    h(
      "p",
      { class: "question", id: "signin-hint" },
      "请向本单位的系统管理员索取您的登录密钥（以 lgk_ 开头）。密钥只保存在本浏览器标签页中，关闭标签页即失效；未提交的表单会保存在本浏览器中，重新登录后恢复。",
    ),
    h("div", { class: "control" }, key),
    error,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "登录")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = key.value.trim();
    if (!text) {
      error.textContent = "请填写登录密钥";
      error.hidden = false;
      key.focus();
      return;
    }
    remember(text); // the views read the key from the session as soon as they start
    try {
      await start(text);
    } catch (problem_) {
      forget();
      error.textContent =
        problem_ instanceof ApiProblem ? `${problem_.message}。${problem_.body.suggestion || ""}` : String(problem_);
      error.hidden = false;
      key.focus();
    }
  });
  nav.hidden = true;
  who.hidden = true;
  show(h("div", { class: "view signin-view" }, form), "登录");
  key.focus();
}

async function loadCatalog(key) {
  const [facts, places, decisions] = await Promise.all([
    call("/v1/facts", { key }),
    call("/v1/jurisdictions", { key }),
    call("/v1/decisions-catalog", { key }),
  ]);
  const factsById = Object.fromEntries(facts.facts.map((f) => [f.id, f]));
  const decisionLabels = Object.fromEntries(decisions.decisions.map((d) => [d.id, d.label]));
  // packs by id and by ref (id@digest): people read their titles, never the ids
  const packTitles = {};
  for (const place of places.jurisdictions) for (const p of place.packs) packTitles[p.id] = packTitles[p.ref] = p.title;
  const sheetUnits = Object.fromEntries(places.jurisdictions.map((j) => [j.name, j.sheet_unit]));
  return { groups: facts.groups, facts: facts.facts, factsById, jurisdictions: places.jurisdictions, packTitles, decisionLabels, sheetUnits };
}

async function start(key) {
  const me = await call("/v1/me", { key });
  const catalog = await loadCatalog(key);
  ctx = { me, catalog };
  for (const name of Object.keys(cached)) delete cached[name];
  renderChrome();
  if (!location.hash.startsWith("#/")) location.hash = `#/${firstView().path}`;
  else route();
}

// Where a role lands: handlers and legal staff on the form, auditors on the records.
const LANDING = ["triage", "records", "rules", "verify"];

function firstView() {
  return LANDING.map((path) => VIEWS.find((v) => v.path === path)).find((v) => can(ctx.me, ...v.needs));
}

function renderChrome() {
  const allowed = VIEWS.filter((v) => can(ctx.me, ...v.needs));
  nav.replaceChildren(
    h("ul", {}, allowed.map((v) => h("li", {}, h("a", { href: `#/${v.path}`, dataset: { view: v.path } }, v.title)))),
  );
  nav.hidden = false;
  who.replaceChildren(
    h("span", { class: "who-name" }, `${ctx.me.name}（${ctx.me.role_label}）`),
    h("button", { type: "button", id: "signout", onclick: askSignOut }, "退出"),
  );
  who.hidden = false;
}

async function askSignOut() {
  const ok = await confirmAction("退出登录？未提交的表单会保存在本浏览器中，下次以同一身份登录时恢复。", "退出");
  if (ok) signOut();
}

function signOut() {
  forget();
  ctx = null;
  for (const name of Object.keys(cached)) delete cached[name];
  history.replaceState(null, "", location.pathname);
  signInView();
  announce("已退出");
}

function route() {
  if (!ctx || !location.hash.startsWith("#/")) return; // e.g. the skip link's #main: not a view
  const [path, ...rest] = location.hash.replace(/^#\//, "").split("/");
  const view = VIEWS.find((v) => v.path === path) || firstView();
  for (const link of nav.querySelectorAll("a")) {
    if (link.dataset.view === view.path) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (!can(ctx.me, ...view.needs)) {
    show(
      h(
        "div",
        { class: "view denied" },
        h("h1", {}, view.title),
        h("p", { role: "alert" }, `您的角色「${ctx.me.role_label}」无权查看此页。`),
      ),
      view.title,
    );
    return;
  }
  let element;
  if (view.path === "triage") element = cached.triage ||= createTriageView(ctx);
  else if (view.path === "rules") element = cached.rules ||= createRulesView(ctx);
  else if (view.path === "records" && rest.length) element = createRecordView(ctx, decodeURIComponent(rest.join("/")));
  else if (view.path === "records") element = createRecordsView(ctx);
  else if (view.path === "cases" && rest.length) element = createCaseView(ctx, decodeURIComponent(rest.join("/")), reopen);
  else if (view.path === "cases") element = createCasesView(ctx);
  else if (view.path === "register") element = createRegisterView(ctx);
  else if (view.path === "feedback") element = createFeedbackView(ctx);
  else if (view.path === "units") element = createUnitsView(ctx);
  else if (view.path === "report") element = createReportView(ctx);
  else if (view.path === "review") element = createReviewView(ctx);
  else element = createVerifyView();
  show(element, view.title);
}

// A case's last triage (or its number alone) back into the form: the case file's 「打开最后一次分流」.
function reopen(request) {
  cached.triage ||= createTriageView(ctx);
  cached.triage.load(request);
  location.hash = "#/triage";
}

// A key that stops working mid-session (revoked): back to sign-in, saying why. During sign-in the
// form itself shows the error.
whenSignedOut((problem) => {
  if (!ctx) return;
  ctx = null;
  signInView(problem);
});
window.addEventListener("hashchange", route);

const key = storedKey();
if (key) start(key).catch((problem) => signInView(problem instanceof ApiProblem ? problem : null));
else signInView();
