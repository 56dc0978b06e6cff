"""Offline extraction: a :class:`Digest` in, an :class:`Extraction` (entities, triples, events) out."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, cached_property
from importlib.metadata import version as package_version
from importlib.resources import files

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from .. import __version__
from ..ontology.model import EVENT_KINDS, Digest, Entity, Event, Extraction, Triple
from ..ontology.table import TABLE_FILE, EntityTable
from .anaphora import Mention, resolve_subjects
from .dates import find_date as _iso_date
from .mentions import MENTIONS
from .pairs import MODEL_FILE, Instance, PairModel, default_model, instances, read_pairs
from .pipeline import MODEL, build_nlp
from .relations import RULE_CONFIDENCE, Candidate, SentenceContext, find_relations
from .resolve import Resolver, renamings

__all__ = ["Extractor", "DEFAULT_MIN_CONFIDENCE"]

DEFAULT_MIN_CONFIDENCE = 0.5
_AMOUNT_PREDICATES = {"penalizes", "investsIn", "acquires"}


_FORKED: Extractor | None = None  # the extractor worker processes inherit when they fork


@cache
def _code_fingerprint() -> str:
    """A hash of what extraction reads besides its settings (the pair model and the entity table,
    which ``Extractor.version`` hashes as loaded): the loaders' and the ontology's code and data, and
    the spaCy release and model it parses with."""
    h = hashlib.sha256(f"spacy {package_version('spacy')} {MODEL} {package_version(MODEL)}".encode())
    folders = [files(__package__), files(__package__.rsplit(".", 1)[0] + ".ontology")]
    while folders:  # the packages and their subpackages ("relations")
        for f in sorted(folders.pop(0).iterdir(), key=lambda f: f.name):
            if f.is_dir() and f.name != "__pycache__":
                folders.append(f)
            elif f.name.endswith((".py", ".json", ".ttl")) and f.name not in (MODEL_FILE, TABLE_FILE.name):
                h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def _possessor_places(doc: Doc) -> dict[int, str]:
    """The place a possessive names right before a table name, by the name's first token: "Thailand"
    of "Thailand's Securities and Exchange Commission" (:meth:`Resolver.add`)."""
    ends = {s.end: s.text for s in doc.spans[MENTIONS] if s.label_ == "Place"}
    return {s.start: ends[s.start - 1] for s in doc.spans[MENTIONS]
            if s.kb_id_ and s.label_ == "GovernmentBody" and s.start - 1 in ends
            and doc[s.start - 1].lower_ in ("'s", "’s")}


def _extract_in_worker(digests: list[Digest]) -> list[Extraction]:
    assert _FORKED is not None
    return list(_FORKED._extract_serial(digests))  # one nlp.pipe stream, batched across digests


class Extractor:
    """Loads the spaCy pipeline once; ``extract`` turns digests into extractions.

    With ``n_process`` > 1, ``extract_many`` runs whole digests, four to a task (parsing, resolution
    and rules), in that many forked worker processes, which share the loaded pipeline; results come
    back in order.
    ``rule_confidence`` sets each rule's base confidence (default: the hand-set table); ``pairs`` is
    the learned pair classifier (default: the shipped ``loaders/pair_model.json``; False for the rules alone).
    The spaCy pipeline is loaded when first needed, so that ``version`` costs no parse.
    """

    def __init__(self, table: EntityTable | None = None, *, n_process: int = 1, batch_size: int = 64,
                 rule_confidence: Mapping[str, float] | None = None, pairs: PairModel | bool = True):
        self.table = table or EntityTable.default()
        self.n_process = n_process
        self.batch_size = batch_size
        self.rule_confidence: Mapping[str, float] = rule_confidence or dict(RULE_CONFIDENCE)
        self._pairs: PairModel | bool = pairs

    @cached_property
    def nlp(self) -> Language:
        return build_nlp(self.table)

    @cached_property
    def version(self) -> str:
        """``digestkg-extract/<release>+<hash>``: the hash covers the code and data extraction reads,
        the entity table, the rules' confidences and the pair model, so that two extractors that may
        read a digest differently never share a version (what ``KnowledgeGraph.ingest`` compares).

        >>> Extractor(pairs=False).version.startswith("digestkg-extract/")
        True
        """
        h = hashlib.sha256(_code_fingerprint().encode())
        h.update(repr(self.table.entries).encode())
        h.update(json.dumps(sorted(self.rule_confidence.items())).encode())
        model = self.pairs
        h.update(json.dumps(model.to_json(), sort_keys=True).encode() if model else b"rules alone")
        return f"digestkg-extract/{__version__}+{h.hexdigest()[:12]}"

    @property
    def pairs(self) -> PairModel | None:
        """The pair model in use, loaded when first needed (so that training never reads the old one)."""
        if self._pairs is True:
            self._pairs = default_model() or False
        return self._pairs or None

    def texts(self, digest: Digest) -> list[str]:
        # the headline leads the text so that its names count and set the story's topic
        return [f"{s.headline.rstrip('.!?:')}.\n\n" + "\n\n".join(s.paragraphs) for s in digest.stories]

    def parse(self, digests: Iterable[Digest]) -> Iterator[tuple[Digest, list[Doc]]]:
        """Parse the stories of many digests in one ``nlp.pipe`` stream, digest by digest."""
        pending: list[Digest] = []

        def texts() -> Iterator[tuple[str, int]]:
            for d in digests:
                pending.append(d)
                for t in self.texts(d):
                    yield t, len(pending) - 1

        current, docs = 0, []
        for doc, di in self.nlp.pipe(texts(), as_tuples=True, batch_size=self.batch_size):
            if di != current:
                yield pending[current], docs
                current, docs = di, []
            docs.append(doc)
        if docs:
            yield pending[current], docs

    def extract(self, digest: Digest) -> Extraction:
        return next(self._extract_serial([digest]))

    def extract_many(self, digests: Iterable[Digest]) -> Iterator[Extraction]:
        if self.n_process <= 1:
            yield from self._extract_serial(digests)
            return
        global _FORKED
        _FORKED = self
        _ = self.nlp, self.version  # loaded before the fork, so that the workers share them
        try:
            with multiprocessing.get_context("fork").Pool(self.n_process) as pool:
                for extractions in pool.imap(_extract_in_worker, minibatch(digests, 4)):
                    yield from extractions
        finally:
            _FORKED = None

    def extract_traced(self, digests: Iterable[Digest]) -> Iterator[tuple[Extraction, list[Candidate]]]:
        """Extractions, each with the rule candidate behind each of its triples (same order)."""
        for digest, docs in self.parse(digests):
            trace: list[Candidate] = []
            yield self._extract(digest, docs, trace), trace

    def _extract_serial(self, digests: Iterable[Digest]) -> Iterator[Extraction]:
        for digest, docs in self.parse(digests):
            yield self._extract(digest, docs)

    def extract_instances(self, digests: Iterable[Digest]
                          ) -> Iterator[tuple[Extraction, list[tuple[Instance, Triple]]]]:
        """Each digest's extraction by the rules alone, with every pair instance of its sentences
        (:mod:`loaders.pairs`) and the fact it would be (confidence 0): what training and
        cross-validation of the pair model read."""
        for digest, docs in self.parse(digests):
            found: list[tuple[Instance, Triple]] = []
            yield self._extract(digest, docs, pair_trace=found), found

    def _extract(self, digest: Digest, docs: list[Doc], trace: list[Candidate] | None = None,
                 pair_trace: list[tuple[Instance, Triple]] | None = None) -> Extraction:
        resolver = Resolver(self.table)
        pairs = None if pair_trace is not None else self.pairs  # instances are read with the rules alone
        learned: dict[str, str] = {}  # names typed from the text: form -> type
        places = [_possessor_places(doc) for doc in docs]
        for story, doc, place in zip(digest.stories, docs, places, strict=True):
            body = len(story.headline) + 1
            for span in doc.spans[MENTIONS]:
                # title case fools the model: a headline name counts when the table knows it
                if span.start_char < body and not span.kb_id_:
                    continue
                acr = None
                if span.end + 2 < len(doc) and doc[span.end].text == "(" and doc[span.end + 2].text == ")" \
                        and doc[span.end + 1].is_upper:
                    acr = doc[span.end + 1].text
                resolver.add(span.text, span.label_, acr, place.get(span.start))
                if not span.kb_id_ and span[0].text[:1].isupper():
                    learned.setdefault(span.text, span.label_)
            for old, new in renamings(doc.spans[MENTIONS]):
                if old.start_char >= body:
                    resolver.rename(old.text, new.text)
        resolver.finish()
        self._mark_learned(docs, learned)
        out = Extraction(digest=digest, extractor_version=self.version, display=resolver.display_names())
        for story, doc, place in zip(digest.stories, docs, places, strict=True):
            mention: dict[int, Entity] = {}
            ents: list[Entity] = []
            for span in doc.spans[MENTIONS]:
                e = resolver.entity(span.text, span.label_, place.get(span.start))
                if e is None:
                    continue
                for i in range(span.start, span.end):
                    mention[i] = e
                if e not in ents:
                    ents.append(e)
            out.entities[story.number] = ents
            history = [Mention(span.start, mention[span.start],
                               any(t.dep_ in ("nsubj", "nsubjpass") for t in span))
                       for span in doc.spans[MENTIONS] if span.start in mention]
            read: list[tuple[Span, Candidate]] = []  # the rules' facts in order, then the pair model's
            learned_facts: list[tuple[Span, Candidate]] = []
            body = len(story.headline) + 1  # relations come from the body, not the title-cased headline
            for sent in doc.sents:
                if sent.start_char < body:
                    continue
                resolve_subjects(sent, mention, history)
                ctx = SentenceContext(sent=sent, mention=mention, history=history, owner_of=self._owner_of)
                found = find_relations(ctx, self.rule_confidence)
                read.extend((sent, c) for c in found)
                if pairs is not None:
                    learned_facts.extend((sent, c) for c in read_pairs(ctx, pairs, found))
                if pair_trace is not None:
                    pair_trace.extend((i, self._triple(digest, story.number, sent,
                                                       Candidate(i.subject, i.predicate, i.object, "pairs", 0.0)))
                                      for i in instances(ctx, found))
            chosen: dict[tuple[str, str, str], tuple[Span, Candidate]] = {}
            for sent, c in read:  # a fact read in several sentences keeps its most confident reading
                key = (c.subject.name, c.predicate, c.object.name)
                if key not in chosen or chosen[key][1].confidence < c.confidence:
                    chosen[key] = (sent, c)
            for sent, c in learned_facts:  # a fact the rules read anywhere in the story is theirs
                chosen.setdefault((c.subject.name, c.predicate, c.object.name), (sent, c))
            for sent, c in chosen.values():
                out.triples.append(self._triple(digest, story.number, sent, c))
                if trace is not None:
                    trace.append(c)
        return out

    def _mark_learned(self, docs: list[Doc], learned: dict[str, str]) -> None:
        """A name the digest typed once ("Deliveroo, the British delivery company") is a mention
        wherever else the digest uses it ("Deliveroo said ..."); any name that starts with a capital
        counts, inner capitals too ("ExpressVPN", "OKCoin")."""
        if not learned:
            return
        matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for form in learned:
            matcher.add(form, [self.nlp.make_doc(form)])
        for doc in docs:
            spans = list(doc.spans[MENTIONS])
            taken = {i for s in spans for i in range(s.start, s.end)}
            for match_id, start, end in matcher(doc):
                if taken.isdisjoint(range(start, end)):
                    form = self.nlp.vocab.strings[match_id]
                    spans.append(Span(doc, start, end, label=learned[form]))
                    taken.update(range(start, end))
            doc.spans[MENTIONS] = sorted(spans, key=lambda s: s.start)

    def _owner_of(self, e: Entity) -> Entity | None:
        entry = self.table.lookup(e.name)
        parent = self.table.lookup(entry.parent) if entry and entry.parent else None
        return Entity(parent.name, parent.type, parent.aliases, parent.wikidata, known=True) if parent else None

    def _triple(self, digest: Digest, story: int, sent, c: Candidate) -> Triple:
        event = None
        if c.predicate in EVENT_KINDS:
            date = next((d for e in sent.ents if e.label_ == "DATE" and (d := _iso_date(e.text))),
                        digest.date)
            amount = None
            if c.predicate in _AMOUNT_PREDICATES:
                amount = next((e.text for e in sent.ents if e.label_ in ("MONEY", "PERCENT")), None)
            event = Event(EVENT_KINDS[c.predicate], c.subject, c.object, date, amount)
        return Triple(c.subject, c.predicate, c.object, story, sent.text.strip(), c.confidence, event)
