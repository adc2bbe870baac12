"""Community, department and team services, tested without HTTP."""

from __future__ import annotations

import pytest

from community import federation, notifications
from community.errors import NotAllowed, ServiceError
from community.models import MembershipStatus, Role, TeamCategory
from tests import factories


@pytest.fixture
def people(app_ctx):
    community = factories.make_community()
    secretary = factories.make_user(grants=[(Role.SECRETARY, community.id, None)])
    resident = factories.make_user(grants=[(Role.RESIDENT, community.id, None)])
    leader = factories.make_user(grants=[(Role.RESIDENT, community.id, None)])
    admin = factories.make_user(grants=[(Role.ADMIN, None, None)])
    return community, secretary, resident, leader, admin


def test_create_community_checks_the_short_name(people):
    *_, admin = people
    community = federation.create_community(admin, "晴川社区", "江南区", "望湖街道", "Qing Chuan")
    assert community.slug == "qing-chuan"
    with pytest.raises(ServiceError) as error:
        federation.create_community(admin, "又一个", "江南区", "望湖街道", "qing-chuan")
    assert error.value.field == "slug"
    with pytest.raises(ServiceError):
        federation.create_community(admin, "符号", "江南区", "望湖街道", "社区!!")


def test_create_department_refuses_a_duplicate_name(people):
    *_, admin = people
    federation.create_department(admin, "教育局")
    with pytest.raises(ServiceError) as error:
        federation.create_department(admin, " 教育局 ")
    assert error.value.field == "name"


def test_secretary_creates_a_team_and_its_leader_becomes_member_and_team_leader(people):
    community, secretary, _resident, leader, _admin = people
    team = federation.save_team(secretary, community, "书画社", TeamCategory.HOBBIES, "练字", leader)
    assert team.leader is leader
    assert [u.id for u in federation.active_members(team)] == [leader.id]
    assert leader.has_role(Role.TEAM_LEADER, community=community)


def test_team_names_are_unique_within_a_community_only(people):
    community, secretary, *_ = people
    federation.save_team(secretary, community, "书画社", TeamCategory.HOBBIES, "", None)
    with pytest.raises(ServiceError) as error:
        federation.save_team(secretary, community, "书画社 ", TeamCategory.CHARITY, "", None)
    assert error.value.field == "name"
    other = factories.make_community()
    admin = factories.make_user(grants=[(Role.ADMIN, None, None)])
    federation.save_team(admin, other, "书画社", TeamCategory.HOBBIES, "", None)


def test_renaming_a_team_to_its_own_name_is_fine(people):
    community, secretary, *_ = people
    team = federation.save_team(secretary, community, "书画社", TeamCategory.HOBBIES, "", None)
    federation.save_team(secretary, community, "书画社", TeamCategory.CULTURE_SPORTS, "新", None, team)
    assert team.category is TeamCategory.CULTURE_SPORTS


def test_only_the_secretary_or_an_admin_creates_teams(people):
    community, _secretary, resident, *_ = people
    with pytest.raises(NotAllowed):
        federation.save_team(resident, community, "X", TeamCategory.HOBBIES, "", None)


def test_join_request_approval_flow_notifies_both_sides(people):
    community, secretary, resident, leader, _ = people
    team = federation.save_team(secretary, community, "守望团", TeamCategory.SAFETY_WATCH, "", leader)
    membership = federation.request_to_join(resident, team)
    assert membership.status is MembershipStatus.PENDING
    assert notifications.unread_count(leader.id) >= 1
    with pytest.raises(ServiceError):
        federation.request_to_join(resident, team)
    with pytest.raises(NotAllowed):
        federation.decide_membership(resident, membership, approve=True)
    federation.decide_membership(leader, membership, approve=True)
    assert membership.status is MembershipStatus.ACTIVE
    assert notifications.unread_count(resident.id) == 1
    with pytest.raises(ServiceError):
        federation.decide_membership(leader, membership, approve=False)


def test_a_declined_resident_may_ask_again(people):
    community, secretary, resident, leader, _ = people
    team = federation.save_team(secretary, community, "守望团", TeamCategory.SAFETY_WATCH, "", leader)
    membership = federation.request_to_join(resident, team)
    federation.decide_membership(secretary, membership, approve=False)
    assert federation.request_to_join(resident, team).status is MembershipStatus.PENDING


def test_residents_of_another_community_cannot_join(people):
    community, secretary, *_ = people
    team = federation.save_team(secretary, community, "守望团", TeamCategory.SAFETY_WATCH, "", None)
    stranger = factories.make_user(grants=[(Role.RESIDENT, factories.make_community().id, None)])
    with pytest.raises(ServiceError):
        federation.request_to_join(stranger, team)


def test_leaving_a_team(people):
    community, _secretary, resident, leader, _ = people
    team = factories.make_team(community, leader=leader, members=[resident])
    with pytest.raises(ServiceError):
        federation.leave_team(leader, team)
    federation.leave_team(resident, team)
    assert [u.id for u in federation.active_members(team)] == [leader.id]


def test_teams_by_category_lists_every_category_with_member_counts(people):
    community, _secretary, resident, leader, _ = people
    factories.make_team(community, name="甲", category=TeamCategory.CHARITY, leader=leader,
                        members=[resident])
    factories.make_team(community, name="乙", category=TeamCategory.CHARITY)
    grouped = federation.teams_by_category(community)
    assert list(grouped) == list(TeamCategory)
    assert {(s.name, s.member_count) for s in grouped[TeamCategory.CHARITY]} == {("乙", 0), ("甲", 2)}
    assert grouped[TeamCategory.HOBBIES] == []


def test_community_overview_counts_teams_and_residents(people):
    community, *_ = people
    factories.make_team(community)
    overview = {o.id: o for o in federation.community_overview()}
    assert overview[community.id].team_count == 1
    assert overview[community.id].resident_count == 2
