"""Golden ideas and voting rounds: proposing, hiding and flagging ideas, opening rounds, supporting ideas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from community import audit
from community.errors import NotAllowed, ServiceError
from community.models import Community, Role, TeamCategory, User
from community.timeutil import utcnow
from events.models import Idea, IdeaFlag, Vote, VotingRound
from extensions import db


@dataclass
class IdeaDraft:
    title: str
    description: str
    category: TeamCategory
    expected_size: int
    time_window: str = ""
    place: str = ""
    needs: str = ""


def is_resident(user: User, community_id: int) -> bool:
    return user.is_authenticated and user.has_role(Role.RESIDENT, community=community_id)


def current_round(community_id: int, now: datetime | None = None) -> VotingRound | None:
    """The round that has not ended yet (open or about to open), else None."""
    now = now or utcnow()
    return db.session.scalar(
        select(VotingRound).where(VotingRound.community_id == community_id, VotingRound.ends_at > now)
        .order_by(VotingRound.starts_at).limit(1))


def propose_idea(user: User, community: Community, draft: IdeaDraft) -> Idea:
    """A resident's idea joins the community's current round, or waits for the next one."""
    if not is_resident(user, community.id):
        raise NotAllowed()
    if draft.expected_size < 1:
        raise ServiceError(_("Expect at least one person."), field="expected_size")
    running = current_round(community.id)
    idea = Idea(community_id=community.id, proposer_id=user.id, round_id=running.id if running else None,
                title=draft.title.strip(), description=draft.description.strip(), category=draft.category,
                expected_size=draft.expected_size, time_window=draft.time_window.strip(),
                place=draft.place.strip(), needs=draft.needs.strip())
    db.session.add(idea)
    db.session.flush()
    if running is not None:
        _count_visible(running.id, +1)
    audit.record(user, "idea.proposed", idea)
    return idea


def hide_idea(actor: User, idea: Idea, reason: str) -> None:
    if not idea.community.can_manage(actor):
        raise NotAllowed()
    if not reason.strip():
        raise ServiceError(_("Say why the idea is hidden."), field="reason")
    if not idea.is_hidden and idea.round_id is not None:
        _count_visible(idea.round_id, -1)
    idea.hidden_at = utcnow()
    idea.hidden_reason = reason.strip()
    idea.hidden_by_id = actor.id
    audit.record(actor, "idea.hidden", idea, reason=idea.hidden_reason)


def show_idea(actor: User, idea: Idea) -> None:
    if not idea.community.can_manage(actor):
        raise NotAllowed()
    if idea.is_hidden and idea.round_id is not None:
        _count_visible(idea.round_id, +1)
    idea.hidden_at = None
    idea.hidden_reason = ""
    audit.record(actor, "idea.shown", idea)


def flag_idea(user: User, idea: Idea, reason: str) -> None:
    if not is_resident(user, idea.community_id):
        raise NotAllowed()
    if db.session.scalar(select(IdeaFlag.id).where(IdeaFlag.idea_id == idea.id, IdeaFlag.user_id == user.id)):
        raise ServiceError(_("You have already reported this idea."))
    db.session.add(IdeaFlag(idea_id=idea.id, user_id=user.id, reason=reason.strip()[:200]))
    db.session.execute(update(Idea).where(Idea.id == idea.id).values(flag_count=Idea.flag_count + 1))
    db.session.flush()
    db.session.refresh(idea)


@dataclass
class RoundDraft:
    title: str
    starts_at: datetime
    ends_at: datetime
    votes_per_resident: int
    support_threshold: int | None = None
    live_results: bool = True


def open_round(actor: User, community: Community, draft: RoundDraft) -> VotingRound:
    """A new round; the community's waiting ideas (no round, not hidden, no event yet) join it."""
    if not community.can_manage(actor):
        raise NotAllowed()
    if draft.ends_at <= draft.starts_at:
        raise ServiceError(_("The round must end after it starts."), field="ends_at")
    if draft.votes_per_resident < 1:
        raise ServiceError(_("Allow at least one vote per resident."), field="votes_per_resident")
    if draft.support_threshold is not None and draft.support_threshold < 1:
        raise ServiceError(_("The threshold must be at least 1."), field="support_threshold")
    if current_round(community.id) is not None:
        raise ServiceError(_("This community already has a round that has not ended."))
    voting_round = VotingRound(community_id=community.id, title=draft.title.strip(),
                               starts_at=draft.starts_at, ends_at=draft.ends_at,
                               votes_per_resident=draft.votes_per_resident,
                               support_threshold=draft.support_threshold, live_results=draft.live_results,
                               created_by_id=actor.id)
    db.session.add(voting_round)
    db.session.flush()
    db.session.execute(update(Idea).where(Idea.community_id == community.id, Idea.round_id.is_(None),
                                          Idea.hidden_at.is_(None)).values(round_id=voting_round.id))
    voting_round.idea_count = db.session.scalar(
        select(func.count()).select_from(Idea).where(Idea.round_id == voting_round.id)) or 0
    audit.record(actor, "round.opened", voting_round)
    return voting_round


def _count_visible(round_id: int, change: int) -> None:
    db.session.execute(update(VotingRound).where(VotingRound.id == round_id)
                       .values(idea_count=VotingRound.idea_count + change))


def close_round_now(actor: User, voting_round: VotingRound) -> None:
    if not voting_round.community.can_manage(actor):
        raise NotAllowed()
    now = utcnow()
    if voting_round.is_closed(now):
        raise ServiceError(_("The round has already ended."))
    voting_round.ends_at = max(now, voting_round.starts_at)
    audit.record(actor, "round.closed", voting_round)


def ideas_query(voting_round: VotingRound, by_support: bool, include_hidden: bool = False,
                what: Any = Idea):
    """The round's ideas (or `what` of them), most supported first or newest first."""
    query = select(what).where(Idea.round_id == voting_round.id)
    if not include_hidden:
        query = query.where(Idea.hidden_at.is_(None))
    if by_support:
        return query.order_by(Idea.support_count.desc(), Idea.id.desc())
    return query.order_by(Idea.id.desc())


@dataclass(frozen=True)
class IdeaLine:
    """An idea as a round's list shows it: plain values from one joined query (the list of a round of
    10,000 ideas is the busiest page of the feature)."""

    id: int
    title: str
    category: TeamCategory
    support_count: int
    flag_count: int
    is_hidden: bool
    proposer: str | None
    event_id: int | None


def idea_lines(voting_round: VotingRound, by_support: bool, include_hidden: bool, page: int,
               per_page: int) -> tuple[Any, list[IdeaLine]]:
    """One page of the round's list: the pagination (of idea ids) and the page's lines, in order."""
    from events.models import Event

    ids = db.paginate(ideas_query(voting_round, by_support, include_hidden, what=Idea.id),
                      page=page, per_page=per_page, error_out=False, count=include_hidden)
    if not include_hidden:
        ids.total = voting_round.idea_count
    if not ids.items:
        return ids, []
    rows = db.session.execute(
        select(Idea.id, Idea.title, Idea.category, Idea.support_count, Idea.flag_count,
               Idea.hidden_at.is_not(None), User.display_name, Event.id)
        .outerjoin(User, User.id == Idea.proposer_id).outerjoin(Event, Event.idea_id == Idea.id)
        .where(Idea.id.in_(ids.items))).all()
    lines = {row[0]: IdeaLine(*row) for row in rows}
    return ids, [lines[idea_id] for idea_id in ids.items]


def votes_of(user: User, voting_round: VotingRound) -> set[int]:
    """The ids of the ideas `user` supports in the round (a resident's few votes: one small query)."""
    if not user.is_authenticated:
        return set()
    return set(db.session.scalars(select(Vote.idea_id).where(Vote.round_id == voting_round.id,
                                                             Vote.user_id == user.id)))


def _lock_ballot(user: User) -> None:
    """Take the resident's row lock: their simultaneous votes then run one after the other, so the
    limit per round holds too (SQLite's BEGIN IMMEDIATE already serialises every writer)."""
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update(key_share=True))


def _check_vote(user: User, idea: Idea, now: datetime) -> VotingRound:
    voting_round = idea.round
    if not is_resident(user, idea.community_id):
        raise NotAllowed()
    if voting_round is None or not voting_round.is_open(now):
        raise ServiceError(_("Voting on this idea is not open."), code="round_closed")
    if idea.is_hidden:
        raise ServiceError(_("This idea is hidden."), code="hidden")
    return voting_round


def support(user: User, idea: Idea) -> Vote:
    """One vote for the idea; refused outside the round, twice, or beyond the resident's allowance."""
    voting_round = _check_vote(user, idea, utcnow())
    _lock_ballot(user)
    used = db.session.scalar(select(func.count()).select_from(Vote)
                             .where(Vote.round_id == voting_round.id, Vote.user_id == user.id)) or 0
    if db.session.scalar(select(Vote.id).where(Vote.idea_id == idea.id, Vote.user_id == user.id)):
        raise ServiceError(_("You already support this idea."), code="duplicate")
    if used >= voting_round.votes_per_resident:
        raise ServiceError(_("You have used all %(n)d of your votes in this round; withdraw one first.",
                             n=voting_round.votes_per_resident), code="limit")
    vote = Vote(round_id=voting_round.id, idea_id=idea.id, user_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(vote)
    except IntegrityError:  # the same click, committed by another request a moment ago
        raise ServiceError(_("You already support this idea."), code="duplicate") from None
    db.session.execute(update(Idea).where(Idea.id == idea.id).values(support_count=Idea.support_count + 1))
    db.session.refresh(idea)
    return vote


def withdraw(user: User, idea: Idea) -> None:
    _check_vote(user, idea, utcnow())
    _lock_ballot(user)
    removed = db.session.execute(
        delete(Vote).where(Vote.idea_id == idea.id, Vote.user_id == user.id)).rowcount
    if not removed:
        raise ServiceError(_("You do not support this idea."), code="no_vote")
    db.session.execute(update(Idea).where(Idea.id == idea.id).values(support_count=Idea.support_count - 1))
    db.session.refresh(idea)
