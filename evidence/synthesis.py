"""Counts and chart inputs for the cross-sector page, computed from the CSV (nothing typed by hand)."""
from myst_nb import glue

from evidence import charts
from evidence.load import primary_studies

VOICE = ("co-commissioning", "co-design", "co-assessment")
COSTS_AND_PAYOFFS = {  # id: (item, kind): rows that report pounds per person or per case
    "social-care-befriending-cost-per-person": ("Befriending (per older person)", "Cost"),
    "social-care-befriending-savings-per-person": ("Befriending (per older person)", "Pay-off or saving"),
    "social-care-community-organiser-cost-per-person": ("Community organisers (per person)", "Cost"),
    "social-care-community-organiser-benefit-per-person": ("Community organisers (per person)", "Pay-off or saving"),
    "social-care-time-bank-payoff-per-member": ("Time banks (per member)", "Pay-off or saving"),
    "public-safety-yri-cost-per-case": ("Youth Restorative Intervention (per case)", "Cost"),
    "public-safety-yri-further-savings": ("Youth Restorative Intervention (per case)", "Pay-off or saving"),
    "public-safety-yri-police-cost-per-case": ("Police processing instead (per case)", "Cost"),
}


def counts(stats):
    """The numbers the page's prose quotes, as plain ints (numpy scalars break {glue:text} formatting)."""
    def n(**where):
        mask = True
        for column, value in where.items():
            mask = mask & (stats[column].isin(value) if isinstance(value, tuple) else stats[column] == value)
        return int(mask.sum())

    studies = primary_studies(stats["source"])
    total, codelivery = len(stats), n(co="co-delivery")
    return {
        "n_statistics": total, "n_studies": len(studies), "n_codelivery": codelivery,
        "share_codelivery": round(100 * codelivery / total),
        "ps_codelivery": n(sector="public-safety", co="co-delivery"), "ps_voice": n(sector="public-safety", co=VOICE),
        "sc_codelivery": n(sector="social-care", co="co-delivery"),
        "sc_cocommissioning": n(sector="social-care", co="co-commissioning"),
        "sc_treatment": n(sector="social-care", pathway="treatment"),
        "rehab_health": n(sector="health", pathway="rehabilitation"),
        "rehab_social_care": n(sector="social-care", pathway="rehabilitation"),
        "rehab_public_safety": n(sector="public-safety", pathway="rehabilitation"),
    }


def glue_counts(stats):
    for name, value in counts(stats).items():
        glue(name, value, display=False)


def describe_gap_map(frame, across):
    cells = [f"{r.sector}, {getattr(r, across)}: {r.n_statistics} statistics from {r.n_studies} primary studies"
             for r in frame.itertuples()]
    return f"Evidence gap map, sectors by {across}; circle area shows statistics and colour primary studies. " + "; ".join(cells) + "."


def costs_and_payoffs():
    """Rows in pounds per person or per case, paired by programme: cost against pay-off."""
    ids = list(COSTS_AND_PAYOFFS)
    frame = charts.rows(ids, item={i: v[0] for i, v in COSTS_AND_PAYOFFS.items()},
                        Kind={i: v[1] for i, v in COSTS_AND_PAYOFFS.items()})
    frame["label"] = frame["item"] + ", " + frame["Kind"].str.lower()
    return frame
