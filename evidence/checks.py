"""Checks shared by the tests and the verification report, so the report says what the tests check."""
import json

SPEC_CLASS = "evidence-chart-spec"


def _not_json(constant):
    raise ValueError(f"chart spec holds {constant}, which browsers cannot parse as JSON")


def parse_spec(text):
    """A chart's embedded Vega-Lite spec, parsed as strictly as a browser does (no NaN)."""
    return json.loads(text, parse_constant=_not_json)


def specs_in_html(html):
    """Every chart spec embedded in a piece of HTML (a page, or a notebook output)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return [(figure["data-chart-id"], parse_spec(figure.select_one(f"script.{SPEC_CLASS}").string))
            for figure in soup.select("figure.evidence-chart")]


def chart_rows(spec):
    """The data rows of a chart that name the statistics they show (`stat_id`, or `stat_ids` for counts)."""
    return [row for rows in spec.get("datasets", {}).values() for row in rows
            if "stat_id" in row or "stat_ids" in row]


def chart_disagreements(chart_id, spec, stats):
    """Why a chart's data differ from the CSV; empty when every row agrees."""
    rows, problems = chart_rows(spec), []
    if not rows:
        return [f"{chart_id}: names no rows of the CSV"]
    linked = None
    for row in rows:
        if "where" in row:  # a mark of a map of works: recount it from the statistics and data/studies.csv
            from evidence.synthesis import links, select

            linked = links(stats) if linked is None else linked
            stat_ids, keys = select(row["where"], linked)
            if sorted(row["stat_ids"]) != stat_ids or sorted(row["study_keys"]) != keys or row["n"] != len(keys):
                problems.append(f"{chart_id}: mark {row['where']} counts {row['n']} works "
                                f"({', '.join(row['study_keys'])}), the CSVs give {len(keys)} ({', '.join(keys)})")
            continue
        if "stat_ids" in row:
            expected = set(stats.index)
            for column in row["group_by"]:
                expected &= set(stats.index[stats[column] == row[column]])
            if set(row["stat_ids"]) != expected or row["n_statistics"] != len(expected):
                problems.append(f"{chart_id}: cell {[row[c] for c in row['group_by']]} counts "
                                f"{row['n_statistics']} rows, the CSV has {len(expected)}")
            continue
        stat_id = row["stat_id"]
        if stat_id not in stats.index:
            problems.append(f"{chart_id}: {stat_id} is not in the CSV")
            continue
        csv_row = stats.loc[stat_id]
        high = csv_row["value_high"]
        if abs(row["value"] - csv_row["value"]) > 1e-9 or row["formatted"] != csv_row["formatted"]:
            problems.append(f"{chart_id}: {stat_id} shows {row['formatted']}, the CSV says {csv_row['formatted']}")
        if (high != high) != (row.get("value_high") is None):
            problems.append(f"{chart_id}: {stat_id} range does not match the CSV")
    return problems


def statistic_disagreements(shown, stats):
    """`shown` is [(where, stat id, text shown)]: why any differs from the CSV's formatted value."""
    problems = []
    for where, stat_id, text in shown:
        if stat_id not in stats.index:
            problems.append(f"{where}: {stat_id} is not in the CSV")
        elif text != stats.loc[stat_id, "formatted"]:
            problems.append(f"{where}: {stat_id} shows {text!r}, the CSV says {stats.loc[stat_id, 'formatted']!r}")
    return problems
