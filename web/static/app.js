// Suggestions while typing in a search box, and the export form's URL. No inline scripts: the
// page's Content-Security-Policy forbids them.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[data-suggest]")) {
    const list = document.getElementById(input.getAttribute("list"));
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (!q || !list) return;
      timer = setTimeout(async () => {
        const r = await fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q));
        if (!r.ok) return;
        const data = await r.json();
        list.replaceChildren(...data.suggestions.map((s) => {
          const o = document.createElement("option");
          o.value = s.name;
          o.label = s.type + (s.matched !== s.name ? " · " + s.matched : "");
          return o;
        }));
      }, 150);
    });
  }
  const exp = document.getElementById("export-entity");
  if (exp) {
    exp.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const f = new FormData(exp);
      const q = new URLSearchParams({name: f.get("name"), depth: f.get("depth")});
      window.location.assign(exp.dataset.base + "/" + encodeURIComponent(f.get("fmt")) + "?" + q);
    });
  }
});
