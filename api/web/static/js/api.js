// Calls to lexgate's /v1 API with the signed-in key. Errors keep the API's body {code, message, problems}.

import { forget, storedKey } from "./session.js";

export class ApiProblem extends Error {
  constructor(status, body) {
    const plain = forPeople(body || {});
    super(plain.message || `请求失败（错误代码 ${status}）`);
    this.status = status;
    this.code = plain.code || `http_${status}`;
    this.body = plain;
    this.problems = plain.problems || [];
  }
}

// The API speaks to programs and administrators too: its suggestions may name a command (lexgate units
// assign …) or a request header. A civil servant reads what to do in words, and whom to ask.
const ASK = "如需帮助，请联系本单位的系统管理员。";
const SUGGESTIONS = {
  no_unit: "请系统管理员把您加入一个执法单位，或请本单位法制人员在「单位」页把您加入。",
  outside_unit: "上级单位和根单位由系统管理员建立和管理。",
  key_not_found: "请核对密钥编号；不知道编号的，请向系统管理员询问。",
  ruleset_invalid: "请按下列问题修正规则文件后重新加载。" + ASK,
  unauthenticated: "请向本单位的系统管理员索取登录密钥。",
  invalid_key: "请检查密钥是否完整复制（以 lgk_ 开头）；密钥已被吊销的，请向系统管理员申请新的。",
};
const TECHNICAL = /\blexgate\s+[a-z]|Authorization|Bearer|--[a-z]/;

function words(text) {
  return typeof text === "string" ? text.replaceAll("API 密钥", "登录密钥") : text;
}

function plainSuggestion(code, suggestion) {
  if (SUGGESTIONS[code]) return SUGGESTIONS[code];
  return typeof suggestion === "string" && TECHNICAL.test(suggestion) ? ASK : suggestion;
}

export function forPeople(body) {
  const plain = { ...body, message: words(body.message) };
  if (body.suggestion || SUGGESTIONS[body.code]) plain.suggestion = plainSuggestion(body.code, body.suggestion);
  if (Array.isArray(body.problems)) {
    plain.problems = body.problems.map((p) => ({ ...p, message: words(p.message), suggestion: plainSuggestion(p.code, p.suggestion) }));
  }
  return plain;
}

let onSignedOut = () => {};

// How many API calls are on their way, on <html data-pending>: the page's own state, which the browser
// tests wait on before they navigate away (an answer still arriving is then read, not lost).
const root = document.documentElement;
root.dataset.pending = "0";
function pending(step) {
  root.dataset.pending = String(Number(root.dataset.pending || 0) + step);
}

// main.js registers what to do when the key stops working (revoked, or the database was reset).
export function whenSignedOut(handler) {
  onSignedOut = handler;
}

// A view that reads again on every choice (a place, a year, a filter, a search) shows only the answer to
// its latest request: an earlier one that arrives last would show what is no longer chosen. Each call of
// the returned function starts a request and gives a test of whether that request is still the latest.
export function latestOnly() {
  let ticket = 0;
  return () => {
    const mine = ++ticket;
    return () => mine === ticket;
  };
}

export async function call(path, options = {}) {
  pending(1);
  try {
    return await request(path, options);
  } finally {
    pending(-1);
  }
}

async function request(path, { method = "GET", body, key = storedKey(), params } = {}) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  const headers = { Accept: "application/json" };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiProblem(0, {
      code: "network",
      message: "无法连接服务器",
      suggestion: "请检查网络后重试；仍无法连接的，请联系本单位的系统管理员。",
    });
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { code: `http_${response.status}`, message: text.slice(0, 200) };
  }
  if (!response.ok) {
    const problem = new ApiProblem(response.status, parsed);
    if (response.status === 401 && key) {
      forget();
      onSignedOut(problem);
    }
    throw problem;
  }
  return parsed;
}

// A file from the API (e.g. the 结论单 as .docx or PDF), saved under the name the server gives.
export async function download(path, params) {
  pending(1);
  try {
    return await fetchFile(path, params);
  } finally {
    pending(-1);
  }
}

async function fetchFile(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(params || {})) url.searchParams.set(name, value);
  const response = await fetch(url, { headers: { Authorization: `Bearer ${storedKey()}` } });
  if (!response.ok) {
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    throw new ApiProblem(response.status, body);
  }
  const blob = await response.blob();
  const disposition = response.headers.get("content-disposition") || "";
  const named = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = named ? decodeURIComponent(named[1]) : "结论单";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
