"""One way to write a statistic, used by the `{stat}` role, the charts, the tables and the tests.

The book never prints `as_written` in prose: it prints this formatting of `value`, so that prose, charts and data
can only disagree if the CSV does.
"""
import math
import re

from evidence.qualifiers import printed

CURRENCY = {"GBP": "£", "EUR": "€", "USD": "$"}
FRACTION_WORDS = {
    (1, 2): "a half", (1, 3): "one-third", (2, 3): "two-thirds", (1, 4): "a quarter", (3, 4): "three-quarters",
    (1, 5): "one-fifth", (2, 5): "two-fifths", (3, 5): "three-fifths", (4, 5): "four-fifths",
}
DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
WORDED_UNITS = {"count", "people", "years", "months", "weeks", "days", "hours"}  # small counts the source may spell
UNIT_WORDS = {"multiple": "times", "years": "years", "months": "months", "weeks": "weeks", "days": "days",
              "hours": "hours", "percentage-points": "percentage points"}


def plain_number(x):
    """1234.5 -> '1,234.5'; 7.0 -> '7'. Keeps the decimals the CSV gave, drops float noise."""
    text = f"{x:,.4f}".rstrip("0").rstrip(".")
    return text


def _scaled(x):
    """Large amounts in words, as the source writes them: 2e9 -> '2 billion', 1.4e6 -> '1.4 million'."""
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(x) >= size:
            return f"{plain_number(x / size)} {word}"
    return plain_number(x)


def _fraction(x):
    for denominator in range(2, 11):
        numerator = round(x * denominator)
        if numerator and abs(numerator / denominator - x) < 5e-4:
            divisor = math.gcd(numerator, denominator)
            n, d = numerator // divisor, denominator // divisor
            if (n, d) in FRACTION_WORDS:
                return FRACTION_WORDS[(n, d)]
            return f"{DIGIT_WORDS[n] if n <= 10 else n} in {DIGIT_WORDS[d]}"
    return f"{plain_number(x * 100)}%"


def _money(x, unit):
    symbol = CURRENCY[unit]
    if abs(x) < 1e6 and x != int(x):
        return f"{symbol}{x:,.2f}"
    return f"{symbol}{_scaled(x)}"


def format_number(x, unit, in_words=False):
    """A single number in its unit, without qualifier; `in_words` spells whole numbers up to ten ("three")."""
    if in_words and unit in WORDED_UNITS and x == int(x) and 0 <= x <= 10:
        number = DIGIT_WORDS[int(x)]
        if unit in UNIT_WORDS:
            word = UNIT_WORDS[unit]
            return f"{number} {word[:-1] if x == 1 else word}"
        return number
    if unit == "percent":
        return f"{plain_number(x)}%"
    if unit == "fraction":
        return _fraction(x)
    if unit in CURRENCY:
        return _money(x, unit)
    if unit == "ratio":
        return f"{plain_number(x)}:1"
    if unit in UNIT_WORDS:
        word = UNIT_WORDS[unit]
        return f"{plain_number(x)} {word[:-1] if x == 1 and word.endswith('s') else word}"
    return _scaled(x)


def format_statistic(row):
    """The text a reader sees for a statistic row (a mapping with value, value_high, unit, qualifier, as_written).

    Counts up to ten are spelled out where the source spells them ("three or four", "within three days").
    """
    unit, low, high = row["unit"], float(row["value"]), row.get("value_high")
    in_words = not re.search(r"\d", row.get("as_written") or "0")
    if high is not None and high == high and high != "":  # not None, not NaN, not empty
        high = float(high)
        if in_words and unit in WORDED_UNITS:
            text = f"{format_number(low, 'count', True)} or {format_number(high, unit, True)}"
        elif unit == "percent":
            text = f"{plain_number(low)}–{plain_number(high)}%"
        elif unit in UNIT_WORDS:  # the unit once, after the range: "12–14 years"
            text = f"{plain_number(low)}–{format_number(high, unit)}"
        else:
            text = f"{format_number(low, unit)}–{format_number(high, unit)}"
    else:
        text = format_number(low, unit, in_words)
    return printed(row["qualifier"], text)
