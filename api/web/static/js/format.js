// Display helpers shared by the views. Pure functions: tests/web/test_js_units.py runs them in the browser.

export const OUTCOME_LABELS = { required: "需要", not_required: "不需要", undetermined: "无法确定" };

export function outcomeLabel(outcome) {
  return OUTCOME_LABELS[outcome] ?? outcome;
}

export function money(value) {
  if (typeof value !== "number" || !Number.isFinite(value)) return String(value);
  return `${value.toLocaleString("zh-CN", { maximumFractionDigits: 2 })} 元`;
}

// A fact value as the API returned it (by id, typed JSON), in the handler's words.
export function factValue(fact, value) {
  if (value === undefined || value === null) return "未知";
  if (typeof value === "boolean") return value ? "是" : "否";
  if (Array.isArray(value)) return value.length ? value.join("、") : "（无）";
  if (fact && fact.type === "money" && typeof value === "number") return money(value);
  return String(value);
}

export function period(from, to) {
  if (!from && !to) return "长期有效";
  if (from && !to) return `${from} 起`;
  if (!from) return `至 ${to}`;
  return `${from} 至 ${to}`;
}

export function shortHash(text, keep = 16) {
  if (!text) return "";
  return text.length > keep + 8 ? `${text.slice(0, keep)}…` : text;
}

export function localTime(iso) {
  if (!iso) return "";
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  return when.toLocaleString("zh-CN", { hour12: false });
}

// Today in the browser's own calendar, as YYYY-MM-DD (the default evaluation date).
export function today(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
