// Run in the page by test_js_and_accessibility.py: WCAG contrast ratio of text against its background.
(() => {
  const rgb = (s) => s.match(/[\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const ratio = (el) => {
    const st = getComputedStyle(el);
    let bg = st.backgroundColor, node = el;
    while (rgb(bg).length && /rgba\(.*, 0\)/.test(bg) && node.parentElement) {
      node = node.parentElement; bg = getComputedStyle(node).backgroundColor;
    }
    if (/rgba\(.*, 0\)/.test(bg)) bg = "rgb(255, 255, 255)";
    const [a, b] = [lum(rgb(st.color)), lum(rgb(bg))].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  };
  const picks = [...document.querySelectorAll(
    ".badge, .question, .field-label, .mark, .hint, .affects, .decision-missing, button, legend, nav a, .rule-meta"
  )];
  return picks.map((el) => [el.className || el.tagName, el.textContent.slice(0, 12), ratio(el)]);
})
