// 执法单位 and their people (法制 staff): the tree below one's own unit, a new unit, a key holder moved in.

import { call } from "./api.js";
import { announce, h } from "./dom.js";
import { labelled, problemNode } from "./casekit.js";

export function createUnitsView() {
  const body = h("tbody");
  const status = h("p", { class: "count", role: "status" });
  const parent = h("select");
  const target = h("select");
  const name = h("input", { type: "text", required: true, placeholder: "如 袁州分局 某市场监管所" });
  const keyId = h("input", { type: "text", required: true, placeholder: "密钥编号可向系统管理员询问" });
  const errors = h("div");

  async function load() {
    try {
      const listed = await call("/v1/units");
      body.replaceChildren(...listed.units.map((u) => h("tr", { dataset: { unitId: u.unit_id } },
        h("td", {}, u.path), h("td", {}, h("code", {}, u.unit_id)), h("td", {}, u.members.join("、") || "—"))));
      const options = () => listed.units.map((u) => h("option", { value: u.unit_id, selected: u.unit_id === listed.mine }, u.path));
      parent.replaceChildren(...options());
      target.replaceChildren(...options());
      status.textContent = `${listed.units.length} 个单位`;
    } catch (error) {
      status.replaceChildren(problemNode(error));
    }
  }

  async function send(action, done) {
    errors.replaceChildren();
    try {
      await action();
      announce(done);
      await load();
    } catch (error) {
      errors.replaceChildren(problemNode(error));
    }
  }

  const newUnit = h("form", { class: "rule-filter", id: "new-unit" }, labelled("unit-parent", "上级单位", parent), labelled("unit-name", "新单位名称", name),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "新建单位")));
  newUnit.addEventListener("submit", (event) => {
    event.preventDefault();
    send(() => call("/v1/units", { method: "POST", body: { name: name.value.trim(), parent_id: parent.value } }), "已新建单位");
  });
  const member = h("form", { class: "rule-filter", id: "assign-member" }, labelled("member-key", "密钥编号", keyId), labelled("member-unit", "加入单位", target),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "加入")));
  member.addEventListener("submit", (event) => {
    event.preventDefault();
    const path = `/v1/units/${encodeURIComponent(target.value)}/members/${encodeURIComponent(keyId.value.trim())}`;
    send(() => call(path, { method: "PUT" }), "已加入单位");
  });
  load();
  return h("div", { class: "view units" },
    h("h1", {}, "执法单位和人员"),
    h("p", { class: "hint" }, "本单位及下级单位。根单位由本单位的系统管理员建立；法制人员可在本单位之下新建单位、把密钥持有人加入。不知道某人的密钥编号的，请向系统管理员询问。"),
    status,
    h("table", { class: "records-table" }, h("thead", {}, h("tr", {}, ["单位", "编号", "人员（密钥编号）"].map((t) => h("th", { scope: "col" }, t)))), body),
    errors, newUnit, member);
}
