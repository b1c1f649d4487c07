"""Numbers as literature writes them: digits, number words ("Seventeen", "twenty-one"), ordinals."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
import re

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
WORDS: dict[str, int] = {word: value for value, word in enumerate(_UNITS)}
WORDS.update(_TENS)
WORDS.update({f"{tens}-{unit}": value + n for tens, value in _TENS.items()
              for n, unit in enumerate(_UNITS) if 1 <= n <= 9})
WORDS.update({"single": 1, "both": 2, "hundred": 100, "none": 0})

ORDINALS: dict[str, int] = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
                            "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
                            "last": 0, "remaining": 0}

_DIGITS = re.compile(r"\d{1,9}")
_DECIMAL = re.compile(r"\d{1,9}(?:[.,]\d{1,6})?")


def count_value(word: str) -> int | None:
    """The integer a count token stands for ("12", "Seventeen", "twenty-one"); None otherwise."""
    lowered = word.casefold()
    if _DIGITS.fullmatch(lowered):
        return int(lowered)
    return WORDS.get(lowered)


def decimal_value(text: str) -> Decimal | None:
    """A dose number as a Decimal ("500", "1.5", "0,5"); None when it is not a plain number."""
    if not _DECIMAL.fullmatch(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def phrase_value(words: list[str]) -> tuple[int, int] | None:
    """The number a phrase ending the list spells, and how many words it takes:
    ["Two", "hundred", "ninety-seven"] → (297, 3); ["one", "hundred", "and", "five"] → (105, 4)."""
    if not words:
        return None
    last = count_value(words[-1])
    if last is None:
        return None
    if words[-1].isdigit():
        return last, 1
    total, taken, i = last, 1, len(words) - 2
    if i >= 0 and words[i].casefold() == "and" and i >= 1 and words[i - 1].casefold() == "hundred":
        i -= 1
        taken += 1
    if i >= 1 and words[i].casefold() == "hundred":
        multiplier = WORDS.get(words[i - 1].casefold())
        if multiplier is not None and 1 <= multiplier <= 9:
            return multiplier * 100 + (0 if words[-1].casefold() == "hundred" else total), taken + 2
    return total, 1
