"""Limits a call's text sets on the applicant beyond its size group: a staff ceiling in
numbers, a company age limit, and whether the aid is de minimis.

Read by ``matching.conditions`` (which stores them in ``TextConditions``); see its docstring and
docs/matching.md, "Text conditions as rules", for the phrasings and the calls they come from.
"""

from __future__ import annotations

import re

from matching.records import SIZE_CLASSES
from matching.sentences import EXAMPLE, TARGET, quote

_ALL_SIZES = frozenset(SIZE_CLASSES)
_SME = frozenset({"micro", "small", "medium"})

# -- staff ceilings in numbers ---------------------------------------------------------------
# "alle 50 henkilöä", "enintään 10 työntekijää", "enintään 5 htv", "färre än 50 anställda",
# "högst 9 årsverken", "fewer than 50 employees", "up to 10 staff". The staff word must follow
# the number, so "alle 50 000 euroa" is no ceiling. A strict "under N" allows N - 1.
_STRICT = r"alle|vähemmän kuin|färre än|mindre än|under|fewer than|less than"
_INCLUSIVE = (r"enintään|korkeintaan|maksimissaan|max\.?|högst|upp till|up to|at most|"
              r"no more than|not more than|a maximum of|maximum of")
_STAFF_CEILING = re.compile(
    rf"\b(?P<op>{_STRICT}|{_INCLUSIVE})\s+(?P<n>\d{{1,3}})\s*(?:-\s*)?"
    r"(?:henkilö\w*|hengen|työntekijä\w*|htv|henkilötyövuo\w*|työllistä\w*|"
    r"anställd\w*|personer|arbetstagare|årsverk\w*|"
    r"employees?|staff|persons|people|workers|full-time equivalents?|ftes?)\b")
# whom the ceiling describes: a company word just before it ("yrityksille, joilla on enintään",
# "företag med färre än", "companies with fewer than")
_COMPANY_BEFORE = re.compile(r"\b(?:\w*yrity\w*|\w*yrittäj\w*|\w*företag\w*|compan\w*|enterprises?|"
                             r"firms?|businesses|smes?|pk-yrity\w*)\b[^.]{0,40}$")
# "as a rule" / "primarily": a ceiling the funder may waive, so shown, not applied
_SOFT = re.compile(r"\b(?:pääsääntöisesti|ensisijaisesti|yleensä|lähtökohtaisesti|"
                   r"erityistapauksissa|poikkeustapauksissa|as a rule|primarily|mainly|"
                   r"generally|in principle|i regel|huvudsakligen|i första hand|"
                   r"företrädesvis|i undantagsfall)\b")


# "yli 5 henkilötyövuotta työllistäviä yrityksiä tuetaan erityistapauksissa" (Koillismaan
# Leader), "företag med fler än 10 anställda stöds endast i undantagsfall", "companies with
# more than 10 employees only in exceptional cases": a ceiling stated from above, soft by
# nature; the exceptional-case words must be in the sentence, else "yli 50 henkilöä" may be a
# floor.
_STAFF_OVER = re.compile(
    r"\b(?:yli|över|fler än|mer än|more than|over)\s+(?P<n>\d{1,3})\s*(?:-\s*)?"
    r"(?:henkilö\w*|hengen|työntekijä\w*|htv|henkilötyövuo\w*|"
    r"anställd\w*|personer|arbetstagare|årsverk\w*|"
    r"employees?|staff|persons|people|workers|full-time equivalents?|ftes?)\b")
_EXCEPTIONAL = re.compile(r"\b(?:erityistapauksissa|poikkeustapauksissa|poikkeuksellisesti|"
                          r"i undantagsfall|i särskilda fall|in exceptional cases|"
                          r"in special cases|exceptionally)\b")


def staff_ceiling(sentence: str) -> tuple[int, bool] | None:
    """(most staff allowed, stated softly) of the tightest staff ceiling the (lower-case)
    sentence sets for the applicant, or None."""
    found = []
    for m in _STAFF_CEILING.finditer(sentence):
        if not (TARGET.search(sentence) or _COMPANY_BEFORE.search(sentence[:m.start()])):
            continue
        n = int(m.group("n"))
        found.append(n - 1 if re.fullmatch(_STRICT, m.group("op")) else n)
    if found:
        return min(found), bool(_SOFT.search(sentence))
    if _EXCEPTIONAL.search(sentence):
        over = [int(m.group("n")) for m in _STAFF_OVER.finditer(sentence)]
        if over:
            return min(over), True
    return None


def classes_within(max_staff: int) -> frozenset[str]:
    """The size classes whose every company is within the ceiling, widened to the class that
    holds it: enintään 5 htv admits micro enterprises (under 10), alle 50 micro and small."""
    if max_staff < 10:
        return frozenset({"micro"})
    if max_staff < 50:
        return frozenset({"micro", "small"})
    if max_staff < 250:
        return _SME
    return _ALL_SIZES


def above_soft_ceiling(size: str | None, soft_max_staff: int | None) -> bool:
    """Whether a company of this (known) size class is above a ceiling stated "as a rule"."""
    return soft_max_staff is not None and size is not None and \
        size not in classes_within(soft_max_staff)


def staff_limit(sentences: list[tuple[str, str]]) -> tuple[int | None, int | None, str]:
    """The tightest hard staff ceiling, the tightest soft one (the funder may waive it: a
    company above it is a doubtful match, ``matching.doubt``) and the soft one's sentence."""
    hard: list[int] = []
    soft: list[int] = []
    evidence: list[str] = []
    for low, sentence in sentences:
        found = staff_ceiling(low)
        if found is not None and not EXAMPLE.search(low):
            if found[1]:
                soft.append(found[0])
                evidence.append(sentence)
            else:
                hard.append(found[0])
    return ((min(hard) if hard else None), (min(soft) if soft else None),
            quote(" … ".join(evidence[:2])))


# -- company age ------------------------------------------------------------------------------
# "alle 5 vuotta vanha", "toiminut enintään 3 vuotta", "perustettu alle viisi vuotta sitten",
# "startup-yritys, enintään 5 vuotta", "registered less than 5 years ago", "under 5 years old",
# "under fem år gamla", "grundats för mindre än fem år sedan". An age word must be near, so a
# project's length ("hankkeen kesto on enintään 2 vuotta") is no age limit.
_NUMBER_WORDS = {"yksi": 1, "kaksi": 2, "kolme": 3, "neljä": 4, "viisi": 5, "kuusi": 6,
                 "seitsemän": 7, "kahdeksan": 8, "yhdeksän": 9, "kymmenen": 10,
                 "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "ett": 1, "en": 1, "två": 2, "tre": 3,
                 "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9, "tio": 10}
_AGE_LIMIT = re.compile(
    rf"\b(?:{_STRICT}|{_INCLUSIVE}|yngre än|younger than|not older than|no older than)\s+"
    rf"(?P<n>\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})\s*(?:-\s*)?"
    r"(?:vuo(?:tta|den|si|tias\w*|tiai\w*)|years?|år)\b")
_AGE_CUE = re.compile(r"\b(?:vanh\w*|perustet\w*|perustami\w*|toimin\w*|toimi(?:nut|neet)|"
                      r"rekisteröi\w*|startup\w*|start-up\w*|aloittav\w*|nuor\w*|ikä\w*|"
                      r"old|founded|established|registered|incorporated|age[ds]?|"
                      r"gaml\w*|grundad\w*|grundat\w*|grundats|registrerad\w*|etablerad\w*|"
                      r"nystart\w*|unga|sedan|ago|sitten)\b")
_DURATION = re.compile(r"\b(?:kesto|kestää|kestoltaan|duration|lasts?|löptid|varaktighet|"
                       r"toteutusaika|projektet pågår)\b")


def age_limit(sentences: list[tuple[str, str]]) -> tuple[int | None, str]:
    """The age limit of the applicant company (in years) and the sentence stating it."""
    limits: list[int] = []
    evidence: list[str] = []
    for low, sentence in sentences:
        if EXAMPLE.search(low) or _DURATION.search(low):
            continue
        for m in _AGE_LIMIT.finditer(low):
            window = low[max(0, m.start() - 60):m.end() + 40]
            if _AGE_CUE.search(window):
                n = m.group("n")
                limits.append(int(n) if n.isdigit() else _NUMBER_WORDS[n])
                evidence.append(sentence)
                break
    return (min(limits) if limits else None), quote(" … ".join(evidence[:2]))


# -- de minimis ---------------------------------------------------------------------------------
DE_MINIMIS = re.compile(r"\bde minimis\b|\bvähämerkityksi\w* tu\w*")
_NOT_DE_MINIMIS = re.compile(r"\b(?:ei ole|ei myönnetä|eikä|not|inte|ej)\s+(?:\w+\s+){0,2}"
                             r"(?:de minimis|vähämerkityksi)|ryhmäpoikkeus\w*|"
                             r"general block exemption|gruppundantag\w*")


def de_minimis_of(sentences: list[tuple[str, str]]) -> tuple[bool, str]:
    """Whether the call is granted as de minimis aid (Commission Regulation (EU) 2023/2831: at
    most EUR 300,000 to one undertaking over three years), with the sentence saying so."""
    evidence = [sentence for low, sentence in sentences
                if DE_MINIMIS.search(low) and not _NOT_DE_MINIMIS.search(low)]
    return bool(evidence), quote(" … ".join(evidence[:1]))
