"""The bilingual Finnish-English domain term list and the concept extractor built on it.

``data/terms_fi_en.tsv`` maps a few hundred funding-call concepts (kiertotalous = circular
economy, vety = hydrogen, tekoäly = artificial intelligence, ...) to Finnish and English
patterns. A Finnish company text and an English EU topic then meet on shared concept ids,
which is what makes cross-lingual matching work without a translation model.

Pattern syntax: words separated by spaces (hyphens split words, as in the text), ``*`` = any
ending. Finnish prefix patterns of four or more letters also match inside a compound
("merituulivoimala" contains "tuulivoim*") when the part before them looks like a Finnish
compound's first part (ends in a vowel, -n or -s). Matching is cached per distinct token.

``data/terms_sv.tsv`` adds Swedish patterns for general concepts (from YSO's Swedish labels);
a Swedish text is matched against the Swedish, Finnish and English patterns.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from matching import morphology
from matching.text import tokens

_FI_LINK_END = set("aeiouyäönsl")
_MATCHED_AS = {"fi": ("fi",), "en": ("en",), "sv": ("sv", "fi", "en")}
_INTERNAL_MIN = 4


@dataclass(frozen=True, slots=True)
class Concept:
    """One concept: a stable id, its domain and its Finnish and English labels."""

    id: str
    domain: str
    fi: str
    en: str


def _parse_pattern(pattern: str) -> tuple[tuple[str, bool], ...]:
    words: list[tuple[str, bool]] = []
    for piece in pattern.split():
        prefix = piece.endswith("*")
        parts = tokens(piece.rstrip("*"))
        for i, part in enumerate(parts):
            words.append((part, prefix and i == len(parts) - 1))
    return tuple(words)


class TermList:
    """Compiled patterns of the term list, with per-token match caches."""

    def __init__(self, rows: list[list[str]], sv_rows: list[list[str]] = ()) -> None:
        self.concepts: list[Concept] = []
        self.index: dict[str, int] = {}
        # per language: exact word -> ids, prefix length -> {prefix: ids}, multi-word terms
        self._exact: dict[str, dict[str, set[int]]] = {"fi": {}, "en": {}, "sv": {}}
        self._prefix: dict[str, dict[int, dict[str, set[int]]]] = {"fi": {}, "en": {}, "sv": {}}
        self._internal: dict[int, dict[str, set[int]]] = {}
        self._words: list[tuple[str, bool]] = []
        self._word_ids: dict[tuple[str, bool], int] = {}
        self._single: dict[int, set[int]] = {}  # word pattern id -> concepts
        self._multi: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        # every pattern as written: (concept, language, pattern, word-pattern ids)
        self.patterns: list[tuple[int, str, str, tuple[int, ...]]] = []
        self.sources: list[str] = []  # per concept: calls and/or a public vocabulary
        broader_of: dict[int, list[str]] = {}
        for row in rows:
            cid, domain, fi_label, en_label, fi_patterns, en_patterns = row[:6]
            c = len(self.concepts)
            self.concepts.append(Concept(cid, domain, fi_label, en_label))
            self.index[cid] = c
            self.sources.append(row[6] if len(row) > 6 else "")
            broader_of[c] = row[7].split("|") if len(row) > 7 and row[7] else []
            for language, patterns in (("fi", fi_patterns), ("en", en_patterns)):
                for pattern in filter(None, (p.strip() for p in patterns.split("|"))):
                    self._add(language, _parse_pattern(pattern), c, pattern)
        for cid, patterns, *_source in sv_rows:
            if cid in self.index:
                for pattern in filter(None, (p.strip() for p in patterns.split("|"))):
                    self._add("sv", _parse_pattern(pattern), self.index[cid], pattern)
        # concept -> itself and every broader concept (machine learning -> AI)
        self.broader: dict[int, tuple[int, ...]] = {
            c: self._closure(c, broader_of) for c in range(len(self.concepts))}
        self._token_cache: dict[tuple[str, str], tuple[int, ...]] = {}
        self._prefix_heads = {lang: frozenset(text[:3] for table in tables.values()
                                              for text in table)
                              for lang, tables in self._prefix.items()}
        self._internal_heads = frozenset(text[:_INTERNAL_MIN] for table in
                                         self._internal.values() for text in table)

    def _closure(self, concept: int, broader_of: dict[int, list[str]]) -> tuple[int, ...]:
        out, todo = [concept], [concept]
        while todo:
            for cid in broader_of.get(todo.pop(), ()):
                b = self.index.get(cid)
                if b is not None and b not in out:
                    out.append(b)
                    todo.append(b)
        return tuple(out)

    def with_broader(self, concepts: set[int]) -> set[int]:
        """The concepts and every concept broader than one of them."""
        broader = getattr(self, "broader", {})
        return {b for c in concepts for b in broader.get(c, (c,))}

    def _word_id(self, language: str, word: tuple[str, bool], single: bool) -> int:
        key = (language + ":" + word[0], word[1])
        wid = self._word_ids.get(key)
        if wid is None:
            wid = len(self._words)
            self._word_ids[key] = wid
            self._words.append(word)
            text, prefix = word
            if prefix:
                self._prefix[language].setdefault(len(text), {}).setdefault(text, set()).add(wid)
                if language == "fi" and single and len(text) >= _INTERNAL_MIN:
                    self._internal.setdefault(len(text), {}).setdefault(text, set()).add(wid)
            else:
                self._exact[language].setdefault(text, set()).add(wid)
        elif language == "fi" and single and word[1] and len(word[0]) >= _INTERNAL_MIN:
            self._internal.setdefault(len(word[0]), {}).setdefault(word[0], set()).add(wid)
        return wid

    def _add(self, language: str, words: tuple[tuple[str, bool], ...], concept: int,
             pattern: str = "") -> None:
        if not words:
            return
        ids = tuple(self._word_id(language, w, len(words) == 1) for w in words)
        self.patterns.append((concept, language, pattern, ids))
        if len(ids) == 1:
            self._single.setdefault(ids[0], set()).add(concept)
        else:
            self._multi.setdefault(ids[0], []).append((ids[1:], concept))

    def word_matches(self, token: str, language: str) -> tuple[int, ...]:
        """Word-pattern ids matching one token (cached)."""
        key = (token, language)
        hit = self._token_cache.get(key)
        if hit is not None:
            return hit
        found: set[int] = set()
        # a place name matches only as written ("euroopan"), never through a guessed
        # compound part ("taivalkosken" is not a rapid)
        place = morphology.is_place_name(token, language)
        analysed = language in ("fi", "sv") and not place
        variants = morphology.forms(token, language, parts=False) if analysed else (token,)
        for lang in _MATCHED_AS.get(language, ("fi", "en")):
            if lang not in self._exact:  # a list pickled before it had this language
                continue
            heads = self._prefix_heads[lang]
            for n, form in enumerate(variants):
                found |= self._exact[lang].get(form, set())
                for length, table in self._prefix[lang].items():
                    if len(form) >= length and (length < 3 or form[:3] in heads) and \
                            (n == 0 or length >= _INTERNAL_MIN):
                        found |= table.get(form[:length], set())
            if lang == "fi" and not place:
                for form in variants[:2]:
                    found |= self._internal_matches(form)
        result = tuple(sorted(found))
        if len(self._token_cache) < 1_000_000:
            self._token_cache[key] = result
        return result

    def _internal_matches(self, token: str) -> set[int]:
        found: set[int] = set()
        heads = self._internal_heads
        for start in range(3, len(token) - _INTERNAL_MIN + 1):
            if token[start - 1] not in _FI_LINK_END or \
                    token[start:start + _INTERNAL_MIN] not in heads:
                continue
            for length, table in self._internal.items():
                if start + length <= len(token):
                    found |= table.get(token[start:start + length], set())
        return found

    def extract(self, text: str, language: str) -> Counter[int]:
        """Concept counts in a text (each concept at most once per token position)."""
        toks = tokens(text)
        matches = [self.word_matches(t, language) for t in toks]
        counts: Counter[int] = Counter()
        for pos, wids in enumerate(matches):
            here: set[int] = set()
            for wid in wids:
                here |= self._single.get(wid, set())
                for rest, concept in self._multi.get(wid, ()):
                    end = pos + 1 + len(rest)
                    if end <= len(matches) and all(
                            r in matches[pos + 1 + i] for i, r in enumerate(rest)):
                        here.add(concept)
            counts.update(self.with_broader(here))
        return counts

    def used_patterns(self, texts: list[tuple[str, str]]) -> set[int]:
        """Indices into ``patterns`` of the patterns that match in any (text, language)."""
        seen: set[tuple[int, ...]] = set()
        for text, language in texts:
            matches = [set(self.word_matches(t, language)) for t in tokens(text)]
            for pos, wids in enumerate(matches):
                seen.update((w,) for w in wids)
                if pos + 1 < len(matches):
                    for w in wids:
                        for rest, _concept in self._multi.get(w, ()):
                            end = pos + 1 + len(rest)
                            if end <= len(matches) and all(
                                    r in matches[pos + 1 + i] for i, r in enumerate(rest)):
                                seen.add((w, *rest))
        return {i for i, (_c, _lang, _p, ids) in enumerate(self.patterns) if ids in seen}

    def surface_forms(self, text: str, language: str, concept: int) -> list[str]:
        """The words of a text that matched a concept (for explanations)."""
        toks = tokens(text)
        out: list[str] = []
        for tok in toks:
            wids = self.word_matches(tok, language)
            if any(concept in self._single.get(w, ()) for w in wids) and tok not in out:
                out.append(tok)
        return out

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_token_cache"] = {}
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)


def _read_rows(text: str, columns: int = 6) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("concept\t"):
            continue
        cols = line.split("\t")
        if len(cols) >= columns:
            rows.append(cols)
    return rows


def term_rows() -> tuple[list[list[str]], list[list[str]]]:
    """The packaged rows: (Finnish-English rows, Swedish rows), as ``TermList`` takes them."""
    files = resources.files("matching")
    data = files.joinpath("data/terms_fi_en.tsv").read_text("utf-8")
    swedish = files.joinpath("data/terms_sv.tsv").read_text("utf-8")
    return _read_rows(data), _read_rows(swedish, columns=2)


@lru_cache(maxsize=1)
def load_terms() -> TermList:
    """The packaged term list (read once per process with importlib.resources)."""
    return TermList(*term_rows())
