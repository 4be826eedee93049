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
  if (fact && fact.type === "date") return cnDate(value);
  return String(value);
}

export function period(from, to) {
  if (!from && !to) return "长期有效";
  if (from && !to) return `${cnDate(from)}起`;
  if (!from) return `至${cnDate(to)}`;
  return `${cnDate(from)}至${cnDate(to)}`;
}

// A date as people read it: 2026年12月6日 (from 2026-12-06, or a Date).
export function cnDate(value) {
  if (!value) return "";
  if (value instanceof Date) return `${value.getFullYear()}年${value.getMonth() + 1}月${value.getDate()}日`;
  const found = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
  if (!found) return String(value);
  return `${Number(found[1])}年${Number(found[2])}月${Number(found[3])}日`;
}

// What a person types as a date: 2026-12-06, 2026/12/6, 2026.12.6 or 2026年12月6日 → "2026-12-06";
// null when it is not a real calendar date.
export function parseDate(text) {
  const found = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(String(text ?? ""));
  if (!found) return null;
  const [year, month, day] = found.slice(1).map(Number);
  const when = new Date(year, month - 1, day);
  if (when.getFullYear() !== year || when.getMonth() !== month - 1 || when.getDate() !== day) return null;
  const pad = (n) => String(n).padStart(2, "0");
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function shortHash(text, keep = 16) {
  if (!text) return "";
  return text.length > keep + 8 ? `${text.slice(0, keep)}…` : text;
}

export function localTime(iso) {
  if (!iso) return "";
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const pad = (n) => String(n).padStart(2, "0");
  return `${cnDate(when)} ${pad(when.getHours())}:${pad(when.getMinutes())}`;
}

// Today in the browser's own calendar, as YYYY-MM-DD (the default evaluation date).
export function today(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// A parameter's verification mark (docs/READINGS.md#marks) in words.
export const VERIFICATION_LABELS = {
  V1: "已核对正式文本",
  V2: "仅经二手来源核对",
  UNVERIFIED: "未核实，须由法制机构核对",
};

export function verificationLabel(mark) {
  return VERIFICATION_LABELS[mark] || "核实情况未注明";
}

// The packs write their marks into their own texts too (a note's 「[V2]」, a detail's 「（UNVERIFIED：…」,
// a source's 「UNVERIFIED 《…》」) and cite the reading notes by file and test case (docs/READINGS.md#…,
// 测试案例 T1): what a person reads says them in words.
const MARKS = { V1: "已核对正式文本", V2: "仅经二手来源核对", UNVERIFIED: "未核实" };
export function plainMarks(text) {
  return String(text ?? "")
    .replace(/(见\s*)?docs\/READINGS\.md(#[\w-]+)?/g, "见 lexgate 依据说明")
    .replace(/[，,]?\s*测试案例\s*T\d+/g, "")
    .replace(/\s*\[(V1|V2|UNVERIFIED)\]/g, (_, mark) => `（${MARKS[mark]}）`)
    .replace(/\bUNVERIFIED\b/g, MARKS.UNVERIFIED);
}

// A pack (id, or ref id@digest) by its title; falls back to a neutral word, never the id.
export function packTitle(titles, pack) {
  return titles?.[pack] || titles?.[String(pack).split("@")[0]] || "规则包";
}

// Every ISO date inside a text (e.g. the wording of a rule diff) as 年月日.
export function cnDates(text) {
  return String(text ?? "").replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (whole) => cnDate(whole));
}
