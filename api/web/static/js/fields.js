// One input widget per fact, generated from the vocabulary of GET /v1/facts (never written per fact).
//
// Unknown is a value of its own: a yes/no fact has 是 / 否 / 未知, a set has "以上皆无" for the empty set
// and nothing ticked for unknown, empty text is unknown. readValue() returns undefined for unknown, and
// the request leaves such facts out: the API then treats them as unknown, never as 否.

import { h } from "./dom.js";
import { cnDate, parseDate } from "./format.js";

export const NONE = "__none__"; // the "以上皆无" box of a set: the empty set, which is not unknown

const PLACEHOLDERS = { money: "如 15万 或 150000", int: "整数，如 2", date: "如 2026年12月6日" };

// A date field that takes what people type (2026-12-06, 2026/12/6, 2026年12月6日) and shows
// 2026年12月6日 once it is understood; dateValue() gives the API its YYYY-MM-DD.
export function dateInput(attrs) {
  const input = h("input", { type: "text", inputmode: "text", autocomplete: "off", placeholder: PLACEHOLDERS.date, ...attrs, value: undefined });
  if (attrs.value) input.value = cnDate(attrs.value);
  input.classList.add("date-input");
  input.addEventListener("change", () => {
    const iso = parseDate(input.value);
    if (iso) input.value = cnDate(iso);
  });
  return input;
}

// The value of a date field for the API: YYYY-MM-DD when understood, the text as typed otherwise
// (the API then says what is wrong, next to the field).
export function dateValue(input) {
  const text = input.value.trim();
  return parseDate(text) || text;
}

function domId(prefix, factId) {
  return `${prefix}-${factId}`;
}

export function buildField(fact, prefix) {
  const id = domId(prefix, fact.id);
  const questionId = `${id}-q`;
  const errorId = `${id}-err`;
  // 「必答」: shown when the rules in force read this fact in every case (markRequired)
  const question = h("p", { class: "question", id: questionId }, h("span", { class: "must", hidden: true }, "必答"), fact.question);
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const describedBy = `${questionId} ${errorId}`;
  const wrapper = h("div", { class: `field field-${fact.type}`, dataset: { fact: fact.id, type: fact.type } });

  if (fact.type === "bool" || fact.type === "set") {
    const choices =
      fact.type === "bool"
        ? [
            ["true", "是", false],
            ["false", "否", false],
            ["", "未知", true],
          ].map(([value, text, checked]) =>
            h("label", { class: "choice" }, h("input", { type: "radio", name: id, value, checked }), text),
          )
        : [
            ...fact.values.map((value) =>
              h("label", { class: "choice" }, h("input", { type: "checkbox", name: id, value }), value),
            ),
            h("label", { class: "choice none" }, h("input", { type: "checkbox", name: id, value: NONE }), "以上皆无"),
          ];
    const group = h(
      "fieldset",
      { class: fact.type === "bool" ? "tri" : "set", id, "aria-describedby": describedBy },
      h("legend", {}, fact.label),
      question,
      h("div", { class: "choices" }, choices),
    );
    if (fact.type === "set") group.addEventListener("change", (event) => exclusiveNone(group, event.target));
    wrapper.append(group, error);
    return wrapper;
  }

  let control;
  if (fact.type === "enum") {
    control = h(
      "select",
      { id, "aria-describedby": describedBy },
      h("option", { value: "" }, "未知"),
      fact.values.map((value) => h("option", { value }, value)),
    );
  } else {
    const attrs = { id, "aria-describedby": describedBy, autocomplete: "off", placeholder: PLACEHOLDERS[fact.type] };
    if (fact.type === "date") control = dateInput(attrs);
    else {
      attrs.type = "text";
      attrs.inputmode = fact.type === "money" ? "decimal" : "numeric";
      control = h("input", attrs);
    }
  }
  const unit = fact.type === "money" ? h("span", { class: "unit" }, "元") : null;
  wrapper.append(
    h("label", { for: id, class: "field-label" }, fact.label),
    question,
    h("div", { class: "control" }, control, unit),
    error,
  );
  return wrapper;
}

// "以上皆无" and the values exclude each other.
function exclusiveNone(group, changed) {
  if (!(changed instanceof HTMLInputElement) || !changed.checked) return;
  for (const box of group.querySelectorAll("input[type=checkbox]")) {
    if (box !== changed && (changed.value === NONE || box.value === NONE)) box.checked = false;
  }
}

// The value of a field: undefined when unknown.
export function readValue(wrapper) {
  const type = wrapper.dataset.type;
  if (type === "bool") {
    const picked = wrapper.querySelector("input[type=radio]:checked");
    if (!picked || picked.value === "") return undefined;
    return picked.value === "true";
  }
  if (type === "set") {
    const ticked = [...wrapper.querySelectorAll("input[type=checkbox]:checked")].map((box) => box.value);
    if (ticked.length === 0) return undefined;
    return ticked.includes(NONE) ? [] : ticked;
  }
  const control = wrapper.querySelector("input, select");
  const text = type === "date" ? dateValue(control) : control.value.trim();
  return text === "" ? undefined : text; // money and numbers go as typed ("15万"): the API parses them
}

// Put a value (as readValue returns it, or as the API echoes it) into a field; undefined clears it.
export function writeValue(wrapper, value) {
  const type = wrapper.dataset.type;
  if (type === "bool") {
    const wanted = value === undefined || value === null ? "" : String(Boolean(value));
    for (const radio of wrapper.querySelectorAll("input[type=radio]")) radio.checked = radio.value === wanted;
    return;
  }
  if (type === "set") {
    const wanted = Array.isArray(value) ? value : [];
    for (const box of wrapper.querySelectorAll("input[type=checkbox]")) {
      box.checked = box.value === NONE ? Array.isArray(value) && value.length === 0 : wanted.includes(box.value);
    }
    return;
  }
  const text = value === undefined || value === null ? "" : String(value);
  wrapper.querySelector("input, select").value = type === "date" && parseDate(text) ? cnDate(parseDate(text)) : text;
}

// The facts object of a triage request: known facts only, by id.
export function collectFacts(wrappers) {
  const facts = {};
  for (const wrapper of wrappers) {
    const value = readValue(wrapper);
    if (value !== undefined) facts[wrapper.dataset.fact] = value;
  }
  return facts;
}

export function showError(wrapper, message) {
  const error = wrapper.querySelector(".field-error");
  error.textContent = message;
  error.hidden = false;
  wrapper.classList.add("invalid");
  for (const control of wrapper.querySelectorAll("input, select, fieldset")) control.setAttribute("aria-invalid", "true");
}

export function clearError(wrapper) {
  const error = wrapper.querySelector(".field-error");
  if (!error) return;
  error.textContent = "";
  error.hidden = true;
  wrapper.classList.remove("invalid");
  for (const control of wrapper.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
}

// 「必答」 on a field when some decision reads it in every case (the API's always_read_by), with the
// decisions' names for who wants to know why; readers hear it with the question (aria-describedby).
export function markRequired(wrapper, decisionNames) {
  const mark = wrapper.querySelector(".question > .must");
  const on = decisionNames.length > 0;
  mark.hidden = !on;
  wrapper.classList.toggle("required-fact", on);
  if (on) mark.title = `任何案件都要用到此事实：${decisionNames.join("、")}`;
  else mark.removeAttribute("title");
}

// The element to focus for a field (first radio, box, input or select).
export function focusTarget(wrapper) {
  return wrapper.querySelector("input:checked, input, select");
}
