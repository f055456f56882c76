// Filter the data appendix's statistics by sector, Co, pathway and free text, in the browser, offline.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.evidence-filter");
  if (!form) return;
  const rows = [...document.querySelectorAll("tr.stat-row")];
  const count = form.querySelector(".evidence-filter-count");
  const apply = () => {
    const want = {};
    for (const control of form.querySelectorAll("[data-filter]")) want[control.dataset.filter] = control.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const keep = ["sector", "co", "pathway"].every((k) => !want[k] || row.classList.contains(`${k}-${want[k]}`))
        && (!want.text || row.textContent.toLowerCase().includes(want.text));
      row.hidden = !keep;
      if (keep) shown += 1;
    }
    count.textContent = `${shown} of ${rows.length} statistics shown`;
  };
  form.addEventListener("input", apply);
  // A link such as data.html?co=co-design#... or ?sector=health pre-sets the filters (used by the gap map).
  const params = new URLSearchParams(window.location.search);
  for (const control of form.querySelectorAll("[data-filter]")) {
    const value = params.get(control.dataset.filter);
    if (value) control.value = value;
  }
  apply();
});
