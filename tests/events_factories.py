"""Builders for events tests: a community with its secretary, a team and residents; rounds, ideas, events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from community.models import Community, Role, Team, TeamCategory, User
from community.timeutil import utcnow
from events import ideas, planning
from events.models import Event, Idea, VotingRound
from extensions import db
from tests import factories


@dataclass
class Neighbourhood:
    community: Community
    other_community: Community
    team: Team
    secretary: User
    leader: User
    residents: list[User] = field(default_factory=list)
    outsider: User | None = None  # a resident of the other community


def make_neighbourhood(residents: int = 3) -> Neighbourhood:
    community = factories.make_community()
    other = factories.make_community()
    secretary = factories.make_user("书记", grants=[(Role.SECRETARY, community.id, None),
                                                  (Role.RESIDENT, community.id, None)])
    leader = factories.make_user("队长", grants=[(Role.TEAM_LEADER, community.id, None),
                                               (Role.RESIDENT, community.id, None)])
    team = factories.make_team(community, name="文体队", category=TeamCategory.CULTURE_SPORTS, leader=leader)
    people = [factories.make_user(f"居民{i}", grants=[(Role.RESIDENT, community.id, None)])
              for i in range(residents)]
    outsider = factories.make_user("外人", grants=[(Role.RESIDENT, other.id, None)])
    return Neighbourhood(community, other, team, secretary, leader, people, outsider)


def make_round(place: Neighbourhood, start: datetime | None = None, hours: int = 48, votes: int = 2,
               threshold: int | None = None, live: bool = True) -> VotingRound:
    start = start or utcnow() - timedelta(hours=1)
    return ideas.open_round(place.secretary, place.community, ideas.RoundDraft(
        title="端午活动征集", starts_at=start, ends_at=start + timedelta(hours=hours),
        votes_per_resident=votes, support_threshold=threshold, live_results=live))


def make_idea(place: Neighbourhood, proposer: User | None = None, title: str = "一起包粽子") -> Idea:
    return ideas.propose_idea(proposer or place.residents[0], place.community, ideas.IdeaDraft(
        title=title, description="端午节前，大家一起包粽子，送给独居老人。",
        category=TeamCategory.CULTURE_SPORTS,
        expected_size=30, time_window="端午前的周末", place="社区活动室", needs="糯米、粽叶"))


def event_draft(place: Neighbourhood, **overrides) -> planning.EventDraft:  # type: ignore[no-untyped-def]
    start = utcnow() + timedelta(days=3)
    values = dict(title="包粽子活动", description="带上围裙。", place="社区活动室", starts_at=start,
                  ends_at=start + timedelta(hours=2), capacity=2, team_id=place.team.id)
    values.update(overrides)
    return planning.EventDraft(**values)


def make_event(place: Neighbourhood, idea: Idea | None = None,
               **overrides) -> Event:  # type: ignore[no-untyped-def]
    draft = event_draft(place, **overrides)
    event = planning.create_event(place.secretary, place.community, draft, idea=idea)
    db.session.flush()
    return event


def matrix_ids(app, city) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """For the access matrix: a round with an idea and an event of the city's team, the resident signed
    up (so the ticket is theirs) and the resident's private feed token."""
    from sqlalchemy import select

    from events import calendar, signups

    with app.test_request_context():
        def user(role: Role) -> User:
            return db.session.scalar(select(User).where(User.email == city.logins[role]))

        community = db.session.get(Community, city.community_id)
        team = db.session.get(Team, city.team_id)
        place = Neighbourhood(community, community, team, user(Role.SECRETARY), user(Role.TEAM_LEADER),
                              [user(Role.RESIDENT)])
        voting_round = make_round(place)
        idea = make_idea(place)
        event = make_event(place, capacity=5)
        ticket = signups.sign_up(place.residents[0], event).ticket_code
        feed = calendar.private_feed_token(place.residents[0])
        db.session.commit()
        return {"event": event.id, "round": voting_round.id, "idea": idea.id, "ticket": ticket, "feed": feed}
