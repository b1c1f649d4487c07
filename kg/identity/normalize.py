"""Pure normalisers: keys, names, DOIs, ISSNs, ISBNs, ORCIDs, pages, dates and languages."""

from __future__ import annotations

from functools import lru_cache
import re
import unicodedata

from kg.model import PartialDate

# -- keys ---------------------------------------------------------------------------------

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu",
    "ν": "nu", "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma",
    "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}
_GREEK_TABLE = str.maketrans(_GREEK)
_NOT_KEY = re.compile(r"[^a-z0-9]+")
_SPECIAL_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "þ": "th",
                                "ı": "i", "œ": "oe"})


def spell_greek(text: str) -> str:
    """Greek letters spelled out in Latin letters (α → alpha), other text unchanged."""
    return text.translate(_GREEK_TABLE)


def norm_key(text: str) -> str:
    """The identity key of a title or name: NFKC, casefold, Latin and Greek accents dropped, Greek
    letters spelled (α → alpha), digits as ASCII digits, and the letters and digits of every
    script kept, so a Cyrillic, Arabic or CJK title never reduces to an empty key."""
    if text.isascii():
        return _NOT_KEY.sub("", text.lower())
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    kept: list[str] = []
    accented = False  # the last letter kept is Latin or Greek: marks after it are accents
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] == "L":
            kept.append(ch)
            accented = ch.isascii() or "\u0370" <= ch <= "\u03ff"
        elif category == "Nd":
            kept.append(str(unicodedata.digit(ch)))
            accented = True
        elif category[0] == "N":
            kept.append(ch)
            accented = True
        elif category[0] == "M":
            if not accented:
                kept.append(ch)  # a vowel sign, virama or nukta: part of the letter
        else:
            accented = True  # spaces and punctuation fall away; no mark belongs to them
    text = spell_greek(unicodedata.normalize("NFC", "".join(kept))).translate(_SPECIAL_LATIN)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def clean_text(text: str | None) -> str | None:
    """Whitespace runs collapsed, ends stripped; None for empty text."""
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


# -- identifiers -------------------------------------------------------------------------

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIXES = re.compile(
    r"^(?:doi:\s*|(?:https?:)?//[^/\s]*doi[^/\s]*/+|(?:dx\.)?doi\.org/)", re.IGNORECASE)


def normalize_doi(text: str | None) -> str | None:
    """"https://doi.org/10.1080/ABC" → "10.1080/abc"; None when it is not a DOI."""
    if not text:
        return None
    text = text.strip()
    while True:
        stripped = _DOI_PREFIXES.sub("", text, count=1).strip()
        if stripped == text:
            break
        text = stripped
    text = text.rstrip(".,;")
    match = _DOI.fullmatch(text)
    return match.group(0).lower() if match else None


def _issn_check(digits: str) -> str:
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1)))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def normalize_issn(text: str | None) -> str | None:
    """"0284186x" → "0284-186X"; None when malformed or the check digit is wrong."""
    if not text:
        return None
    compact = re.sub(r"[\s\-–]", "", text.strip()).upper()
    if not re.fullmatch(r"\d{7}[\dX]", compact) or _issn_check(compact) != compact[7]:
        return None
    return f"{compact[:4]}-{compact[4:]}"


def normalize_orcid(text: str | None) -> str | None:
    """"https://orcid.org/0000-0002-1825-0097" → "0000-0002-1825-0097"; None when the checksum fails."""
    if not text:
        return None
    compact = re.sub(r"^(?:https?://)?(?:www\.)?orcid\.org/", "", text.strip(), flags=re.I)
    compact = compact.replace("-", "").replace(" ", "").upper()
    if not re.fullmatch(r"\d{15}[\dX]", compact):
        return None
    total = 0
    for digit in compact[:15]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    if ("X" if check == 10 else str(check)) != compact[15]:
        return None
    return "-".join(compact[i:i + 4] for i in range(0, 16, 4))


def normalize_pmid(text: str | int | None) -> str | None:
    """A PubMed id as a string of digits without leading zeros; None otherwise."""
    if text is None:
        return None
    text = str(text).strip()
    text = re.sub(r"^(?:pmid:?\s*|https?://(?:www\.)?(?:ncbi\.nlm\.nih\.gov/)?pubmed/"
                  r"|https?://pubmed\.ncbi\.nlm\.nih\.gov/)", "", text, flags=re.I).strip("/ ")
    return str(int(text)) if text.isdigit() and 0 < int(text) < 10**10 else None


def normalize_pmcid(text: str | None) -> str | None:
    """"pmc1234567" or "1234567" → "PMC1234567"; None otherwise."""
    if not text:
        return None
    text = re.sub(r"^https?://\S*/pmc/articles/(?!PMC)", "", str(text).strip(), flags=re.I)
    text = re.sub(r"^https?://\S*/(?=PMC)", "", text, flags=re.I).strip("/ ")
    match = re.fullmatch(r"(?:PMC)?(\d{1,10})", text, flags=re.I)
    return f"PMC{int(match.group(1))}" if match else None


def normalize_ror(text: str | None) -> str | None:
    """"https://ror.org/03vek6s52" → "03vek6s52"; None when it is not a ROR id."""
    if not text:
        return None
    text = re.sub(r"^(?:https?://)?ror\.org/", "", text.strip(), flags=re.I)
    return text.lower() if re.fullmatch(r"0[a-hj-km-np-tv-z0-9]{6}\d{2}", text.lower()) else None


def _isbn13_check(digits: str) -> str:
    return str((10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12])) % 10) % 10)


def normalize_isbn(text: str | None) -> str | None:
    """An ISBN as its 13 digits ("0-306-40615-2" → "9780306406157"); None when malformed or its
    check digit is wrong. An ISBN-10 becomes its 978 ISBN-13, so one book has one key."""
    if not text:
        return None
    compact = re.sub(r"^\s*ISBN(?:-1[03])?:?|[\s\-‐–]", "", str(text), flags=re.IGNORECASE).upper()
    if re.fullmatch(r"\d{9}[\dX]", compact):
        total = sum(int(d) * w for d, w in zip(compact[:9], range(10, 1, -1)))
        if (total + (10 if compact[9] == "X" else int(compact[9]))) % 11:
            return None
        compact = "978" + compact[:9]
        return compact + _isbn13_check(compact)
    if re.fullmatch(r"97[89]\d{10}", compact) and _isbn13_check(compact) == compact[12]:
        return compact
    return None


# -- pages -------------------------------------------------------------------------------

_PAGE_SPLIT = re.compile(r"\s*(?:-|–|—|‐|‑|‒|−|\bto\b)+\s*")


def parse_pages(text: str | None) -> tuple[str | None, str | None]:
    """Start and end page. MEDLINE short ends expand ("103-12" → 103, 112); "e0033693" stays."""
    text = clean_text(text)
    if not text:
        return None, None
    text = text.split(",")[0].split(";")[0].strip()
    parts = [p for p in _PAGE_SPLIT.split(text, maxsplit=1) if p]
    if not parts:
        return None, None
    start = parts[0]
    end = parts[1] if len(parts) > 1 else None
    if end is not None:
        # "S45-50" → "S45", "S50"; "103-12" → "103", "112"
        prefix = re.match(r"^([A-Za-z]*)(\d+)$", start)
        tail = re.match(r"^([A-Za-z]*)(\d+)$", end)
        if prefix and tail and (not tail.group(1) or tail.group(1) == prefix.group(1)):
            head_digits, end_digits = prefix.group(2), tail.group(2)
            if len(end_digits) < len(head_digits):
                end_digits = head_digits[: len(head_digits) - len(end_digits)] + end_digits
            end = prefix.group(1) + end_digits
    return start, end


def page_count(start: str | None, end: str | None) -> int | None:
    """Pages from start to end inclusive, when both are plain numbers in order."""
    if start and end and start.isdigit() and end.isdigit() and int(end) >= int(start):
        return int(end) - int(start) + 1
    return None


# -- dates -------------------------------------------------------------------------------

_MONTHS = {
    m: i for i, names in enumerate(
        [("jan", "january", "janv", "gen", "januar"), ("feb", "february", "febr", "februar"),
         ("mar", "march", "mrz", "maart", "mär"), ("apr", "april"),
         ("may", "mai", "mei", "mag"), ("jun", "june", "juni", "giu"),
         ("jul", "july", "juli", "lug"), ("aug", "august", "augustus", "ago"),
         ("sep", "sept", "september", "set"), ("oct", "october", "okt", "oktober", "ott"),
         ("nov", "november"), ("dec", "december", "dez", "dic")], start=1)
    for m in names
}
_SEASONS = {"spring", "summer", "fall", "autumn", "winter"}
_DATE_TOKEN = re.compile(r"[A-Za-zÀ-ÿ]+|\d+")


def month_number(text: str) -> int | None:
    """1–12 for a month name, abbreviation or number."""
    text = text.strip().rstrip(".").casefold()
    if text.isdigit():
        value = int(text)
        return value if 1 <= value <= 12 else None
    return _MONTHS.get(text) or _MONTHS.get(text[:3])


def parse_date(text: str | None) -> PartialDate | None:
    """A partial date from the forms sources print.

    "1993", "Jun 2006", "May 1 2012", "Jan 29 2005", "29 January 2005", "2005-01-29",
    "2005/1/29", "1999 Spring" (year only), "1998 Dec-1999 Jan" (the first date).
    """
    text = clean_text(text)
    if not text:
        return None
    iso = re.fullmatch(r"(\d{4})(?:[-/.\s]+(\d{1,2})(?:[-/.\s]+(\d{1,2}))?)?(?:T\S*)?", text)
    if iso:
        return _safe_date(int(iso.group(1)), iso.group(2), iso.group(3))
    tokens = _DATE_TOKEN.findall(text)
    year = month = day = None
    for token in tokens:
        if token.isdigit():
            if len(token) == 4 and year is None:
                year = int(token)
                if month is not None or day is not None:
                    break
            elif len(token) <= 2 and day is None and year is None:
                day = int(token)
            elif len(token) <= 2 and day is None and month is not None:
                day = int(token)
        elif token.casefold() in _SEASONS:
            continue
        elif month is None:
            month = month_number(token)
        if year is not None and month is not None and day is not None:
            break
    if year is None:
        return None
    return _safe_date(year, month, day)


def _safe_date(year: int, month, day) -> PartialDate | None:
    month = int(month) if month not in (None, "") else None
    day = int(day) if day not in (None, "") and month is not None else None
    if month is not None and not 1 <= month <= 12:
        month, day = None, None
    if day is not None and not 1 <= day <= _days_in(year, month):
        day = None
    try:
        return PartialDate(year=year, month=month, day=day)
    except ValueError:
        return None


def _days_in(year: int, month: int | None) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


# -- languages ---------------------------------------------------------------------------

_LANGUAGES = {
    "en": ("english", "eng"), "nl": ("dutch", "nederlands", "dut", "nld", "flemish"),
    "it": ("italian", "italiano", "ita"), "de": ("german", "deutsch", "ger", "deu"),
    "fr": ("french", "français", "francais", "fre", "fra"), "es": ("spanish", "español",
    "espanol", "spa", "castilian"), "pt": ("portuguese", "português", "por"),
    "ru": ("russian", "rus"), "zh": ("chinese", "chi", "zho", "mandarin"),
    "ja": ("japanese", "jpn"), "pl": ("polish", "pol"), "sv": ("swedish", "swe"),
    "da": ("danish", "dan"), "no": ("norwegian", "nor"), "fi": ("finnish", "fin"),
    "cs": ("czech", "cze", "ces"), "hu": ("hungarian", "hun"), "tr": ("turkish", "tur"),
    "el": ("greek", "gre", "ell"), "ko": ("korean", "kor"), "ar": ("arabic", "ara"),
    "he": ("hebrew", "heb"), "hr": ("croatian", "hrv"), "ro": ("romanian", "rum", "ron"),
    "sk": ("slovak", "slo", "slk"), "sl": ("slovenian", "slv"), "uk": ("ukrainian", "ukr"),
    "ca": ("catalan", "cat"), "la": ("latin", "lat"), "fa": ("persian", "per", "fas"),
    "lt": ("lithuanian", "lit"), "bg": ("bulgarian", "bul"), "sr": ("serbian", "srp"),
    "et": ("estonian", "est"), "lv": ("latvian", "lav"), "is": ("icelandic", "ice", "isl"),
    "af": ("afrikaans", "afr"), "id": ("indonesian", "ind"), "ms": ("malay", "may", "msa"),
    "th": ("thai", "tha"), "vi": ("vietnamese", "vie"), "hi": ("hindi", "hin"),
}
# Language names as LaTeX babel and polyglossia spell them (BibTeX langid / language fields).
_BABEL = {"american": "en", "british": "en", "english": "en", "UKenglish": "en", "USenglish": "en",
          "canadian": "en", "australian": "en", "newzealand": "en", "ngerman": "de",
          "austrian": "de", "naustrian": "de", "swissgerman": "de", "nswissgerman": "de",
          "francais": "fr", "acadian": "fr", "canadien": "fr", "brazil": "pt", "brazilian": "pt",
          "portuges": "pt", "spanish": "es", "italian": "it", "dutch": "nl", "polish": "pl",
          "russian": "ru", "swedish": "sv", "danish": "da", "norsk": "no", "nynorsk": "no",
          "finnish": "fi", "czech": "cs", "greek": "el", "turkish": "tr", "hungarian": "hu",
          "magyar": "hu", "croatian": "hr", "romanian": "ro", "slovak": "sk", "slovene": "sl",
          "ukrainian": "uk", "catalan": "ca", "latin": "la", "hebrew": "he", "japanese": "ja",
          "chinese": "zh", "korean": "ko"}
_LANGUAGE_INDEX = {name: code for code, names in _LANGUAGES.items() for name in names}
_LANGUAGE_INDEX.update({name.casefold(): code for name, code in _BABEL.items()})


def language_code(text: str | None) -> str | None:
    """ISO 639-1 code for a language name or code ("English", "eng", "EN", "en-US" → "en")."""
    text = clean_text(text)
    if not text:
        return None
    text = text.casefold()
    base = re.split(r"[-_]", text)[0]
    if base in _LANGUAGES:
        return base
    return _LANGUAGE_INDEX.get(text) or _LANGUAGE_INDEX.get(base)


# -- names -------------------------------------------------------------------------------

_PARTICLES = {"de", "di", "da", "del", "della", "van", "von", "der", "den", "du", "la", "le",
              "dos", "das", "do", "ten", "ter", "y", "bin", "ibn", "al", "el", "st", "mac"}


def display_name(given: str | None, family: str | None) -> str | None:
    """"Nicoletta", "Zilembo" → "Nicoletta Zilembo"."""
    parts = [clean_text(given), clean_text(family)]
    name = " ".join(p for p in parts if p)
    return name or None


def split_inverted_name(text: str) -> tuple[str | None, str | None]:
    """"Zilembo, Nicoletta" → ("Nicoletta", "Zilembo"); "Zilembo N" → ("N", "Zilembo")."""
    text = clean_text(text) or ""
    if "," in text:
        family, _, given = text.partition(",")
        return clean_text(given), clean_text(family)
    parts = text.split(" ")
    if len(parts) >= 2 and re.fullmatch(r"(?:[A-Z]\.?-?){1,4}", parts[-1]):
        return parts[-1], " ".join(parts[:-1])
    return None, clean_text(text)


def initials_of(given: str | None) -> str | None:
    """"Nicoletta Maria" → "NM"; "J.-P." → "JP"."""
    if not given:
        return None
    letters = [w[0] for w in re.split(r"[\s.\-]+", given) if w and w[0].isalpha()]
    return "".join(letters).upper() or None


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """The key a name-identified person is minted from (DESIGN §5): norm of the name as given."""
    return norm_key(name)
