"""Eligibility conditions that a call states only in its text: a region, or a company size.

Many national and regional calls carry no structured region or size field, yet their text says
"Lapin ELY-keskuksen alueella toimiville yrityksille", "för företag verksamma i Österbotten" or
"for startups under 5 years old". ``text_conditions`` reads these statements so that the hard
rules in ``matching.eligibility`` can apply them, each with the sentence that states it.

Precision matters more than recall here, since a wrong condition hides a call:

* a **region** counts only with restricting phrasing next to it (Finnish "X:n alueella",
  "X:n alueen", "X:ssa toimivat / sijaitsevat", "vain X"; Swedish "företag i X", "verksamma i
  X", "endast i X"; English "located / operating / based in X", "in the region of X", "only
  in X"), never in a sentence that gives it as an example, and not at all when the text says the
  call is nationwide. Regions listed together ("Pohjois-Savossa ja Pohjois-Karjalassa
  toimivat") are read as one list; several restricting sentences add up.
* a **size** counts only in a sentence that says whom the call is for or who may apply
  ("tarkoitettu", "voivat hakea", "myönnetään", "intended for", "eligible", "riktar sig
  till" ...). Every such sentence admits the size classes it names, and the call admits their
  union: "pk-yrityksille" and, elsewhere, "voidaan myöntää suuryrityksille, jos ..." admit every
  size, so nothing is excluded. "Lukuun ottamatta suuryrityksiä" / "except large" removes a class.
  Start-ups and young companies are read as companies below the SME ceiling of 250 staff: the
  company's age is not known, but no such instrument is meant for a midcap or large company.

* a **staff ceiling in numbers**, a **company age limit** and **de minimis** aid are read by
  ``matching.limits``: the ceiling joins the sizes admitted (as the classes within it); a
  ceiling stated "as a rule" and the age limit make a match doubtful (``matching.doubt``);
  de minimis is kept for showing.

Size classes follow the EU SME definition (Recommendation 2003/361/EC) and Business Finland's
midcap class, as in ``matching.records.SIZE_CLASSES``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from matching import municipalities
from matching.limits import (
    DE_MINIMIS,
    age_limit,
    classes_within,
    de_minimis_of,
    staff_ceiling,
    staff_limit,
)
from matching.places import region_mentions
from matching.records import SIZE_CLASSES, CallProfile
from matching.sentences import EXAMPLE as _EXAMPLE
from matching.sentences import NATIONWIDE as _NATIONWIDE
from matching.sentences import TARGET as _TARGET
from matching.sentences import quote as _quote
from matching.sentences import sentences as _sentences

_ALL_SIZES = frozenset(SIZE_CLASSES)
_SME = frozenset({"micro", "small", "medium"})


@dataclass(frozen=True, slots=True)
class TextConditions:
    """What a call's text restricts. Empty tuples: the text states no such restriction.

    ``sizes`` are the size classes admitted, ``size_target`` names the group the text gives
    (``sme``, ``sme_midcap``, ``small``, ``micro``, ``young``, ``not_large``); the evidence
    fields quote the sentence (shortened) that states each condition.
    """

    regions: tuple[str, ...] = ()
    region_evidence: str = ""
    sizes: tuple[str, ...] = ()
    size_target: str = ""
    size_evidence: str = ""
    municipalities: tuple[str, ...] = ()  # municipality codes (a Leader group's area ...)
    municipality_evidence: str = ""
    sectors: tuple[str, ...] = ()  # sector groups admitted (``matching.sectors``)
    sector_evidence: str = ""
    excluded_sectors: tuple[str, ...] = ()
    excluded_evidence: str = ""
    rural: bool = False  # a rural location is required (shown, not checked: see module doc)
    rural_evidence: str = ""
    max_staff: int | None = None  # a staff ceiling in numbers (most staff allowed), hard
    soft_max_staff: int | None = None  # a ceiling stated "as a rule": lowers, never excludes
    staff_soft_evidence: str = ""
    max_age_years: int | None = None  # "under 5 years old": shown (no company age is known)
    age_evidence: str = ""
    de_minimis: bool = False  # granted as de minimis aid: shown as information
    de_minimis_evidence: str = ""


# -- regions -----------------------------------------------------------------------------
_LIST_GLUE = re.compile(r"\s*(?:,|\(|\)|ja|tai|sekä|och|eller|and|or|&)\s*")
_CUE_AFTER = re.compile(
    r"\s*(?:(?:ely-keskuksen|elinvoimakeskuksen|maakunnan|liiton|kunnan)\s+)?"
    r"(?:toimi)?alue(?:ella|en|elle|elta)\b"
    r"|\s*(?:toimiv|sijaitsev|rekisteröity\w*\s+ja\s+toimiv)\w*"
    r"|\s*(?:verksamma|verksamt|belägna|beläget)\b"
    r"|\s*(?:region|area)\s+(?:only|companies|smes|enterprises)\b")
_CUE_BEFORE = re.compile(
    r"(?:\b(?:vain|ainoastaan|yksinomaan|kohdistuu)\s+"
    r"|\b(?:endast|enbart|bara|uteslutande)\s+(?:i|inom)?\s*"
    r"|\b(?:företag\w*|verksamma|verksamt|belägna|beläget|sökande)\s+(?:i|inom)\s+"
    r"|\b(?:only|exclusively|solely|restricted)\s+(?:to\s+|in\s+|for\s+)?(?:the\s+)?"
    r"(?:region\s+of\s+)?"
    r"|\b(?:located|operating|based|established|registered|active)\s+in\s+(?:the\s+)?"
    r"(?:region\s+of\s+)?"
    r"|\bin\s+the\s+region\s+of\s+"
    r"|\b(?:companies|enterprises|smes|businesses|applicants)\s+(?:in|from)\s+(?:the\s+)?)$")


def _region_lists(sentence: str) -> list[tuple[int, int, set[str]]]:
    """Region mentions joined into lists ("Pohjois-Savossa ja Pohjois-Karjalassa")."""
    lists: list[tuple[int, int, set[str]]] = []
    for start, end, regions in region_mentions(sentence):
        if lists and _LIST_GLUE.fullmatch(sentence[lists[-1][1]:start] or " "):
            lists[-1] = (lists[-1][0], end, lists[-1][2] | set(regions))
        else:
            lists.append((start, end, set(regions)))
    return lists


def _restricted_regions(sentence: str) -> set[str]:
    found: set[str] = set()
    for start, end, regions in _region_lists(sentence):
        before = sentence[max(0, start - 60):start]
        if _EXAMPLE.search(before[-40:]):
            continue
        if _CUE_AFTER.match(sentence, end) or _CUE_BEFORE.search(before):
            found |= regions
    return found


def _regions(sentences: list[tuple[str, str]]) -> tuple[tuple[str, ...], str]:
    if any(_NATIONWIDE.search(low) for low, _sentence in sentences):
        return (), ""
    regions: set[str] = set()
    evidence: list[str] = []
    for low, sentence in sentences:
        hit = _restricted_regions(low)
        if hit:
            regions |= hit
            evidence.append(sentence)
    return tuple(sorted(regions)), _quote(" … ".join(evidence))


# -- sizes -------------------------------------------------------------------------------
_EXCEPT = re.compile(
    r"\b(?:lukuun ottamatta|paitsi|ei|eivät|excluding|except|not|other than|utom|inte)\s+"
    r"(?:\w+\s+){0,2}(?:suur(?:ten\s+)?yrity\w*|suuri\w* yrity\w*|large\s+(?:companies|"
    r"enterprises|undertakings)|stora företag\w*)")
# (pattern, classes admitted, group name); young companies first so "startup" wins its name
_GROUPS: tuple[tuple[re.Pattern[str], frozenset[str], str], ...] = (
    (re.compile(r"\bstart-?up\w*|\bnuor\w* (?:kasvu)?yrity\w*|\balle [1-9]\s*-?vuotia\w*|"
                r"\baloittav\w* yrity\w*|\byoung (?:innovative )?(?:companies|enterprises|"
                r"firms)\b|\bunder [1-9] years old\b|\bunga företag\w*|\bnystartade\b"),
     _SME, "young"),
    (re.compile(r"\bmikroyrity\w*|\bmicro-?enterprises?\b|\bmikroföretag\w*|"
                r"\balle 10 (?:henkilö|työntekijä|hengen)\w*|\bfewer than 10 (?:employees|staff)"),
     frozenset({"micro"}), "micro"),
    (re.compile(r"\bpienyrity\w*|\bpien(?:ille|et|iä|ten|i) yrity\w*|\bsmall (?:companies|"
                r"enterprises|businesses|firms)\b|\bsmåföretag\w*|\bsmå företag\w*|"
                r"\balle 50 (?:henkilö|työntekijä|hengen)\w*|\bfewer than 50 (?:employees|staff)"),
     frozenset({"micro", "small"}), "small"),
    # not where SMEs are suppliers: "ostaa palveluja pk-yrityksiltä", "services from SMEs"
    (re.compile(r"\bpk-(?!yrityksiltä|yrityksistä)|\bpk yrity\w*|\bpien\w* ja keskisuur\w*|"
                r"(?<!from )\bsmes?\b|\bsme-|"
                r"\bsmall and medium|\bsmå och medelstora|\bsm-företag\w*|"
                r"\balle 250 (?:henkilö|työntekijä|hengen)\w*|"
                r"\b(?:fewer|less) than 250 (?:employees|staff|persons)"),
     _SME, "sme"),
    (re.compile(r"\bmid-?cap\w*|\bmidcap\w*"), frozenset({"midcap"}), "midcap"),
    (re.compile(r"\bsuur(?:yrity|ille yrityksille|et yritykset|ia yrityksiä)\w*|"
                r"\blarge (?:companies|enterprises|firms|corporations)\b|\bstora företag\w*|"
                r"\bkaiken ?kokoi\w*|\ball sizes\b|\bav alla storlekar\b|\boavsett storlek\b"),
     _ALL_SIZES, "any"),
)


def _admitted(sentence: str) -> tuple[frozenset[str], list[str]] | None:
    """Size classes one target-group sentence admits, and the groups it names."""
    ceiling = staff_ceiling(sentence)
    admitted: set[str] = set()
    names: list[str] = []
    if ceiling is not None and not ceiling[1] and not _EXAMPLE.search(sentence):
        admitted |= classes_within(ceiling[0])
        names.append("staff")
    if not _TARGET.search(sentence):
        return (frozenset(admitted), names) if admitted else None
    for pattern, classes, name in _GROUPS:
        if pattern.search(sentence):
            if name == "any" and _EXCEPT.search(sentence):
                continue
            admitted |= classes
            names.append(name)
    if _EXCEPT.search(sentence):
        admitted = (admitted or set(_ALL_SIZES)) - {"large", "midcap"}
        names.append("not_large")
    return (frozenset(admitted), names) if admitted else None


def _target_name(sizes: frozenset[str], names: list[str]) -> str:
    if names == ["staff"]:
        return "staff"
    if sizes == {"micro"}:
        return "micro"
    if sizes == {"micro", "small"}:
        return "small"
    if sizes == _SME:
        return "young" if names == ["young"] else ("not_large" if "not_large" in names
                                                   and "sme" not in names else "sme")
    return "sme_midcap" if sizes == _SME | {"midcap"} else "other"


def _sizes(sentences: list[tuple[str, str]]) -> tuple[tuple[str, ...], str, str]:
    admitted: set[str] = set()
    names: list[str] = []
    evidence: list[str] = []
    for low, sentence in sentences:
        found = _admitted(low)
        if found is not None:
            admitted |= found[0]
            names += [n for n in found[1] if n not in names]
            evidence.append(sentence)
    if not admitted or admitted >= _ALL_SIZES:
        return (), "", ""
    sizes = frozenset(admitted)
    ordered = tuple(s for s in SIZE_CLASSES if s in sizes)
    return ordered, _target_name(sizes, names), _quote(" … ".join(evidence))


# -- municipalities ------------------------------------------------------------------------
_MUNICIPALITY_GLUE = re.compile(r"\s*(?:,|ja|tai|sekä|och|eller|and|or)\s*")
_MUNICIPALITY_CUE = re.compile(
    r"\b(?:alue\w*|kunni\w*|kuntien|toimiv\w*|sijaitsev\w*|yrity\w*|asukk\w*|kommuner\w*|"
    r"område\w*|verksam\w*|företag\w*|municipalit\w*|area\w*|located|operating|based)\b")
_MUNICIPALITY_EXCEPT = re.compile(r"\b(?:lukuun ottamatta|pois lukien|paitsi|ei koske|"
                                  r"uteslutn\w*|utom|except|excluding|excluded)\b")


def _municipality_lists(sentence: str) -> list[set[str]]:
    """Municipalities named together as a list ("Kuusamon, Posion ja Taivalkosken")."""
    lists: list[tuple[int, set[str]]] = []
    for start, end, code in municipalities.mentions(sentence):
        if lists and _MUNICIPALITY_GLUE.fullmatch(sentence[lists[-1][0]:start]):
            lists[-1] = (end, lists[-1][1] | {code})
        else:
            lists.append((end, {code}))
    return [codes for _end, codes in lists]


def _municipalities(sentences: list[tuple[str, str]]) -> tuple[tuple[str, ...], str]:
    """A call's area given as a list of at least two municipalities in a sentence that says
    whom or where the call is for ("Koillismaan Leader tukee Kuusamon, Posion ja
    Taivalkosken alueen ... yrityksiä"). Read on the original text: names are capitalised."""
    if any(_NATIONWIDE.search(low) for low, _sentence in sentences):
        return (), ""
    found: set[str] = set()
    evidence: list[str] = []
    for low, sentence in sentences:
        if _EXAMPLE.search(low) or _MUNICIPALITY_EXCEPT.search(low) \
                or not _MUNICIPALITY_CUE.search(low):
            continue
        lists = [codes for codes in _municipality_lists(sentence) if len(codes) >= 2]
        if lists:
            for codes in lists:
                found |= codes
            evidence.append(sentence)
    return tuple(sorted(found)), _quote(" … ".join(evidence))


# -- sectors (Annex I farm products, primary production) -----------------------------------
_SECTOR_TARGET = re.compile(
    r"\bjalostusyrity\w*|\bjos yrityksesi jalostaa\b|\bmaataloustuotteita jalostav\w*|"
    r"\bjalostaa ja/tai myy maataloustuott\w*|\bannex i\b.*\b(?:voi|may|can|eligible)|"
    r"\bförädlar jordbruksprodukter\b|\bprocess(?:ing|es)? (?:of )?agricultural products\b")
_SECTOR_EXCLUDE = re.compile(r"\b(?:poissuljettu\w*|ei myönnetä|ei voida myöntää|"
                             r"lukuun ottamatta|pois lukien|ei koske|eivät voi|excluded|"
                             r"not eligible|except|uteslutna|undantag\w*|kan inte)\b")
_PRIMARY = re.compile(r"alkutuotan\w*|primary (?:agricultural )?production|primärproduktion")
_FOREST = re.compile(r"\bmetsä-|\bmetsätalou\w*|forestry|skogsbruk\w*")
_FISH = re.compile(r"\bkala-|\bkalatalou\w*|fisher\w*|aquaculture|fiske\w*")
_ANNEX_I_PROCESSING = re.compile(
    r"maataloustuotteiden jalostu\w*|processing (?:and marketing )?of agricultural products|"
    r"förädling av jordbruksprodukter")


def _sectors(sentences: list[tuple[str, str]]
             ) -> tuple[tuple[str, ...], str, tuple[str, ...], str]:
    """(admitted sector groups, evidence, excluded sector groups, evidence): a call only for
    companies that process or sell farm products of Annex I to the TFEU, and calls that
    exclude primary production or the processing of Annex I products (state-aid rules).
    Sector groups are those of ``matching.sectors``."""
    admitted: list[str] = []
    excluded: set[str] = set()
    a_evidence: list[str] = []
    x_evidence: list[str] = []
    for low, sentence in sentences:
        if _SECTOR_EXCLUDE.search(low):
            hit: set[str] = set()
            if _PRIMARY.search(low):
                hit.add("primary_agri")
                if _FOREST.search(low):
                    hit.add("primary_forest")
                if _FISH.search(low):
                    hit.add("primary_fish")
            if _ANNEX_I_PROCESSING.search(low):
                hit.add("annex_i_processing")
            if hit:
                excluded |= hit
                x_evidence.append(sentence)
        elif _SECTOR_TARGET.search(low) and not admitted:
            admitted = ["primary_agri", "annex_i_processing", "food_other"]
            a_evidence.append(sentence)
    return (tuple(admitted), _quote(" … ".join(a_evidence)), tuple(sorted(excluded)),
            _quote(" … ".join(x_evidence)))


# -- rural location ---------------------------------------------------------------------------
_RURAL = re.compile(
    r"\b(?:sijait\w*|toimi\w*)\s+(?:tukikelpoisella\s+)?maaseu\w*|"
    r"\bmaaseu\w*\s+(?:sijaitsev|toimiv)\w*|\bmaaseutualueilla toimiv\w*|"
    r"\briktar sig till landsbygden\b|\bbelägna på landsbygden\b|"
    r"\b(?:located|operating) in (?:a )?rural areas?\b")


def _rural(sentences: list[tuple[str, str]]) -> tuple[bool, str]:
    """A rural location the call requires of the applicant. Shown with a match as a
    condition for staff to check, not applied: rural areas are drawn within municipalities
    (SYKE's urban-rural classification), finer than the company's municipality."""
    evidence = [sentence for low, sentence in sentences if _RURAL.search(low)]
    return bool(evidence), _quote(" … ".join(evidence[:2]))


@lru_cache(maxsize=100_000)
def conditions_of_text(text: str) -> TextConditions:
    """The region, size, municipality, sector and rural conditions stated in a (call) text."""
    sentences = [(" ".join(s.lower().split()), s) for s in _sentences(text)]
    regions, region_evidence = _regions(sentences)
    sizes, target, size_evidence = _sizes(sentences)
    codes, code_evidence = _municipalities(sentences)
    sectors, sector_evidence, excluded, excluded_evidence = _sectors(sentences)
    rural, rural_evidence = _rural(sentences)
    max_staff, soft_max_staff, staff_soft = staff_limit(sentences)
    max_age, age_evidence = age_limit(sentences)
    de_minimis, de_minimis_evidence = de_minimis_of(sentences)
    return TextConditions(regions=regions, region_evidence=region_evidence, sizes=sizes,
                          size_target=target, size_evidence=size_evidence,
                          municipalities=codes, municipality_evidence=code_evidence,
                          sectors=sectors, sector_evidence=sector_evidence,
                          excluded_sectors=excluded, excluded_evidence=excluded_evidence,
                          rural=rural, rural_evidence=rural_evidence,
                          max_staff=max_staff, soft_max_staff=soft_max_staff,
                          staff_soft_evidence=staff_soft,
                          max_age_years=max_age, age_evidence=age_evidence,
                          de_minimis=de_minimis, de_minimis_evidence=de_minimis_evidence)


def text_conditions(call: CallProfile) -> TextConditions:
    """The conditions stated in a call's title and description, and in its type of action
    when that names de minimis ("avustus (de minimis)") (cached per text)."""
    extra = call.type_of_action if call.type_of_action and DE_MINIMIS.search(
        call.type_of_action.lower()) else ""
    return conditions_of_text(f"{call.title}.\n{call.description}" + (f"\n{extra}." if extra
                                                                         else ""))
