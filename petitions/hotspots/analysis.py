"""Analysing a case when it is filed, and the administrator's dictionary of community terms."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update

from community import audit
from community.errors import ServiceError
from community.models import User
from extensions import db
from petitions.hotspots.models import CaseAnalysis, CommunityTerm, HotspotState
from petitions.hotspots.text import WORD_RE, Analyser, TextAnalysis, analyser, normalise
from petitions.models import Case

MAX_TERM = 20
log = logging.getLogger(__name__)


def state() -> HotspotState:
    """The one state row, created on first use."""
    row = db.session.get(HotspotState, 1)
    if row is None:
        row = HotspotState(id=1, dictionary_version=0)
        db.session.add(row)
        db.session.flush([row])
    return row


DICTIONARY_VERSION = select(HotspotState.dictionary_version).where(HotspotState.id == 1)


def current_analyser(version: int | None = None) -> Analyser:
    """The process's analyser, with the dictionary's terms as of their latest version (one small query
    per call, unless the caller read `DICTIONARY_VERSION` already; the terms are loaded again only
    when an administrator changed them)."""
    tool = analyser()
    if version is None:
        version = db.session.scalar(DICTIONARY_VERSION)
    version = version or 0
    if tool.version != version:
        tool.set_terms(db.session.scalars(select(CommunityTerm.term)), version)
    return tool


def analyse_text(title: str, description: str, tool: Analyser | None = None) -> TextAnalysis:
    return (tool or current_analyser()).analyse(title or "", description or "")


def analyse_case(case: Case, tool: Analyser | None = None, new: bool = False) -> CaseAnalysis:
    """Store the case's keywords and sketch (the case must have its id: flush first)."""
    tool = tool or current_analyser()
    return store(case.id, tool.analyse(case.title or "", case.description or ""), tool.version or 0, new)


def store(case_id: int, result: TextAnalysis, version: int, new: bool = False) -> CaseAnalysis:
    row = None if new else db.session.get(CaseAnalysis, case_id)
    row = row or CaseAnalysis(case_id=case_id)
    row.keywords = " ".join(result.keywords)[:200]
    row.terms = " ".join(result.terms)
    row.bands = result.bands
    row.dictionary_version = version
    db.session.add(row)
    return row


def analyse_at_intake(title: str, description: str,
                      version: int | None = None) -> tuple[TextAnalysis, int] | None:
    """A new case's keywords and sketch with the dictionary's version (`DICTIONARY_VERSION`, when the
    caller read it already), computed before anything is written. A failure of the analysis never
    stops a case from being filed: it is logged (None), and the next refresh analyses any case left
    without keywords."""
    try:
        tool = current_analyser(version)
        return tool.analyse(title or "", description or ""), tool.version or 0
    except Exception:  # (logged; the refresh catches up)
        log.exception("analysing a new case failed")
        return None


def store_at_intake(case_id: int, analysed: tuple[TextAnalysis, int] | None) -> None:
    """Store what `analyse_at_intake` found, once the case has its id: one INSERT, without the ORM's
    unit of work (filing is a hot path)."""
    if analysed is not None:
        result, version = analysed
        db.session.execute(_INSERT_ANALYSIS, {
            "case_id": case_id, "keywords": " ".join(result.keywords)[:200], "terms": " ".join(result.terms),
            "bands": result.bands, "dictionary_version": version,
        })


_INSERT_ANALYSIS = insert(CaseAnalysis.__table__)


def terms() -> list[CommunityTerm]:
    return list(db.session.scalars(select(CommunityTerm).order_by(CommunityTerm.term)))


def add_term(actor: User, term: str, note: str = "") -> CommunityTerm:
    cleaned = normalise(term).strip()
    if not cleaned:
        raise ServiceError(_l("Enter a term."), "term")
    if len(cleaned) > MAX_TERM or any(ch.isspace() for ch in cleaned):
        raise ServiceError(_l("A term is one word of at most %(n)d characters, without spaces.", n=MAX_TERM),
                           "term")
    if not WORD_RE.fullmatch(cleaned):
        raise ServiceError(_l("A term needs two Chinese characters or three letters at least, "
                              "and nothing but letters and digits."), "term")
    if db.session.scalar(select(CommunityTerm.id).where(CommunityTerm.term == cleaned)):
        raise ServiceError(_l("This term is already in the dictionary."), "term")
    row = CommunityTerm(term=cleaned, note=note.strip()[:80], created_by_id=actor.id)
    db.session.add(row)
    _bump_version()
    db.session.flush([row])
    audit.record(actor, "hotspots.term_added", row, term=cleaned)
    return row


def remove_term(actor: User, row: CommunityTerm) -> None:
    audit.record(actor, "hotspots.term_removed", row, term=row.term)
    db.session.delete(row)
    _bump_version()


def _bump_version() -> None:
    state()
    db.session.execute(update(HotspotState).where(HotspotState.id == 1)
                       .values(dictionary_version=HotspotState.dictionary_version + 1))
