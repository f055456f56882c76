"""The parser reads numbers as the source writes them; the formatter writes them one way everywhere."""
import pytest

from evidence.format import format_statistic
from evidence.parse import UnreadableNumber, agrees, parse_as_written


@pytest.mark.parametrize("text, expected", [
    ("over 50%", (50, None)), ("two-thirds", (2 / 3, None)), ("£2 billion", (2e9, None)), ("1.4 m", (1.4e6, None)),
    ("between 16 and 26%", (16, 26)), ("16-26%", (16, 26)), ("nearly 23,000", (23000, None)), ("seven", (7, None)),
    ("almost a half", (0.5, None)), ("9 out of 10", (0.9, None)), ("2.86:1", (2.86, None)), ("about 80 times", (80, None)),
    ("one in five", (0.2, None)), ("a maximum of six", (6, None)), ("twenty-five", (25, None)),
    ("£1.5-2 million", (1.5e6, 2e6)), ("from 1.17 to 5.18", (1.17, 5.18)), ("three or four", (3, 4)),
    ("within 25 days", (25, None)), ("well in excess of £500,000", (500000, None)), ("3.8m", (3.8e6, None)),
])
def test_parse_as_written(text, expected):
    low, high = parse_as_written(text)
    assert agrees(low, expected[0])
    assert high == pytest.approx(expected[1]) if expected[1] is not None else high is None


@pytest.mark.parametrize("text", ["", "many", "a lot of people", "£ten-ish"])
def test_unreadable_numbers_raise(text):
    with pytest.raises(UnreadableNumber):
        parse_as_written(text)


def test_agrees_is_strict_except_for_rounded_fractions():
    assert agrees(0.667, 2 / 3)
    assert not agrees(4.62, 4.6)
    assert not agrees(51, 50)


@pytest.mark.parametrize("row, text", [
    ({"value": 50, "unit": "percent", "qualifier": "over"}, "over 50%"),
    ({"value": 0.6667, "unit": "fraction", "qualifier": "exact"}, "two-thirds"),
    ({"value": 0.9, "unit": "fraction", "qualifier": "exact"}, "nine in ten"),
    ({"value": 2e9, "unit": "GBP", "qualifier": "around"}, "about £2 billion"),
    ({"value": 16, "value_high": 26, "unit": "percent", "qualifier": "between"}, "16–26%"),
    ({"value": 800000, "value_high": 880000, "unit": "GBP", "qualifier": "between"}, "£800,000–£880,000"),
    ({"value": 12, "value_high": 14, "unit": "years", "qualifier": "between", "as_written": "12-14"}, "12–14 years"),
    ({"value": 2.86, "unit": "ratio", "qualifier": "exact"}, "2.86:1"),
    ({"value": 23000, "unit": "people", "qualifier": "nearly"}, "nearly 23,000"),
    ({"value": 4.5, "unit": "GBP", "qualifier": "exact"}, "£4.50"),
    ({"value": 1, "unit": "years", "qualifier": "at least"}, "at least 1 year"),
    ({"value": 80, "unit": "multiple", "qualifier": "around"}, "about 80 times"),
])
def test_format_statistic(row, text):
    assert format_statistic(row) == text
