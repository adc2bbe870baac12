"""Builders for volunteers tests: a community with a secretary, a watch group, elders and every kind of
person the privacy rule must tell apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from community.models import Community, Department, Role, Team, TeamCategory, User
from community.timeutil import utcnow
from extensions import db
from tests import factories
from volunteers import assignments, registry, visits
from volunteers.models import Elder, Gender, LivingSituation, Outcome, VisitKind

# Values that appear nowhere else on a page, so that a test can look for them.
PERSONAL = {
    "address": "7单元 1404室",
    "phone": "+8613712345678",
    "health_notes": "装有心脏起搏器",
    "emergency_contacts": "儿子 王小明 13800001111",
}


@dataclass
class Care:
    community: Community
    other_community: Community
    team: Team        # the watch group the elder is assigned to
    other_team: Team  # a volunteer team of the same community, not assigned
    elder: Elder
    secretary: User
    other_secretary: User
    assigned_volunteer: User   # assigned to the elder by name
    team_member: User          # an active member of the assigned team
    team_leader: User          # leads the assigned team
    unassigned_volunteer: User
    unassigned_leader: User    # leads the other team
    resident: User
    dispatcher: User
    handler: User
    supervisor: User
    admin: User

    def people(self) -> dict[str, User]:
        return {name: value for name, value in vars(self).items() if isinstance(value, User)}


def elder_data(**overrides) -> registry.ElderData:  # type: ignore[no-untyped-def]
    values = dict(name="王桂兰", gender=Gender.FEMALE, birth_year=1938, building="3号楼",
                  living_situation=LivingSituation.ALONE, unit="7单元", room="1404室",
                  phone=PERSONAL["phone"], health_notes=PERSONAL["health_notes"], needs="代买蔬菜",
                  emergency_contacts=PERSONAL["emergency_contacts"])
    values.update(overrides)
    return registry.ElderData(**values)


def make_elder(community: Community, secretary: User, **overrides) -> Elder:  # type: ignore[no-untyped-def]
    return registry.save_elder(secretary, community, elder_data(**overrides))


def make_care() -> Care:
    community = factories.make_community()
    other = factories.make_community()
    department = Department(name=f"民政局{community.id}")
    db.session.add(department)
    db.session.flush()

    def person(name: str, *roles: tuple[Role, int | None, int | None]) -> User:
        return factories.make_user(name, email=f"{name}.{community.id}@care.cn", grants=list(roles))

    home = community.id
    secretary = person("secretary", (Role.SECRETARY, home, None), (Role.RESIDENT, home, None))
    leader = person("leader", (Role.TEAM_LEADER, home, None), (Role.RESIDENT, home, None))
    member = person("member", (Role.VOLUNTEER, home, None), (Role.RESIDENT, home, None))
    direct = person("direct", (Role.VOLUNTEER, home, None), (Role.RESIDENT, home, None))
    unassigned = person("unassigned", (Role.VOLUNTEER, home, None), (Role.RESIDENT, home, None))
    other_leader = person("otherleader", (Role.TEAM_LEADER, home, None), (Role.RESIDENT, home, None))
    team = factories.make_team(community, name="退休工人守望团", category=TeamCategory.SAFETY_WATCH,
                               leader=leader, members=[member])
    other_team = factories.make_team(community, name="爱心义工队", category=TeamCategory.CHARITY,
                                     leader=other_leader, members=[unassigned])
    elder = make_elder(community, secretary)
    assignments.assign(secretary, elder, team=team, volunteers=[direct])
    return Care(
        community=community, other_community=other, team=team, other_team=other_team, elder=elder,
        secretary=secretary,
        other_secretary=person("othersecretary", (Role.SECRETARY, other.id, None)),
        assigned_volunteer=direct, team_member=member, team_leader=leader,
        unassigned_volunteer=unassigned, unassigned_leader=other_leader,
        resident=person("resident", (Role.RESIDENT, home, None)),
        dispatcher=person("dispatcher", (Role.DISPATCHER, None, None)),
        handler=person("handler", (Role.HANDLER, None, department.id)),
        supervisor=person("supervisor", (Role.SUPERVISOR, None, None)),
        admin=person("admin", (Role.ADMIN, None, None)),
    )


def report(when: datetime | None = None, outcome: Outcome = Outcome.MET, minutes: int = 30,
           volunteer_ids: list[int] | None = None, **extra) -> visits.VisitReport:  # type: ignore[no-untyped-def]
    return visits.VisitReport(visited_at=when or utcnow() - timedelta(hours=1), duration_minutes=minutes,
                              kind=VisitKind.HOME, outcome=outcome, volunteer_ids=volunteer_ids or [],
                              **extra)
