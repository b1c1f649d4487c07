"""A small stop-word language guesser, to tag titles and abstracts whose language differs from the record's."""

from __future__ import annotations

import re

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and in to with was were is are for a an on by that this from at "
                    "as be or not which after patients".split()),
    "nl": frozenset("de het een van en in is op te voor met zijn bij naar worden wordt niet "
                    "door dat die als ook aan".split()),
    "de": frozenset("der die das und in ist mit von den zu im für nicht bei eine ein des dem "
                    "auf wird wurden sich".split()),
    "fr": frozenset("le la les de des et en du un une est dans pour avec sur par au aux "
                    "chez été sont".split()),
    "it": frozenset("il lo la le di e in del della dei con per un una è nel nella sono da "
                    "degli alla stato".split()),
    "es": frozenset("el la los las de y en del un una es con por para se que al fue "
                    "como sobre".split()),
    "pt": frozenset("o a os as de e em do da dos das um uma com por para que foi são "
                    "não no na".split()),
}
_WORD = re.compile(r"[^\W\d_]+")
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _code, _words in _STOPWORDS.items():
    for _word in _words:
        _LANGUAGES_OF[_word] = _LANGUAGES_OF.get(_word, ()) + (_code,)


def guess_language(text: str | None, *, min_hits: int = 3) -> str | None:
    """ISO 639-1 code of the language the text is most likely in, or None when unsure.

    Counts stop words of each language; answers only when the best language has at
    least ``min_hits`` of them and clearly more than the runner-up.
    """
    if not text:
        return None
    words = _WORD.findall(text[:4000].casefold())
    counts = dict.fromkeys(_STOPWORDS, 0)
    for word in words:
        for code in _LANGUAGES_OF.get(word, ()):
            counts[code] += 1
    scores = sorted(((n, code) for code, n in counts.items()), reverse=True)
    (best, code), (second, _) = scores[0], scores[1]
    if best >= min_hits and best >= 2 * second + 1:
        return code
    if best >= 1 and len(words) <= 12 and best > second:
        return code
    return None


def text_language(text: str | None, record_language: str | None) -> str | None:
    """The language tag for a title or abstract: the guess when it is sure, else the record's."""
    guessed = guess_language(text)
    return guessed or record_language
