"""Chart theme and builders: every chart is drawn from CSV rows selected by id, never from typed numbers.

`show` is the one way a chapter puts a chart on the page: it writes the static SVG and PNG to figures/, and
returns HTML that carries the Vega-Lite spec (drawn in the browser by the book's own vega bundle), a title,
a takeaway, a text description for screen readers, a source line and download links.
"""
import base64
import html
import json
import textwrap

import altair as alt
import pandas as pd
import vl_convert

from evidence import paths
from evidence.load import load_bibliography, load_statistics, sources_text
from evidence.paths import APPENDIX_PAGE
from evidence.validate import source_keys

VEGA_LITE_VERSION = "6.4"
# Okabe and Ito's palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]


@alt.theme.register("evidence", enable=True)
def theme():
    font = "Helvetica, Arial, sans-serif"
    return alt.theme.ThemeConfig({
        "config": {
            "font": font,
            "view": {"stroke": None},
            # The chart's container is role="img" with the text description as its name; marks, axes and
            # legends would otherwise expose unnamed SVG graphics to screen readers.
            "mark": {"aria": False},
            "range": {"category": PALETTE},
            "axis": {"aria": False, "labelFontSize": 12, "titleFontSize": 12, "labelLimit": 320, "gridColor": "#e6e6e6"},
            "legend": {"aria": False, "labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "title": {"aria": False, "fontSize": 15, "anchor": "start", "subtitleFontSize": 12, "subtitleColor": "#444444"},
            "bar": {"color": PALETTE[0]},
        }
    })


def rows(ids, labels=None, stats=None, **columns):
    """The CSV rows for `ids`, in that order, ready to chart; all must share one unit (like with like).

    `labels` maps id -> the label a reader sees on the axis (default: the row's measure); extra keyword
    arguments add columns as {id: value} mappings (e.g. group={"a": "before", "b": "after"}).
    """
    stats = load_statistics() if stats is None else stats
    missing = [i for i in ids if i not in stats.index]
    if missing:
        raise KeyError(f"chart asks for ids not in {paths.relative(paths.STATISTICS_CSV)}: {', '.join(missing)}")
    frame = stats.loc[list(ids), ["id", "measure", "value", "value_high", "unit", "qualifier", "formatted",
                                  "source"]].rename(columns={"id": "stat_id"}).reset_index(drop=True)
    units = set(frame["unit"])
    if len(units) > 1:
        raise ValueError(f"a chart must compare like with like, but these rows mix units {sorted(units)}: "
                         + ", ".join(f"{r.stat_id} ({r.unit})" for r in frame.itertuples()))
    frame["label"] = [(labels or {}).get(i, m) for i, m in zip(frame["stat_id"], frame["measure"])]
    for name, mapping in columns.items():
        frame[name] = frame["stat_id"].map(mapping)
    frame["href"] = APPENDIX_PAGE + "#stat-" + frame["stat_id"]
    frame["value_high"] = frame["value_high"].astype(object).where(frame["value_high"].notna(), None)
    return frame


AXIS_TITLES = {"percent": "Per cent", "fraction": "Share", "GBP": "Pounds sterling (£)", "ratio": "Return per £1 spent",
               "people": "People", "count": "Number"}


def _axis_title(frame, title=None):
    return title or AXIS_TITLES.get(frame["unit"].iloc[0], frame["unit"].iloc[0])


def _x(frame, title=None, field="value:Q"):
    """The value axis, with room after the largest mark for its text label; percentages run to 100."""
    top = max(frame["value"].max(), frame["value_high"].dropna().max() if frame["value_high"].notna().any() else 0)
    domain_max = 100 if frame["unit"].iloc[0] == "percent" and top <= 85 else top * 1.2
    return alt.X(field, title=_axis_title(frame, title), scale=alt.Scale(domain=[0, domain_max], nice=False))


def _tooltip():
    return [alt.Tooltip("label:N", title="Statistic"), alt.Tooltip("formatted:N", title="Value"),
            alt.Tooltip("stat_id:N", title="Row id")]


def bar_chart(frame, x_title=None, group=None, label_title=""):
    """Horizontal bars, one per row, each labelled with its formatted value and linked to its row."""
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=None, title=label_title),
        x=_x(frame, x_title), href="href:N", tooltip=_tooltip())
    colour = (alt.Color(f"{group}:N", title=group.capitalize(), sort=None) if group else alt.value(PALETTE[0]))
    bars = base.mark_bar().encode(color=colour)
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(text="formatted:N")
    return (bars + text).properties(width=460, height=alt.Step(28))


def range_chart(frame, x_title=None, text="formatted", domain_max=None):
    """Points for single values and a bar from low to high for ranges, so a range is never shown as a point.

    `text` is the column written beside each mark (e.g. the value with its basis); `domain_max` fixes the axis's end,
    so that panels with separately titled axes keep one scale."""
    base = alt.Chart(frame).encode(y=alt.Y("label:N", sort=None, title=""), href="href:N", tooltip=_tooltip())
    x = _x(frame, x_title)
    if domain_max is not None:
        x = alt.X("value:Q", title=_axis_title(frame, x_title), scale=alt.Scale(domain=[0, domain_max], nice=False))
    ranges = base.transform_filter("datum.value_high != null").mark_bar(height=12).encode(
        x=x, x2="value_high:Q", color=alt.value(PALETTE[1]))
    points = base.transform_filter("datum.value_high == null").mark_point(
        filled=True, size=120, shape="diamond").encode(x="value:Q", color=alt.value(PALETTE[0]))
    text = base.mark_text(align="left", dx=8, fontSize=12).encode(
        x=alt.X("max_value:Q"), text=f"{text}:N").transform_calculate(
        max_value="datum.value_high != null ? datum.value_high : datum.value")
    return (ranges + points + text).properties(width=460, height=alt.Step(32))


def paired_chart(frame, item, group, x_title=None, text="formatted"):
    """Dumbbells: one line per `item`, a mark per `group` (e.g. before/after); shape and colour both tell groups.
    `text` is the column written by each mark (e.g. the value with its basis)."""
    base = alt.Chart(frame).encode(y=alt.Y(f"{item}:N", sort=None, title=""))
    lines = base.mark_rule(color="#999999", strokeWidth=2).encode(x="min(value):Q", x2="max(value):Q")
    order = list(dict.fromkeys(frame[group]))
    points = base.mark_point(filled=True, size=140, opacity=1).encode(
        x=_x(frame, x_title),
        color=alt.Color(f"{group}:N", title=group.capitalize(),
                        scale=alt.Scale(domain=order, range=PALETTE[:len(order)])),
        shape=alt.Shape(f"{group}:N", title=group.capitalize(),  # same title and domain: one merged legend
                        scale=alt.Scale(domain=order, range=SHAPES[:len(order)])),
        href="href:N", tooltip=_tooltip())
    text = base.mark_text(dy=-12, fontSize=11).encode(x="value:Q", text=f"{text}:N")
    return (lines + points + text).properties(width=460, height=alt.Step(44))


BASIS_PLOT = 140  # px: the plot of a basis chart, beside row labels of BASIS_LABEL px: whole on a phone (358 px)
BASIS_LABEL = 160
BASIS_LINE = 26  # characters per line of a basis chart's row label


def basis_chart(frame, x_title=None, group=None, domain_max=None):
    """Values on one axis, each row labelled with its name, its value and its basis (what is counted, over what
    period), so figures on different bases are never read as one series. Ranges are bars, single values points;
    `group` (e.g. cost or pay-off) is told by shape and colour together. The label's lines are joined by "|" and
    split by the axis; the chart has a fixed width that fits a phone."""
    frame = frame.assign(row_label=[
        "|".join(textwrap.wrap(label, BASIS_LINE) + textwrap.wrap(shown, BASIS_LINE, break_on_hyphens=False))
        for label, shown in zip(frame["label"], frame["shown"])])
    lines = int(frame["row_label"].str.count("[|]").max()) + 1
    base = alt.Chart(frame).encode(
        y=alt.Y("row_label:N", sort=None, title="",
                axis=alt.Axis(labelExpr="split(datum.label, '|')", labelLimit=BASIS_LABEL, labelPadding=8)),
        href="href:N", tooltip=_tooltip())
    top = domain_max or float(max(frame["value"].max(), frame["value_high"].dropna().max()
                                  if frame["value_high"].notna().any() else 0)) * 1.15
    title = textwrap.wrap(_axis_title(frame, x_title), 24, break_on_hyphens=False)  # no wider than the plot
    x = alt.X("value:Q", title=title, scale=alt.Scale(domain=[0, top], nice=False))
    ranges = base.transform_filter("datum.value_high != null").mark_bar(height=12, color=PALETTE[1]).encode(
        x=x, x2="value_high:Q")
    if group:
        order = list(dict.fromkeys(frame[group]))
        point_encoding = dict(
            color=alt.Color(f"{group}:N", title=group.capitalize(), scale=alt.Scale(domain=order, range=PALETTE[:len(order)]),
                            legend=alt.Legend(orient="bottom", direction="vertical")),
            shape=alt.Shape(f"{group}:N", title=group.capitalize(), scale=alt.Scale(domain=order, range=SHAPES[:len(order)])))
    else:
        point_encoding = dict(color=alt.value(PALETTE[0]), shape=alt.value("diamond"))
    points = base.transform_filter("datum.value_high == null").mark_point(filled=True, size=120, opacity=1).encode(
        x=x, **point_encoding)
    return (ranges + points).properties(width=BASIS_PLOT, height=alt.Step(13 * lines + 10))


SUBTITLE_LINE = 100  # characters per line of a static figure's subtitle
MAP_COLUMN = 64  # px per sector column of an evidence map: three columns and the row labels fit a phone (358 px)
MAP_LABELS = 140  # px for a map's row labels


def evidence_map(frame, across, title_across, categories, size_max=None):
    """The map of works: a column per sector, a block of rows per `across` value (a Co or a pathway) headed by its
    name, and in each block a row per category (kind group, or what the figures are evidence of) under a first row
    with all the works of the cell.

    Circle area is proportional to the count (a linear size scale from zero), each count is written beside its
    circle, the row label names the category (so colour never carries it alone), a dashed ring and an asterisk mark
    a count that includes works by the review's author, and every mark links to the appendix filtered to its rows.
    Three sector columns (not one per Co) keep the map whole on a phone; it has a fixed width, not the page's.
    """
    order = ["All works in the cell"] + [c.label for c in categories]
    blocks = list(dict.fromkeys(frame["across_name"]))
    sectors = list(dict.fromkeys(frame["sector_name"]))
    largest = size_max or max(1, int(frame.loc[frame["category"] != "all", "n"].max()))
    tooltip = [alt.Tooltip("sector_name:N", title="Sector"), alt.Tooltip("across_name:N", title=title_across),
               alt.Tooltip("category_label:N", title="Row"), alt.Tooltip("n:Q", title="Works"),
               alt.Tooltip("by_review_author:Q", title="Of them by the review's author"),
               alt.Tooltip("works:N", title="Which")]
    base = alt.Chart().encode(
        x=alt.X("sector_name:N", sort=sectors, title=None,
                axis=alt.Axis(labelAngle=0, orient="top", labelFontWeight="bold", labelExpr="split(datum.label, ' ')",
                              labelPadding=16, ticks=False, domain=False)),  # room for a second line
        y=alt.Y("category_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=MAP_LABELS)),
        href="href:N", tooltip=tooltip)
    marks = base.transform_filter("datum.category != 'all' && datum.n > 0")
    circles = marks.mark_circle(opacity=1, stroke="#000000").encode(
        size=alt.Size("n:Q", title="Works (circle area)",
                      scale=alt.Scale(type="linear", zero=True, domain=[0, largest], range=[0, 400]),
                      legend=alt.Legend(values=sorted({1, max(1, largest // 2), largest}))),
        color=alt.Color("category_label:N", scale=alt.Scale(domain=[c.label for c in categories],
                                                             range=[c.colour for c in categories]), legend=None),
        strokeWidth=alt.condition("datum.by_review_author > 0", alt.value(2), alt.value(0.7)),
        strokeDash=alt.condition("datum.by_review_author > 0", alt.value([3, 2]), alt.value([1, 0])))
    counts = marks.mark_text(align="left", dx=13, fontSize=11, color="#222222").encode(text="label:N")
    totals = base.transform_filter("datum.category == 'all'").mark_text(
        fontSize=12, fontWeight="bold", color="#000000").encode(text="label:N")
    layered = alt.layer(circles, counts, totals, data=frame).properties(
        width=alt.Step(MAP_COLUMN), height=alt.Step(22))
    return layered.facet(
        row=alt.Row("across_name:N", sort=blocks, title=None,
                    header=alt.Header(labelOrient="top", labelAnchor="start", labelAngle=0, labelFontSize=13,
                                      labelFontWeight="bold", labelPadding=4)),
        spacing=14).resolve_axis(x="independent")  # the sector names above every block


def describe(frame, lead):
    """A chart's text description for screen readers: `lead`, then every row's label and value, from the CSV; with
    the basis each mark carries on the chart (period, unit, hedge), where the chart writes one beside its mark."""
    values = frame["shown"] if "shown" in frame else frame["formatted"]
    return lead + "; ".join(f"{label}: {value}" for label, value in zip(frame["label"], values)) + "."


def _source_line(frame):
    if "stat_id" not in frame:
        return ("Source: counted from every row of data/statistics.csv and the kind of each study in "
                "data/studies.csv (Loeffler 2020 and the works it cites); each mark links to its rows in the "
                f'<a href="{APPENDIX_PAGE}#all-statistics">data appendix</a>.')
    bibliography = load_bibliography()
    studies = "; ".join(sources_text(k, bibliography) for k in source_keys(*frame["source"]))
    links = ", ".join(f'<a href="{html.escape(h)}">{html.escape(i)}</a>' for i, h in zip(frame["stat_id"], frame["href"]))
    return f"Source: Loeffler (2020), reporting {html.escape(studies)}. Rows of data/statistics.csv: {links}."


def _without_nan(value):
    """Altair writes pandas' missing values as NaN, which is not JSON: browsers refuse the whole spec."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _without_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nan(v) for v in value]
    return value


def chart_data(spec):
    """Every data row a chart spec carries (the rows it draws), in order, as a DataFrame."""
    rows = [row for rows in spec.get("datasets", {}).values() for row in rows]
    values = spec.get("data", {}).get("values") if isinstance(spec.get("data"), dict) else None
    return pd.DataFrame(rows + list(values or []))


def csv_cell(value):
    """A cell of a downloadable CSV: lists joined with '; ', a cell's selection as 'column=a+b; column=c'."""
    if isinstance(value, dict):
        return "; ".join(f"{k}={'+'.join(map(str, v)) if isinstance(v, list) else v}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return "" if value is None or (isinstance(value, float) and value != value) else value


def write_csv(frame, path):
    """A table as the project writes CSV: UTF-8, comma-separated, a header row, \\n line ends."""
    frame.map(csv_cell).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def export_data(spec, chart_id, matrix=None):
    """figures/<chart-id>.csv, exactly the rows the chart draws; figures/<chart-id>-matrix.csv for a map's matrix."""
    paths.FIGURES.mkdir(exist_ok=True)
    write_csv(chart_data(spec), paths.FIGURES / f"{chart_id}.csv")
    matrix_path = paths.FIGURES / f"{chart_id}-matrix.csv"
    if matrix is not None:
        write_csv(matrix, matrix_path)
    else:
        matrix_path.unlink(missing_ok=True)


def export_figures(spec, chart_id):
    """Static copies for print and download: figures/<chart-id>.svg and .png."""
    paths.FIGURES.mkdir(exist_ok=True)
    svg = vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION)
    (paths.FIGURES / f"{chart_id}.svg").write_text(svg, encoding="utf-8")
    (paths.FIGURES / f"{chart_id}.png").write_bytes(vl_convert.vegalite_to_png(spec, vl_version=VEGA_LITE_VERSION, scale=2))


class ChartOutput:
    """A chart as a notebook output: HTML for the web book, a vector PDF for the PDF edition, text otherwise."""

    def __init__(self, html_text, pdf, text):
        self.html_text, self.pdf, self.text = html_text, pdf, text

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html_text, "application/pdf": base64.b64encode(self.pdf).decode("ascii"),
                "text/plain": self.text}


def show(chart, frame, chart_id, title, takeaway, description, matrix=None):
    """Put a chart on the page (see the module docstring). `frame` is what `rows` returned for this chart; `matrix`,
    for a map, is its matrix, offered for download beside the chart's own data."""
    spec = _without_nan(chart.properties(description=description).to_dict())
    # On the page a chart is as wide as its column and redraws when the column changes (phone or desktop); the
    # static figures and the PDF keep the width the chart was drawn with.
    # Only a single or layered view can take its container's width; a faceted or concatenated chart (the maps, the
    # returns panels) is drawn at a fixed width that fits a phone.
    if not {"facet", "vconcat", "hconcat", "concat"} & set(spec):
        spec.update(width="container", autosize={"type": "fit-x", "contains": "padding"})
    # The page gives title and takeaway in HTML; the static figures and the PDF carry them inside the image.
    # The subtitle is broken into lines, so that a long takeaway does not widen the image beyond its chart.
    subtitle = textwrap.wrap(takeaway, SUBTITLE_LINE, break_on_hyphens=False)
    titled = _without_nan(chart.properties(title=alt.Title(title, subtitle=subtitle), description=description).to_dict())
    export_figures(titled, chart_id)
    export_data(spec, chart_id, matrix)
    matrix_link = (f' · <a href="../figures/{chart_id}-matrix.csv" download>matrix (CSV)</a>'
                   if matrix is not None else "")
    spec_json = json.dumps(spec, allow_nan=False).replace("</", "<\\/")
    figure = f"""<figure class="evidence-chart" id="chart-{chart_id}" data-chart-id="{chart_id}">
<figcaption><span class="evidence-chart-title">{html.escape(title)}</span>
<span class="evidence-chart-takeaway">{html.escape(takeaway)}</span></figcaption>
<div class="evidence-chart-view" role="img" aria-label="{html.escape(description)}"></div>
<script type="application/json" class="evidence-chart-spec">{spec_json}</script>
<p class="evidence-chart-description">{html.escape(description)}</p>
<p class="evidence-chart-source">{_source_line(frame)}</p>
<p class="evidence-chart-downloads">Download: <a href="../figures/{chart_id}.svg" download>SVG</a> ·
<a href="../figures/{chart_id}.png" download>PNG</a> · <a href="../figures/{chart_id}.csv" download>this chart's data (CSV)</a>{matrix_link}</p>
</figure>"""
    pdf = vl_convert.vegalite_to_pdf(titled, vl_version=VEGA_LITE_VERSION)
    return ChartOutput(figure, pdf, f"{title}. {takeaway} {description}")
