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

  // Sorting: a button in each column heading; numbers sort by value, the rest by their text.
  const table = rows.length ? rows[0].closest("table") : null;
  if (!table) return;
  const body = rows[0].parentElement;
  const headings = [...table.querySelectorAll("thead th")];
  const key = (row, column) => {
    if (column === 1) return Number(row.dataset.value);
    if (column === 0) return row.dataset.id;
    if (column === 4) return row.dataset.studyName || "";
    return (row.children[column] ? row.children[column].textContent : "").trim().toLowerCase();
  };
  headings.forEach((heading, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "evidence-sort";
    button.textContent = heading.textContent.trim();
    heading.textContent = "";
    heading.appendChild(button);
    heading.setAttribute("aria-sort", "none");
    button.addEventListener("click", () => {
      const ascending = heading.getAttribute("aria-sort") !== "ascending";
      for (const other of headings) other.setAttribute("aria-sort", "none");
      heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const sorted = [...body.querySelectorAll("tr.stat-row")].sort((a, b) => {
        const x = key(a, column), y = key(b, column);
        const order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
        return ascending ? order : -order;
      });
      for (const row of sorted) body.appendChild(row);
    });
  });
});
