// The data appendix in the browser, offline: filter the statistics (sector, Co, pathway, study kind, evidence_of,
// study, free text) and sort them by any column. Each row carries its tags as data- attributes (several values
// separated by spaces); a filter value may name several values too (a group of study kinds), and a row is kept when
// it shares one of them.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.evidence-filter");
  if (!form) return;
  const rows = [...document.querySelectorAll("tr.stat-row")];
  const count = form.querySelector(".evidence-filter-count");
  const tokens = (text) => (text || "").split(/\s+/).filter(Boolean);
  const attribute = (name) => `data-${name.replace(/_/g, "-")}`;
  const apply = () => {
    const want = {};
    for (const control of form.querySelectorAll("[data-filter]")) want[control.dataset.filter] = control.value.trim();
    let shown = 0;
    for (const row of rows) {
      let keep = true;
      for (const [name, value] of Object.entries(want)) {
        if (!value) continue;
        if (name === "text") {
          keep = keep && row.textContent.toLowerCase().includes(value.toLowerCase());
        } else {
          const have = tokens(row.getAttribute(attribute(name)));
          keep = keep && tokens(value).some((v) => have.includes(v));
        }
      }
      row.hidden = !keep;
      if (keep) shown += 1;
    }
    count.textContent = `${shown} of ${rows.length} statistics shown`;
  };
  form.addEventListener("input", apply);
  // A link such as data.html?sector=health&co=co-design&kind=case-study+qualitative#all-statistics pre-sets the
  // filters (the evidence maps link every mark this way).
  const params = new URLSearchParams(window.location.search);
  for (const control of form.querySelectorAll("[data-filter]")) {
    const value = params.get(control.dataset.filter);
    if (value) control.value = value;
  }
  apply();

  // Sorting, from the "Sort by" and "Order" controls of the same bar: numbers by value, the rest by their text,
  // "book order" by the rows' first place. Anchors (the rows' ids) move with their rows.
  const body = rows.length ? rows[0].parentElement : null;
  const sortKey = form.querySelector("[data-sort=key]");
  const sortOrder = form.querySelector("[data-sort=order]");
  if (!body || !sortKey || !sortOrder) return;
  const column = { statistic: 0, value: 1, where: 2, study: 4 };
  const text = (row, index) => (row.children[index] ? row.children[index].textContent : "").trim().toLowerCase();
  const key = (row, name) => {
    if (name === "value") return Number(row.dataset.value);
    if (name === "statistic") return row.id;
    if (name === "study") return text(row, column.study).split("\n")[0];
    return text(row, column[name]);
  };
  const sort = () => {
    const name = sortKey.value, sign = sortOrder.value === "descending" ? -1 : 1;
    const sorted = name
      ? [...rows].sort((a, b) => {
          const x = key(a, name), y = key(b, name);
          return sign * (typeof x === "number" ? x - y : String(x).localeCompare(String(y)));
        })
      : (sign === 1 ? rows : [...rows].reverse());
    for (const row of sorted) body.appendChild(row);
  };
  sortKey.addEventListener("change", sort);
  sortOrder.addEventListener("change", sort);
});
