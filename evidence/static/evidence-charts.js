// Draw every chart on the page from the Vega-Lite spec embedded next to it, with the book's own
// vega bundle (_static/vega-bundle.js): no CDN, so charts draw offline.
document.addEventListener("DOMContentLoaded", () => {
  for (const figure of document.querySelectorAll("figure.evidence-chart")) {
    const view = figure.querySelector(".evidence-chart-view");
    const spec = JSON.parse(figure.querySelector("script.evidence-chart-spec").textContent);
    vegaEmbed(view, spec, { actions: false, renderer: "svg" })
      .then(() => { view.dataset.drawn = "true"; })
      .catch((error) => {
        view.textContent = "This chart could not be drawn; its data and a static image are linked below.";
        console.error(error);
      });
  }
});
