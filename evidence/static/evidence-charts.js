// Draw every chart on the page from the Vega-Lite spec embedded next to it, with the book's own
// vega bundle (_static/vega-bundle.js, loaded only on pages with a chart): no CDN, so charts draw offline.
// Each chart is as wide as its figure (width "container"), with room on the right for the value printed after
// the last bar. On a narrow column (a phone) its row labels are shortened (the description under the chart gives
// them whole), long axis titles break over lines, and the legend goes under the plot.
(() => {
  const TITLE_LINE = 34;  // characters per line of an axis title on a phone

  function lines(text) {
    const out = [];
    for (const word of text.split(" ")) {
      if (out.length && (out[out.length - 1] + " " + word).length <= TITLE_LINE) out[out.length - 1] += " " + word;
      else out.push(word);
    }
    return out;
  }

  function wrapTitles(node) {  // every encoding channel's long title, anywhere in the (layered) spec
    if (Array.isArray(node)) { node.forEach(wrapTitles); return; }
    if (!node || typeof node !== "object") return;
    if (typeof node.title === "string" && node.title.length > TITLE_LINE && ("field" in node || "aggregate" in node)) {
      node.title = lines(node.title);
    }
    Object.values(node).forEach(wrapTitles);
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const figure of document.querySelectorAll("figure.evidence-chart")) {
      const view = figure.querySelector(".evidence-chart-view");
      const spec = JSON.parse(figure.querySelector("script.evidence-chart-spec").textContent);
      const narrow = view.clientWidth < 560;
      if (narrow) wrapTitles(spec);
      const config = narrow ? { legend: { orient: "bottom", direction: "vertical" },
                                axisY: { labelLimit: Math.round(view.clientWidth * 0.34) } } : {};
      const padding = { left: 5, top: 5, bottom: 5, right: narrow ? 80 : 50 };
      vegaEmbed(view, spec, { actions: false, renderer: "svg", config, padding })
        .then(() => { view.dataset.drawn = "true"; })
        .catch((error) => {
          view.textContent = "This chart could not be drawn; its data and a static image are linked below.";
          console.error(error);
        });
    }
  });
})();
