// Calls to lexgate's /v1 API with the signed-in key. Errors keep the API's body {code, message, problems}.

import { forget, storedKey } from "./session.js";

export class ApiProblem extends Error {
  constructor(status, body) {
    super(body?.message || `请求失败（HTTP ${status}）`);
    this.status = status;
    this.code = body?.code || `http_${status}`;
    this.body = body || {};
    this.problems = body?.problems || [];
  }
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
      message: "无法连接 lexgate 服务",
      suggestion: "请确认 lexgate serve 仍在运行，然后重试",
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
