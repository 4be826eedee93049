// The annual statistics report (行政执法统计年报) for 法制 and 审计: figures, charts (SVG drawn by
// lexgate, shown as data: images) and the Excel file.

import { ApiProblem, call, latestOnly } from "./api.js";
import { h } from "./dom.js";
import { labelled, problemNode } from "./casekit.js";
import { storedKey } from "./session.js";

const CHARTS = [
  ["months", "分月案件数和分流次数"],
  ["decisions", "各项决定“需要”的分流次数"],
  ["publicity", "公示情况"],
];

// Non-JSON answers (SVG, xlsx) with the signed-in key; errors keep the API's body.
async function fetchRaw(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(params)) if (value) url.searchParams.set(name, value);
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
  return response;
}

function figureRow(label, counts, labels, decisions) {
  return [
    ["案件数", counts.cases],
    ["分流次数", counts.triages],
    ...decisions.map((d) => [`需${labels[d] || d}`, counts.required[d] || 0]),
    ["按时公示", counts.publicity.on_time],
    ["逾期公示", counts.publicity.late],
    ["撤下", counts.publicity.revoked],
  ];
}

function change(now, before) {
  if (!before) return now ? "上年为 0" : "持平";
  const rate = ((now - before) / before) * 100;
  return `${rate >= 0 ? "+" : ""}${rate.toFixed(1)}%`;
}

function render(report) {
  const labels = report.labels;
  const decisions = Object.keys(labels).sort();
  const now = figureRow("", report.total, labels, decisions);
  const before = figureRow("", report.previous_year, labels, decisions);
  const summary = h("table", { class: "records-table report-summary" },
    h("caption", {}, `${report.year}年与${report.year - 1}年比较（${report.scope}）`),
    h("thead", {}, h("tr", {}, ["项目", `${report.year}年`, `${report.year - 1}年`, "增减"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, now.map(([name, value], i) => h("tr", {},
      h("th", { scope: "row" }, name), h("td", {}, value), h("td", {}, before[i][1]), h("td", {}, change(value, before[i][1]))))));
  const rates = h("ul", { class: "report-rates" }, decisions.map((d) =>
    h("li", {}, `${labels[d]}无法确定率：${((report.total.undetermined_rate[d] || 0) * 100).toFixed(1)}%`)));
  const units = h("table", { class: "records-table report-units" },
    h("caption", {}, "分单位"),
    h("thead", {}, h("tr", {}, ["执法单位", ...now.map(([name]) => name)].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, report.units.map((u) => h("tr", {},
      h("th", { scope: "row" }, u.unit), figureRow("", u.total, labels, decisions).map(([, v]) => h("td", {}, v))))));
  const offences = Object.entries(report.total.transfers_by_offence);
  const missing = report.total.missing_facts;
  return [
    summary,
    rates,
    units,
    h("h2", {}, "移送司法机关（按涉嫌罪名）"),
    offences.length ? h("ul", {}, offences.map(([k, v]) => h("li", {}, `${k}：${v}`))) : h("p", {}, "无"),
    h("h2", {}, "最常缺少的事实"),
    missing.length ? h("ol", {}, missing.map((m) => h("li", {}, `${m.label}：${m.count} 次`))) : h("p", {}, "无"),
  ];
}

export function createReportView() {
  const today = new Date();
  const year = h("input", { type: "number", min: 2000, max: 2100, value: today.getMonth() === 0 ? today.getFullYear() - 1 : today.getFullYear() });
  const status = h("p", { class: "count", role: "status" });
  const reminder = h("p", { class: "report-reminder", role: "note", hidden: true });
  const charts = h("div", { class: "report-charts" });
  const body = h("div", { class: "report-body" });
  const download = h("button", { type: "button" }, "下载 Excel");

  const request = latestOnly(); // another year chosen: only the latest year's answer is shown
  async function load() {
    const current = request();
    status.textContent = "正在统计…";
    try {
      const report = await call("/v1/report", { params: { year: year.value } });
      if (!current()) return;
      reminder.hidden = !report.reminder;
      reminder.textContent = report.reminder ? `提醒：${report.reminder.text}` : "";
      body.replaceChildren(...render(report));
      const images = await Promise.all(CHARTS.map(async ([name, title]) => {
        const svg = await (await fetchRaw(`/v1/report/charts/${name}.svg`, { year: year.value })).text();
        return h("figure", {}, h("img", { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, alt: title, dataset: { chart: name } }));
      }));
      if (!current()) return;
      charts.replaceChildren(...images);
      status.textContent = `${report.year}年：${report.total.cases} 件案件，${report.total.triages} 次分流`;
    } catch (error) {
      if (current()) status.replaceChildren(problemNode(error));
    }
  }

  download.addEventListener("click", async () => {
    try {
      const blob = await (await fetchRaw("/v1/report.xlsx", { year: year.value })).blob();
      const link = h("a", { href: URL.createObjectURL(blob), download: `行政执法统计年报-${year.value}.xlsx` });
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      status.replaceChildren(problemNode(error));
    }
  });
  year.addEventListener("change", load);
  load();
  return h("div", { class: "view report" },
    h("h1", {}, "统计年报"),
    h("p", { class: "hint" }, "按执法单位和月份统计决定记录（以评估日期计月）和公示登记（以决定日期计月）；各项决定按分流次数统计，与上年比较。年报应于次年1月15日前报送、1月31日前向社会公开。"),
    reminder,
    h("form", { class: "rule-filter", onsubmit: (e) => { e.preventDefault(); load(); } }, labelled("report-year", "统计年度", year), download),
    status,
    charts,
    body);
}
