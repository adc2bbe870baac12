"""The privacy matrix: every kind of person × every personal field of an elder, on the rendered page,
with the audit entry each look or refusal leaves.

Administrators see the elder's page without the personal fields: they run accounts and settings for
the whole city, not the care of one elder. To read them an administrator would have to grant
themselves the secretary role, which is itself audited and announced to them.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from sqlalchemy import select

from community.models import AuditEntry
from community.timeutil import utcnow
from extensions import db
from tests import volunteer_factories as vf
from volunteers import privacy
from volunteers.models import PERSONAL_FIELDS

SEES = {"secretary", "assigned_volunteer", "team_member", "team_leader"}
PAGE_WITHOUT_PERSONAL = {"admin"}
ROLES = ["secretary", "other_secretary", "assigned_volunteer", "team_member", "team_leader",
         "unassigned_volunteer", "unassigned_leader", "resident", "dispatcher", "handler", "supervisor",
         "admin"]


@pytest.fixture
def site(app):
    with app.app_context():
        with time_machine.travel(utcnow() - timedelta(days=30), tick=False):
            care = vf.make_care()  # registered a month ago, never visited: overdue
        db.session.commit()
        return SimpleNamespace(elder_id=care.elder.id, community_id=care.community.id, team_id=care.team.id,
                               logins={name: user.email for name, user in care.people().items()},
                               ids={name: user.id for name, user in care.people().items()})


def entries(app, site, role: str) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry).where(
            AuditEntry.actor_id == site.ids[role], AuditEntry.object_type == "Elder",
            AuditEntry.object_id == site.elder_id, AuditEntry.action.like("elder.personal_%"))))


def test_the_matrix_covers_every_personal_field():
    assert set(vf.PERSONAL) == set(PERSONAL_FIELDS)


@pytest.mark.parametrize("field", PERSONAL_FIELDS)
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_each_personal_field(client, auth, app, site, role, field):
    auth.login(site.logins[role])
    response = client.get(f"/volunteers/elders/{site.elder_id}")
    html = response.get_data(as_text=True)
    sees = role in SEES
    assert response.status_code == (200 if sees or role in PAGE_WITHOUT_PERSONAL else 403)
    assert (vf.PERSONAL[field] in html) is sees
    if response.status_code == 200:
        assert "王桂兰" in html and "3号楼" in html
        assert (f'data-field="{field}"' in html) is sees
    [entry] = entries(app, site, role)
    assert entry.action == (privacy.VIEWED if sees else privacy.REFUSED)
    assert entry.detail == {"fields": list(PERSONAL_FIELDS), "where": "elder_page"}


def test_every_look_is_recorded(client, auth, app, site):
    auth.login(site.logins["team_member"])
    for _ in range(3):
        client.get(f"/volunteers/elders/{site.elder_id}")
    assert [e.action for e in entries(app, site, "team_member")] == [privacy.VIEWED] * 3


@pytest.mark.parametrize("role", ["team_member", "unassigned_volunteer", "admin", "other_secretary"])
def test_the_edit_form_is_the_secretarys_and_refusals_are_recorded(client, auth, app, site, role):
    auth.login(site.logins[role])
    response = client.get(f"/volunteers/elders/{site.elder_id}/edit")
    assert response.status_code == 403
    assert vf.PERSONAL["phone"] not in response.get_data(as_text=True)
    looks = [(e.action, e.detail["where"]) for e in entries(app, site, role)]
    assert looks == [(privacy.REFUSED, "elder_edit")]


def test_the_secretarys_edit_form_is_a_recorded_look(client, auth, app, site):
    auth.login(site.logins["secretary"])
    response = client.get(f"/volunteers/elders/{site.elder_id}/edit")
    assert response.status_code == 200 and vf.PERSONAL["phone"] in response.get_data(as_text=True)
    looks = [(e.action, e.detail["where"]) for e in entries(app, site, "secretary")]
    assert looks == [(privacy.VIEWED, "elder_edit")]


@pytest.mark.parametrize(("role", "path"), [
    ("secretary", "/volunteers/elders?community={community}"),
    ("secretary", "/volunteers/coverage"),
    ("admin", "/volunteers/elders?community={community}"),
    ("team_member", "/volunteers/elders"),
    ("team_member", "/volunteers/visits/new"),
    ("team_member", "/volunteers/visits/new?elder={elder}"),
    ("team_leader", "/volunteers/teams/{team}/roster"),
    ("team_leader", "/volunteers/coverage"),
])
def test_lists_and_forms_show_the_name_and_building_only(client, auth, site, role, path):
    auth.login(site.logins[role])
    response = client.get(path.format(community=site.community_id, elder=site.elder_id, team=site.team_id))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "王桂兰" in html and "3号楼" in html
    assert not [field for field, value in vf.PERSONAL.items() if value in html]
