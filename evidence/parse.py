"""Read a number the way the source writes it ("over 50%", "two-thirds", "£2 billion", "between 16 and 26%").

Validation uses this to check that the `value` column agrees with `as_written`, so a typo in either is caught.
"""
import re

from evidence.qualifiers import signal_words

WORDS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "single": 1, "both": 2, "twice": 2,
}
DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "tenth": 10, "tenths": 10}
SCALES = {"thousand": 1e3, "k": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9, "billion": 1e9}
# Words around a number that say how exact it is (see evidence.qualifiers) or what it averages: stripped before reading.
QUALIFIER_WORDS = sorted(signal_words() + ["only", "an average of", "on average", "average of", "approx."], key=lambda w: -len(w))
NUMBER = r"\d+(?:\.\d+)?"


class UnreadableNumber(ValueError):
    """`as_written` holds no number this parser can read."""


def _clean(text):
    text = text.lower().strip()
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 23,000 -> 23000
    text = text.replace("per cent", "%").replace("percent", "%")
    text = re.sub(r"[£€$%]", " ", text).replace("–", "-").replace("—", "-")
    for word in QUALIFIER_WORDS:
        text = re.sub(rf"(?<![a-z]){re.escape(word)}(?![a-z])", " ", text)
    text = re.sub(r"\s*,\s*", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _word_number(text):
    """'seven' -> 7, 'twenty-five' -> 25, '12' -> 12, '1.4 m' -> 1400000."""
    text = text.strip()
    match = re.fullmatch(rf"({NUMBER})\s*([a-z]+)?", text)
    if match:
        number, scale = float(match.group(1)), match.group(2)
        if scale is None:
            return number
        if scale in SCALES:
            return number * SCALES[scale]
        raise UnreadableNumber(f"unknown scale word {scale!r}")
    parts = re.split(r"[\s-]+", text)
    total, scale = 0.0, 1.0
    if parts and parts[-1] in SCALES:
        scale = SCALES[parts.pop()]
    if not parts or any(p not in WORDS for p in parts):
        raise UnreadableNumber(f"cannot read {text!r} as a number")
    for part in parts:
        total = total * WORDS[part] if WORDS[part] == 100 else total + WORDS[part]
    return total * scale


def _fraction(text):
    """'two-thirds' -> 2/3, 'a half' -> 1/2, '9 out of 10' / 'one in five' -> 0.9 / 0.2; None if not a fraction."""
    match = re.fullmatch(r"(.+?)\s+(?:out of|in)\s+(.+?)(?:\s+[a-z]+)?", text)
    if match:
        try:
            return _word_number(match.group(1)) / _word_number(match.group(2))
        except (UnreadableNumber, ZeroDivisionError):
            return None
    match = re.fullmatch(r"(?:(.+?)[\s-]+)?(halves|half|thirds?|quarters?|fifths?|sixths?|tenths?)", text)
    if match:
        numerator = _word_number(match.group(1)) if match.group(1) else 1
        return numerator / DENOMINATORS[match.group(2)]
    return None


def parse_as_written(text):
    """Return (low, high) as floats; high is None unless the text is a range. Raise UnreadableNumber."""
    cleaned = _clean(text)
    match = (re.fullmatch(r"(?:between|from) (.+?) (?:and|to) (.+)", cleaned)
             or re.fullmatch(r"([a-z]+) or ([a-z]+)", cleaned)
             or re.fullmatch(rf"({NUMBER}\s*[a-z]*)\s*(?:-|to)\s*([\d.]+.*)", cleaned))
    if match:
        low_text, high_text = match.groups()
        high = parse_as_written(high_text)[0]
        # "16-26%" and "£1.5-2 million": a scale written once applies to both ends.
        scale = re.search(r"\s*([a-z]+)$", high_text)
        if re.fullmatch(NUMBER, low_text) and scale and scale.group(1) in SCALES:
            low_text += " " + scale.group(1)
        return parse_as_written(low_text)[0], high
    ratio = re.fullmatch(rf"({NUMBER})\s*:\s*1", cleaned)
    if ratio:
        return float(ratio.group(1)), None
    times = re.fullmatch(rf"(.+?)(?:\s+times|\s*-?fold|(?<=\d)\s*x)", cleaned)
    if times:
        return _word_number(times.group(1)), None
    fraction = _fraction(cleaned)
    if fraction is not None:
        return fraction, None
    # A number followed by a unit word we do not scale ("3 years", "40 hours").
    unit_word = re.fullmatch(rf"({NUMBER}|[a-z-]+)\s+(?!(?:thousand|million|billion|m|bn|k|mn)\b)[a-z]+s?", cleaned)
    if unit_word:
        try:
            return _word_number(unit_word.group(1)), None
        except UnreadableNumber:
            pass
    return _word_number(cleaned), None


def agrees(value, parsed):
    """True when `value` equals a parsed number; fractions may be rounded to 3 decimals (0.667 for 2/3)."""
    return abs(value - parsed) <= max(5e-4, 1e-9 * abs(parsed))
