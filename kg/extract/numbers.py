"""Numbers as literature writes them: digits, number words ("Seventeen", "twenty-one"), ordinals."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

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
