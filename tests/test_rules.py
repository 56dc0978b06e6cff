"""Every extraction rule, named by the pattern it covers, on sentences written for these tests
(none is taken from ../shared/corpus). Positive cases must yield the triple; negative ones must
not yield it at the default confidence."""

from __future__ import annotations

import pytest
from digestkg.loaders.digest import split_digest
from digestkg.loaders.extract import DEFAULT_MIN_CONFIDENCE
from digestkg.loaders.model import Source

CASES = [
    # (pattern, sentence, expected (subject, predicate, object))
    ("verb, active", "Baidu unveiled Ernie Bot in Beijing on Thursday.", ("Baidu", "releases", "Ernie Bot")),
    ("verb, passive with by-agent",
     "Meituan was fined 3.44 billion yuan by the State Administration for Market Regulation on 8 October 2021.",
     ("State Administration for Market Regulation", "penalizes", "Meituan")),
    ("verb, reduced relative (X, the ... owned by Y)",
     "Lazada, the Southeast Asian marketplace owned by Alibaba Group, cut hundreds of jobs.",
     ("Alibaba Group", "owns", "Lazada")),
    ("verb, relative clause (X, which belongs to Y)",
     "QQ, which belongs to Tencent Holdings, added a new chat feature.", ("Tencent Holdings", "owns", "QQ")),
    ("noun trigger with a light verb",
     "The Cyberspace Administration of China opened an investigation into Kuaishou last week.",
     ("Cyberspace Administration of China", "investigates", "Kuaishou")),
    ("noun trigger with a modifier (controlling stake)", "Alibaba took a controlling stake in Lazada in 2016.",
     ("Alibaba Group", "acquires", "Lazada")),
    ("symmetric noun with coordinated subjects", "Huawei and BYD have extended their partnership to smart cockpits.",
     ("Huawei", "partnersWith", "BYD")),
    ("noun trigger with a co-agent (alongside)",
     "SoftBank joined a funding round for Moonshot AI alongside Tencent Holdings.",
     ("Tencent Holdings", "investsIn", "Moonshot AI")),
    ("possessive, owned product", "ByteDance's CapCut topped the download charts in Brazil.",
     ("ByteDance", "owns", "CapCut")),
    ("possessive, title in apposition", "Lei Jun, Xiaomi's founder, spoke at the launch.",
     ("Lei Jun", "worksFor", "Xiaomi")),
    ("possessive, relational noun in apposition",
     "JD.com and its main rival, Pinduoduo, cut prices again.",
     ("JD.com", "competesWith", "Pinduoduo")),
    ("possessive, relational word before the name", "Tesla said its partner Baidu would supply the maps.",
     ("Tesla", "partnersWith", "Baidu")),
    ("relational noun with of (title)", "Eddie Wu, the chief executive of Alibaba Group, said the unit would grow.",
     ("Eddie Wu", "worksFor", "Alibaba Group")),
    ("relational noun with of (unit)", "Ele.me, a unit of Alibaba Group, raised delivery fees.",
     ("Alibaba Group", "owns", "Ele.me")),
    ("title between organisation and person", "Xiaomi founder Lei Jun showed the new phone.",
     ("Lei Jun", "worksFor", "Xiaomi")),
    ("its + title + person", "Baidu said its chief executive Robin Li would speak at the event.",
     ("Robin Li", "worksFor", "Baidu")),
    ("compound with a relational noun", "WeChat owner Tencent Holdings reported higher profits.",
     ("Tencent Holdings", "owns", "WeChat")),
    ("hyphenated -owned compound", "Alibaba-owned Lazada expanded its logistics network.",
     ("Alibaba Group", "owns", "Lazada")),
    ("hyphenated -based compound", "Shenzhen-based DJI released a new drone.", ("DJI", "basedIn", "Shenzhen")),
    ("locative passive (headquartered in)", "NetEase is headquartered in Hangzhou.",
     ("NetEase", "basedIn", "Hangzhou")),
    ("object control (allowed X to expand into Y)", "The regulator allowed Temu to expand into Brazil.",
     ("Temu", "operatesIn", "Brazil")),
    ("hiring inference (hired P, who spent years at Y)",
     "Alibaba hired Zhou Jingren, who had spent a decade at Microsoft.",
     ("Alibaba Group", "recruitsFrom", "Microsoft")),
    ("definite description (the company) + surface order",
     "Kuaishou reported strong revenue growth. The company also launched Kling in Brazil.",
     ("Kuaishou", "releases", "Kling")),
    ("a description refers to the company the story is about",
     "Moonshot AI released Kimi K2 on Friday. Moonshot AI said demand was high, while Baidu cut prices. "
     "The start-up was founded by Yang Zhilin.", ("Yang Zhilin", "worksFor", "Moonshot AI")),
    ("attribution is not agency", "According to Caixin, Baidu released Ernie 4.0 in October.",
     ("Baidu", "releases", "Ernie 4.0")),
    ("nominalisation with a by-agent (its staff)",
     "The Federal Trade Commission completed an investigation of TikTok by its staff.",
     ("Federal Trade Commission", "investigates", "TikTok")),
    ("the government of X", "The government of India banned TikTok in June 2020.", ("India", "bans", "TikTok")),
    ("transparent noun (downloads of X)",
     "The Cyberspace Administration of China suspended new downloads of the Zhihu app in May.",
     ("Cyberspace Administration of China", "bans", "Zhihu")),
    ("causative (ordered app stores to remove X)",
     "The Cyberspace Administration of China ordered app stores to remove the Douban app.",
     ("Cyberspace Administration of China", "bans", "Douban")),
    ("appositive names the agent (the regulator, the X,)",
     "Ireland's privacy regulator, the Data Protection Commission, fined TikTok 345 million euros.",
     ("Data Protection Commission", "penalizes", "TikTok")),
    ("prefixed verb kept whole (co-founded)", "Jack Ma, who co-founded Alibaba Group in 1999, now lives abroad.",
     ("Jack Ma", "worksFor", "Alibaba Group")),
    ("pronoun chain and possessor agent (it ... its title co-developed with Y)",
     "Nintendo said it would close its mobile title co-developed with Tencent Holdings next year.",
     ("Nintendo", "partnersWith", "Tencent Holdings")),
    ("symmetric noun as subject (competition from X squeezed Y)",
     "Competition from Pinduoduo squeezed Vipshop last year.",
     ("Vipshop", "competesWith", "Pinduoduo")),
    ("rivalry modifier (rival phones such as X)", "Xiaomi copied features from rival phones such as the iPhone.",
     ("Xiaomi", "competesWith", "iPhone")),
    ("noun trigger with a relative clause; hedging stops at coordination",
     "Tencent Holdings rejected the claims and later filed a lawsuit, which accused NetEase of copying its game.",
     ("Tencent Holdings", "sues", "NetEase")),
    ("description with an appositive name as agent",
     "Lazada, the shopping platform that is owned by the Chinese e-commerce group Alibaba Group, hired more staff.",
     ("Alibaba Group", "owns", "Lazada")),
    ("type from the verb (a name one leaves is a place)",
     "Mobike said in 2019 that it was leaving Leicester after heavy losses.", ("Mobike", "exits", "Leicester")),
    ("appositive typing of an unknown name", "Zeekr, the electric car brand, entered Australia in 2024.",
     ("Zeekr", "operatesIn", "Australia")),
]

NEGATIVE = [
    ("negation", "Apple did not acquire Xiaomi.", ("Apple", "acquires", "Xiaomi")),
    ("hedge (reportedly weighing a plan)", "Alibaba Group is reportedly weighing a plan to buy Zhihu.",
     ("Alibaba Group", "acquires", "Zhihu")),
    ("denial", "Tencent Holdings denied that it would acquire Zhihu.", ("Tencent Holdings", "acquires", "Zhihu")),
    ("attribution (the outlet is no party)", "According to Caixin, Baidu released Ernie 4.0 in October.",
     ("Caixin", "releases", "Ernie 4.0")),
    ("co-investors are not partners", "SoftBank joined a funding round for Moonshot AI alongside Tencent Holdings.",
     ("SoftBank Group", "partnersWith", "Tencent Holdings")),
]


def _facts(extractor, text: str) -> set[tuple[str, str, str]]:
    d = split_digest(Source("mine.txt", f"Weekly\n\n1. A Story\n\n{text}\n"))
    return {(t.subject.name, t.predicate, t.object.name)
            for t in extractor.extract(d).triples if t.confidence >= DEFAULT_MIN_CONFIDENCE}


@pytest.mark.parametrize(("pattern", "sentence", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule_reads_its_pattern(extractor, pattern, sentence, expected):
    assert expected in _facts(extractor, sentence)


@pytest.mark.parametrize(("pattern", "sentence", "unexpected"), NEGATIVE, ids=[c[0] for c in NEGATIVE])
def test_no_fact_from(extractor, pattern, sentence, unexpected):
    assert unexpected not in _facts(extractor, sentence)


def test_hedged_statements_are_kept_with_low_confidence(extractor):
    text = "Weekly\n\n1. A Story\n\nTencent Holdings denied that it would acquire Zhihu.\n"
    d = split_digest(Source("mine.txt", text))
    low = [t for t in extractor.extract(d).triples if t.predicate == "acquires"]
    assert low and all(t.confidence < DEFAULT_MIN_CONFIDENCE for t in low)


def test_events_get_the_date_and_amount_the_text_names(extractor):
    d = split_digest(Source("mine.txt", "Weekly\n\n1. A Story\n\nMeituan was fined 3.44 billion yuan by the State "
                                        "Administration for Market Regulation on 8 October 2021.\n"),
                     today="2024-01-01")
    (t,) = [t for t in extractor.extract(d).triples if t.predicate == "penalizes"]
    assert (t.event.kind, t.event.date, t.event.amount) == ("Penalty", "2021-10-08", "3.44 billion yuan")


def test_events_default_to_the_edition_date(extractor):
    d = split_digest(Source("mine.txt", "Weekly\n\n1. A Story\n\nBaidu unveiled Ernie Bot in Beijing.\n"),
                     today="2024-01-01")
    (t,) = [t for t in extractor.extract(d).triples if t.predicate == "releases"]
    assert (t.event.kind, t.event.date, t.event.amount) == ("Release", "2024-01-01", None)
