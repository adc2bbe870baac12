"""Text analysis of one case: keywords (jieba, with the community's own terms) and a MinHash sketch.

Everything here is pure and cheap once loaded: the jieba dictionary and the IDF table are loaded
once per process (`analyser()`), the administrator's terms are added to that one tokenizer.
Any text is accepted: empty, emoji, punctuation, traditional characters, English: at worst it
has no keywords and an empty sketch.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import jieba
import numpy as np
import zhconv
from datasketch import MinHash

MAX_KEYWORDS = 8
DUPLICATE_JACCARD = 0.4  # two cases whose word sets overlap this much are near-duplicates
NUM_PERM = 96
# 32 bands of 3 rows: a pair of word sets with a Jaccard of 0.4 shares a band 88 % of the time,
# one of 0.1 only 3 %, one of 0.05 0.4 %.
BANDS, ROWS = 32, 3
MAX_TERMS = 100
SEED = 7
TERM_FREQ = 20000  # high enough that a community term is cut whole (1号楼|路灯, not 楼路|灯不亮)
BAND_BYTES = 4 * BANDS
# Terms of community life that jieba's general dictionary cuts apart or ranks low.
BUILTIN_TERMS = (
    "幼儿园", "入园难", "学位", "加装电梯", "电梯", "物业", "物业费", "停车", "停车位", "充电桩",
    "垃圾分类", "垃圾清运", "楼道", "噪音", "广场舞", "路灯", "井盖", "积水", "停水", "停电",
    "燃气", "供暖", "漏水", "违建", "占道经营", "群租", "高空抛物", "老旧小区", "适老化",
    "养老服务", "助餐", "社区食堂", "快递柜", "消防通道", "共享单车", "餐饮油烟",
)
STOPWORD_TEXT = """
号楼 单元 住户 门口 其扰 好几天 这件 这事 事情 东西 地方
我们 你们 他们 她们 自己 这个 那个 这些 那些 这里 那里 什么 怎么 怎么办 为什么 因为 所以 但是 而且
如果 已经 还是 就是 没有 不是 可以 希望 能够 请问 请求 相关 部门 问题 情况 反映 现在 目前 一直 非常
特别 很多 一些 一下 一个 一次 多次 每天 今天 昨天 明天 时候 时间 出现 进行 处理 解决 尽快 及时 感谢
谢谢 您好 你好 麻烦 领导 小区 社区 居民 业主 我家 家里 楼下 楼上 附近 周边 左右 以上 以下 之后 之前
the and for with this that from have has was were are our your you they them there please help about
into after before very also still when what which who will would could should been being not
"""
STOPWORDS = frozenset(STOPWORD_TEXT.split())
WORD_RE = re.compile(r"[\u4e00-\u9fff]{2,}|[a-z][a-z0-9'-]{2,}")
KEEP_RE = re.compile(r"[\u4e00-\u9fff0-9a-z]")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextAnalysis:
    keywords: list[str]  # the most telling words, best first
    terms: list[str]     # every content word once: what near-duplicates are compared by
    bands: bytes         # BANDS little-endian uint32 band hashes of the terms' MinHash; b"" when none


def normalise(text: str) -> str:
    """Simplified characters, half-width letters and digits, lower case."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    _load_zhconv()
    return zhconv.convert(text, "zh-hans") if text.strip() else ""


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


_template: MinHash | None = None


def minhash_values(terms: Iterable[str]) -> np.ndarray | None:
    """The terms' MinHash (NUM_PERM values); None for no terms. The MinHash of a union of sets is the
    element-wise minimum of theirs."""
    global _template
    grams = [t.encode() for t in terms]
    if not grams:
        return None
    if _template is None:  # drawing the permutations costs more than hashing a text: once per process
        _template = MinHash(num_perm=NUM_PERM, seed=SEED)
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_template.permutations,
                     scheme=_template.scheme)
    sketch.update_batch(grams)
    return np.asarray(sketch.hashvalues, dtype=np.uint64)


def fold_matrix(values: np.ndarray) -> np.ndarray:
    """For each row of NUM_PERM MinHash values, one 32-bit hash per band of ROWS values: equal bands
    give equal hashes (unequal ones collide about once in 4e9)."""
    rows = values.reshape(-1, BANDS, ROWS)
    mixed = rows[:, :, 0]
    for column in range(1, ROWS):
        mixed = (mixed * np.uint64(1_000_003) + rows[:, :, column]) & np.uint64(0xFFFFFFFFFFFF)
    return ((mixed ^ (mixed >> np.uint64(24))) & np.uint64(0xFFFFFFFF)).astype("<u4")


def fold_bands(values: np.ndarray | None) -> bytes:
    return b"" if values is None else fold_matrix(values[np.newaxis, :])[0].tobytes()


def band_hashes(terms: Iterable[str]) -> bytes:
    return fold_bands(minhash_values(terms))


class Analyser:
    """jieba's tokenizer with the community terms, and the IDF table used to rank keywords."""

    def __init__(self) -> None:
        jieba.setLogLevel(logging.WARNING)
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        self.idf, self.median_idf = load_idf()
        self.terms: set[str] = set()
        self.version: int | None = None
        self.lock = threading.Lock()
        self.set_terms(BUILTIN_TERMS, version=None)

    def set_terms(self, terms: Iterable[str], version: int | None) -> None:
        """Make `terms` (the built-in ones plus the administrator's) the tokenizer's own words."""
        wanted = {t.strip() for t in terms if t and t.strip()} | set(BUILTIN_TERMS)
        with self.lock:
            for gone in self.terms - wanted:
                self.tokenizer.del_word(gone)
            for term in wanted - self.terms:
                self.tokenizer.add_word(term, freq=max(self.tokenizer.suggest_freq(term), TERM_FREQ))
            self.terms, self.version = wanted, version

    def content_words(self, text: str) -> Counter[str]:
        """How often each content word occurs: community terms, Chinese words of two characters or
        more, English words of three letters or more, numbers; no stop words."""
        with self.lock:
            words = list(self.tokenizer.cut(text))
        counts: Counter[str] = Counter()
        for word in words:
            word = word.strip()
            if word in self.terms or word.isdigit() or (WORD_RE.fullmatch(word) and word not in STOPWORDS):
                counts[word] += 1
        return counts

    def analyse(self, title: str, description: str) -> TextAnalysis:
        text = normalise(f"{title}\n{description}")
        if not KEEP_RE.search(text):
            return TextAnalysis([], [], b"")
        counts = self.content_words(text)
        keywords, terms = self.rank(counts)
        return TextAnalysis(keywords, terms, band_hashes(terms))

    def rank(self, counts: Counter[str]) -> tuple[list[str], list[str]]:
        """The keywords (TF-IDF, community terms weighing more) and the terms of the word counts."""
        scored = {w: n * self.idf.get(w, self.median_idf) * (1.5 if w in self.terms else 1.0)
                  for w, n in counts.items() if not w.isdigit()}
        keywords = sorted(scored, key=lambda w: (-scored[w], w))[:MAX_KEYWORDS]
        terms = sorted(counts, key=lambda w: (-counts[w], w))[:MAX_TERMS]
        return keywords, sorted(terms)


def load_idf() -> tuple[dict[str, float], float]:
    path = os.path.join(os.path.dirname(jieba.__file__), "analyse", "idf.txt")
    idf: dict[str, float] = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            word, _, value = line.strip().partition(" ")
            if value:
                idf[word] = float(value)
    values = sorted(idf.values())
    return idf, values[len(values) // 2]


def _load_zhconv() -> None:
    # zhconv opens its packaged dictionary without closing it; load it by path instead.
    path = os.path.join(os.path.dirname(zhconv.__file__), "zhcdict.json")
    if zhconv.zhconv.zhcdicts is None:
        with open(path, "rb") as f:
            data = json.loads(f.read().decode("utf-8"))
        data["SIMPONLY"], data["TRADONLY"] = frozenset(data["SIMPONLY"]), frozenset(data["TRADONLY"])
        zhconv.zhconv.zhcdicts = data


_analyser: Analyser | None = None
_loading = threading.Lock()


def warm_up() -> None:
    """Load the analyser in a background thread, so that the first case filed does not wait for it."""
    threading.Thread(target=analyser, name="hotspot-analyser", daemon=True).start()


def _after_fork() -> None:
    # A fork while a thread held a lock would leave the child's copy locked for ever.
    global _loading
    _loading = threading.Lock()
    if _analyser is not None:
        _analyser.lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork)


def analyser() -> Analyser:
    """The process's one analyser, loaded on first use (about a second)."""
    global _analyser
    if _analyser is None:
        with _loading:
            if _analyser is None:
                _load_zhconv()
                _analyser = Analyser()
    return _analyser
