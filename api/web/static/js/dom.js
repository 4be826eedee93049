// A tiny element builder: h("p", {class: "x"}, "text", child). No framework, no build step.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

// Announce a short message to screen readers (and show it in the status line).
export function announce(text) {
  const status = document.getElementById("status");
  if (status) status.textContent = text;
}

// Ask before something that loses work (清空, 退出): a modal <dialog> in the page's own words.
// Resolves true when the person confirms; Esc and 取消 keep everything as it was.
export function confirmAction(message, okText) {
  return new Promise((resolve) => {
    const ok = h("button", { type: "button", class: "primary", value: "ok" }, okText);
    const cancel = h("button", { type: "button", value: "cancel" }, "取消");
    const dialog = h(
      "dialog",
      { class: "confirm", "aria-labelledby": "confirm-text" },
      h("p", { id: "confirm-text" }, message),
      h("div", { class: "actions" }, ok, cancel),
    );
    const done = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    ok.addEventListener("click", () => done(true));
    cancel.addEventListener("click", () => done(false));
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus(); // the safe choice has the focus
  });
}
