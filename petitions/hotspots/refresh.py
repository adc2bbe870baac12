"""The refresh: groups the last 90 days' cases into hotspots, flags surges, finds near-duplicates.

It reads the keywords and sketches stored at intake (only cases left without them are analysed
here), keeps the duplicate pairs found before (only new candidate pairs are compared), and writes
the figures the board reads: the board itself computes nothing.
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
import sqlalchemy as sa
from sqlalchemy import select, update

from community.models import Community
from community.timeutil import utcnow
from extensions import db
from petitions.hotspots import analysis
from petitions.hotspots.models import CaseAnalysis, CaseDuplicate, CommonProblem, Hotspot, HotspotState
from petitions.hotspots.text import BANDS, DUPLICATE_JACCARD, TextAnalysis
from petitions.models import Case, CaseStatus

WINDOW_DAYS = 90
BASELINE_WEEKS = 8      # a group's usual week: the mean of the 8 weeks before the last 7 days
TREND_WEEKS = 13
MIN_GROUP = 3           # fewer cases in 90 days are no hotspot
TOP_KEYWORDS = 3        # a case is grouped by one of its three best keywords
SURGE_RATIO = 3.0       # the last 7 days at least 3 times the usual week …
SURGE_MIN = 8           # … and at least 8 cases
SURGE_P = 1e-4          # … and so many that the usual rate would give them less than once in 10,000 weeks
MAX_BUCKET = 200        # a band bucket larger than this is a mass of identical texts: not compared pairwise
MIN_SHARED_BANDS = 2    # of 32: a pair with a Jaccard of 0.5 shares 2 or more 91 % of the time, of 0.2 3 %
SAMPLES = 5
CHUNK = 2000
DAY = 86400.0
log = logging.getLogger(__name__)


@dataclass(slots=True)
class Row:
    case_id: int
    category_id: int
    community_id: int
    age_days: float
    keywords: list[str]
    bands: bytes
    hotspot_id: int | None
    fresh: bool  # analysed since the last refresh, which compared every pair of the others


@dataclass
class Group:
    category_id: int
    keyword: str
    rows: list[Row] = field(default_factory=list)


def refresh(now: datetime | None = None) -> HotspotState:
    started, now = time.perf_counter(), now or utcnow()
    start = now - timedelta(days=WINDOW_DAYS)
    last = db.session.scalar(select(HotspotState.refreshed_at).where(HotspotState.id == 1))
    analysed = analyse_missing(start)
    rows = load_rows(start, now, last)
    groups = group_rows(rows)
    pairs = find_duplicates(rows, start)
    hotspots = store_hotspots(rows, groups, pairs, now)
    link_declared_problems(hotspots)

    state = analysis.state()
    state.refreshed_at, state.window_start = now, start
    state.cases_in_window, state.cases_analysed = len(rows), analysed
    state.hotspots = len(groups)
    state.surges = sum(1 for h, _group in hotspots.values() if h.surge)
    state.duplicate_pairs = len(pairs)
    state.refresh_seconds = round(time.perf_counter() - started, 3)
    db.session.flush()
    return state


def window_filter(start: datetime, now: datetime):  # type: ignore[no-untyped-def]
    return (Case.created_at >= start, Case.created_at <= now, Case.status != CaseStatus.REJECTED)


def analyse_missing(start: datetime) -> int:
    """Cases filed without an analysis (before this feature, or when it failed at intake)."""
    tool, done = analysis.current_analyser(), 0
    query = (select(Case).outerjoin(CaseAnalysis, CaseAnalysis.case_id == Case.id)
             .where(Case.created_at >= start, CaseAnalysis.case_id.is_(None)).limit(CHUNK))
    while cases := list(db.session.scalars(query)):
        for case in cases:
            try:
                analysis.analyse_case(case, tool, new=True)
            except Exception:  # a text the analyser cannot take must not stop every refresh after it
                log.exception("analysing case %s failed; stored without keywords", case.id)
                analysis.store(case.id, TextAnalysis([], [], b""), tool.version or 0, new=True)
        db.session.flush()
        done += len(cases)
    return done


def load_rows(start: datetime, now: datetime, last: datetime | None = None) -> list[Row]:
    # The naive UTC columns as stored (no per-row conversion): 270,000 rows are read.
    created = sa.type_coerce(Case.created_at, sa.DateTime)
    analysed = sa.type_coerce(CaseAnalysis.analysed_at, sa.DateTime)
    query = (select(Case.id, Case.category_id, Case.community_id, created, CaseAnalysis.keywords,
                    CaseAnalysis.bands, CaseAnalysis.hotspot_id, analysed)
             .join(CaseAnalysis, CaseAnalysis.case_id == Case.id).where(*window_filter(start, now)))
    naive_now = now.astimezone(UTC).replace(tzinfo=None)
    since = last.astimezone(UTC).replace(tzinfo=None) if last is not None else datetime.min
    return [Row(case_id, category_id, community_id, (naive_now - at).total_seconds() / DAY,
                keywords.split(), bands if isinstance(bands, bytes) else bytes(bands or b""), hotspot_id,
                analysed_at >= since)
            for case_id, category_id, community_id, at, keywords, bands, hotspot_id, analysed_at
            in db.session.execute(query).tuples()]


def group_rows(rows: list[Row]) -> dict[tuple[int, str], Group]:
    """Within each category, a case's best keyword names its group; a case joins the largest such group
    among its three best keywords (so that 入园难 joins 幼儿园 when most say 幼儿园), else the group of
    the one of them most cases share; groups of fewer than three cases are dropped."""
    by_category: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        if row.keywords:
            by_category[row.category_id].append(row)
    groups: dict[tuple[int, str], Group] = {}
    for category_id, members in by_category.items():
        firsts = Counter(row.keywords[0] for row in members)
        df = Counter(word for row in members for word in set(row.keywords[:TOP_KEYWORDS]))
        for row in members:
            best = row.keywords[:TOP_KEYWORDS]
            word = max(best, key=lambda w: (firsts[w], df[w], w))
            if firsts[word] < MIN_GROUP:
                word = max(best, key=lambda w: (df[w], w))
            if df[word] >= MIN_GROUP:
                groups.setdefault((category_id, word), Group(category_id, word)).rows.append(row)
    return {key: group for key, group in groups.items() if len(group.rows) >= MIN_GROUP}


def candidate_pairs(rows: list[Row]) -> list[tuple[int, int]]:
    """Pairs of cases of one community whose sketches share at least MIN_SHARED_BANDS bands (indexes
    into `rows`). Vectorised: for every band, the cases are sorted by (community, band hash) and each
    run of equal keys gives all its pairs; a pair's bands in common are counted over all bands."""
    sketched = np.asarray([i for i, row in enumerate(rows) if len(row.bands) == 4 * BANDS], dtype=np.int64)
    n = len(sketched)
    if n < 2:
        return []
    bands = np.frombuffer(b"".join(rows[i].bands for i in sketched), dtype="<u4").reshape(-1, BANDS)
    community = np.asarray([rows[i].community_id for i in sketched], dtype=np.uint64) << np.uint64(32)
    positions, codes = np.arange(n), []
    for band in range(BANDS):
        keys = community | bands[:, band].astype(np.uint64)
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        first = np.concatenate(([True], ordered[1:] != ordered[:-1]))
        run = np.cumsum(first) - 1
        starts = np.flatnonzero(first)
        sizes = np.diff(np.append(starts, n))[run]
        rank = positions - starts[run]
        partners = np.where((sizes > 1) & (sizes <= MAX_BUCKET), sizes - 1 - rank, 0)
        total = int(partners.sum())
        if not total:
            continue
        left = np.repeat(positions, partners)
        right = left + np.arange(total) - np.repeat(np.cumsum(partners) - partners, partners) + 1
        a, b = order[left], order[right]
        codes.append(np.minimum(a, b) * n + np.maximum(a, b))
    if not codes:
        return []
    pairs, shared = np.unique(np.concatenate(codes), return_counts=True)
    chosen = pairs[shared >= MIN_SHARED_BANDS]
    return list(zip(sketched[chosen // n].tolist(), sketched[chosen % n].tolist(), strict=True))


def find_duplicates(rows: list[Row], start: datetime) -> list[tuple[int, int]]:
    """Every near-duplicate pair (later case id, earlier case id) of the window, the pairs found by
    earlier refreshes included; only candidate pairs with a case analysed since the last refresh are
    compared (by their stored words): the others were compared then."""
    in_window = {row.case_id for row in rows}
    stored = (select(CaseDuplicate.case_id, CaseDuplicate.duplicate_of_id)
              .join(Case, Case.id == CaseDuplicate.case_id).where(Case.created_at >= start))
    known = {(a, b) for a, b in db.session.execute(stored) if a in in_window and b in in_window}
    todo = []
    for i, j in candidate_pairs(rows):
        if not (rows[i].fresh or rows[j].fresh):
            continue  # compared by the last refresh already
        a, b = rows[i].case_id, rows[j].case_id
        later, earlier = (a, b) if (rows[i].age_days, a) < (rows[j].age_days, b) else (b, a)
        if (later, earlier) not in known:
            todo.append((later, earlier))
    words = load_terms({case_id for pair in todo for case_id in pair})
    found_at = utcnow()
    for later, earlier in todo:
        similarity = jaccard(words.get(later, frozenset()), words.get(earlier, frozenset()))
        if similarity >= DUPLICATE_JACCARD:
            db.session.add(CaseDuplicate(case_id=later, duplicate_of_id=earlier,
                                         similarity=round(similarity, 3), found_at=found_at))
            known.add((later, earlier))
    return sorted(known)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def load_terms(case_ids: set[int]) -> dict[int, frozenset[str]]:
    ids, words = sorted(case_ids), {}
    for offset in range(0, len(ids), CHUNK):
        chunk = ids[offset:offset + CHUNK]
        for case_id, terms in db.session.execute(select(CaseAnalysis.case_id, CaseAnalysis.terms)
                                                 .where(CaseAnalysis.case_id.in_(chunk))):
            words[case_id] = frozenset(terms.split())
    return words


def figures(group: Group) -> dict[str, object]:
    ages = [row.age_days for row in group.rows]
    trend = [0] * TREND_WEEKS
    for age in ages:
        week = int(age // 7)
        if week < TREND_WEEKS:
            trend[TREND_WEEKS - 1 - week] += 1
    last_week = trend[-1]
    baseline = sum(trend[-1 - BASELINE_WEEKS:-1]) / BASELINE_WEEKS
    usual = max(baseline, 1.0)
    ratio = last_week / usual
    # Far above the usual week, and not by chance: among thousands of groups a few would triple.
    unlikely = last_week >= SURGE_MIN and poisson_tail(last_week, usual) < SURGE_P
    return {
        "cases_90d": len(ages), "cases_30d": sum(1 for a in ages if a < 30), "cases_7d": last_week,
        "baseline_week": round(baseline, 2), "ratio": round(ratio, 1), "trend": trend,
        "surge": ratio >= SURGE_RATIO and unlikely,
    }


def poisson_tail(k: int, rate: float) -> float:
    """P(X ≥ k) for X ~ Poisson(rate), summed from k on (the terms shrink once past the rate)."""
    if k <= rate:
        return 1.0
    term = math.exp(-rate + k * math.log(rate) - math.lgamma(k + 1))
    total, i = 0.0, k
    while term > total * 1e-12 and term > 1e-300:
        total += term
        i += 1
        term *= rate / i
    return min(total, 1.0)


def places(group: Group, communities: dict[int, Community]) -> tuple[list[dict], list[dict]]:
    by_community = Counter(row.community_id for row in group.rows)
    by_street = Counter()
    for community_id, count in by_community.items():
        community = communities.get(community_id)
        if community is not None:
            by_street[f"{community.district} {community.street}"] += count
    top = [{"id": cid, "name": communities[cid].name if cid in communities else "", "count": n}
           for cid, n in by_community.most_common(5)]
    return top, [{"name": name, "count": n} for name, n in by_street.most_common(5)]


Key = tuple[int, str, int | None]  # category, keyword, community (None: the whole city)


def with_communities(groups: dict[tuple[int, str], Group]) -> dict[Key, Group]:
    """The city's groups, and within each the cases of every community that has enough of them."""
    found: dict[Key, Group] = {}
    for (category_id, keyword), group in groups.items():
        found[(category_id, keyword, None)] = group
        by_community: dict[int, list[Row]] = defaultdict(list)
        for row in group.rows:
            by_community[row.community_id].append(row)
        for community_id, members in by_community.items():
            if len(members) >= MIN_GROUP:
                found[(category_id, keyword, community_id)] = Group(category_id, keyword, members)
    return found


def store_hotspots(rows: list[Row], groups: dict[tuple[int, str], Group], pairs: list[tuple[int, int]],
                   now: datetime) -> dict[Key, tuple[Hotspot, Group]]:
    """Write every group's figures; a community's surge is flagged only when the city's group of the
    same problem is not itself surging (the board shows that one)."""
    communities = {c.id: c for c in db.session.scalars(select(Community))}
    existing = {(h.category_id, h.keyword, h.community_id): h for h in db.session.scalars(select(Hotspot))}
    everything = with_communities(groups)
    group_of = {row.case_id: key for key, group in groups.items() for row in group.rows}
    duplicates = Counter(group_of[a] for a, b in pairs if a in group_of and group_of.get(b) == group_of[a])
    community_of = {row.case_id: row.community_id for row in rows}
    local_duplicates = Counter((*group_of[a], community_of[a]) for a, b in pairs
                               if a in group_of and group_of.get(b) == group_of[a])
    for key, hotspot in existing.items():
        if key not in everything and hotspot.active:
            hotspot.active, hotspot.surge, hotspot.computed_at = False, False, now
            hotspot.cases_7d = hotspot.cases_30d = hotspot.cases_90d = 0
    stored: dict[Key, tuple[Hotspot, Group]] = {}
    ordered = sorted(everything, key=lambda k: (k[2] is not None, k[0], k[1], k[2] or 0))
    for n, key in enumerate(ordered):
        if key[2] is not None and ordered[n - 1][2] is None:
            db.session.flush()  # the city's hotspots have their ids: the communities' refer to them
        group, (category_id, keyword, community_id) = everything[key], key
        hotspot = existing.get(key) or Hotspot(category_id=category_id, keyword=keyword,
                                               community_id=community_id)
        related = Counter(w for row in group.rows for w in row.keywords if w != keyword)
        newest = sorted(group.rows, key=lambda r: (r.age_days, -r.case_id))[:SAMPLES]
        hotspot.places, hotspot.streets = places(group, communities)
        for name, value in figures(group).items():
            setattr(hotspot, name, value)
        if community_id is not None:
            city = stored[(category_id, keyword, None)][0]
            hotspot.parent_id = city.id
            hotspot.surge = hotspot.surge and not city.surge
            hotspot.duplicate_pairs = local_duplicates[key]
        else:
            hotspot.duplicate_pairs = duplicates[(category_id, keyword)]
        hotspot.related = " ".join(w for w, _n in related.most_common(3))
        hotspot.sample_case_ids = [row.case_id for row in newest]
        hotspot.active, hotspot.computed_at = True, now
        db.session.add(hotspot)
        stored[key] = (hotspot, group)
    db.session.flush()
    city_ids = {key: stored[(*key, None)][0].id for key in groups}
    changed = [{"case_id": row.case_id, "hotspot_id": city_ids[key]}
               for key, group in groups.items() for row in group.rows if row.hotspot_id != city_ids[key]]
    changed += [{"case_id": row.case_id, "hotspot_id": None}
                for row in rows if row.hotspot_id is not None and row.case_id not in group_of]
    by_target: dict[int | None, list[int]] = defaultdict(list)
    for change in changed:
        by_target[change["hotspot_id"]].append(change["case_id"])
    for hotspot_id, case_ids in by_target.items():  # a few statements, not one a case
        for offset in range(0, len(case_ids), CHUNK):
            chunk = case_ids[offset:offset + CHUNK]
            db.session.execute(update(CaseAnalysis).where(CaseAnalysis.case_id.in_(chunk))
                               .values(hotspot_id=hotspot_id),
                               execution_options={"synchronize_session": False})
    return stored


def link_declared_problems(stored: dict[Key, tuple[Hotspot, Group]]) -> None:
    """New cases of a hotspot declared a common problem join the problem."""
    from petitions.hotspots import problems

    by_id = {hotspot.id: group for hotspot, group in stored.values()}
    declared = select(CommonProblem).where(CommonProblem.hotspot_id.in_(list(by_id)))
    for problem in db.session.scalars(declared):
        problems.link_cases(problem, [row.case_id for row in by_id[problem.hotspot_id].rows])
