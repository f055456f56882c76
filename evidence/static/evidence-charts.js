// Draw every chart on the page from the Vega-Lite spec embedded next to it, with the book's own vega bundle
// (_static/vega-bundle.js, 877 KB): no CDN, so charts draw offline. The bundle is fetched only when a chart comes
// near the screen (or the page is printed), and each chart is drawn when it comes near the screen, one per task,
// so a reader who never scrolls to a chart never pays for it.
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

  const BUNDLE = new URL("vega-bundle.js", document.currentScript.src).href;
  let vega = null;
  const queue = [];
  let drawing = false;

  function loadVega() {
    vega = vega || new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = BUNDLE;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${BUNDLE}`));
      document.head.appendChild(script);
    });
    return vega;
  }

  // One chart per task, each when it comes near the screen: a long page never draws all its charts at once.
  async function drawQueued() {
    if (drawing) return;
    drawing = true;
    try {
      await loadVega();
      while (queue.length) {
        await draw(queue.shift());
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    } catch (error) {
      for (const figure of queue.splice(0)) failed(figure.querySelector(".evidence-chart-view"), error);
    }
    drawing = false;
  }

  function enqueue(figures) {
    for (const figure of figures) if (!queue.includes(figure) && !figure.dataset.queued) {
      figure.dataset.queued = "true";
      queue.push(figure);
    }
    drawQueued();
  }

  function failed(view, error) {
    view.textContent = "This chart could not be drawn; its data and a static image are linked below.";
    console.error(error);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const figures = document.querySelectorAll("figure.evidence-chart");
    if (!figures.length) return;
    const watcher = new IntersectionObserver((entries) => {
      const near = entries.filter((entry) => entry.isIntersecting).map((entry) => entry.target);
      near.forEach((figure) => watcher.unobserve(figure));
      if (near.length) enqueue(near);
    }, { rootMargin: "0px 0px 100px 0px" });  // just below the screen: a chart under the first screen waits
    figures.forEach((figure) => watcher.observe(figure));
    window.addEventListener("beforeprint", () => enqueue(figures));
  });

  function draw(figure) {
    const view = figure.querySelector(".evidence-chart-view");
    const spec = JSON.parse(figure.querySelector("script.evidence-chart-spec").textContent);
    const narrow = view.clientWidth < 560;
    if (narrow) wrapTitles(spec);
    const config = narrow ? { legend: { orient: "bottom", direction: "vertical" },
                              axisY: { labelLimit: Math.round(view.clientWidth * 0.34) } } : {};
    // Room on the right for the value printed after the last bar, in a chart as wide as its column; a chart of fixed
    // width (a map, a panel of returns) keeps its labels inside its own box.
    const room = spec.width === "container" ? (narrow ? 80 : 50) : 5;
    const padding = { left: 5, top: 5, bottom: 5, right: room };
    return vegaEmbed(view, spec, { actions: false, renderer: "svg", config, padding })
      .then(() => { view.dataset.drawn = "true"; })
      .catch((error) => failed(view, error));
  }
})();
