"""The elder registry: lists (name and building only), an elder's page, registering, editing, archiving
and assigning. Personal fields are shown through `privacy.open_personal` alone."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.actions import run
from community.forms import ConfirmForm
from community.models import Role
from community.permissions import ensure, load
from community.routes import page_number
from community.timeutil import utcnow
from extensions import db
from volunteers import assignments, bp, concerns, privacy, registry, visits
from volunteers.forms import ArchiveForm, AssignForm, ElderForm
from volunteers.localdays import indexes_of, mask_of
from volunteers.models import CareAssignment, Elder, ElderStatus, Gender, LivingSituation
from volunteers.routes import (
    ensure_any_role,
    managed_communities,
    overseen_communities,
    pick_community,
    save,
)


@bp.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    """The navbar's "Elders": the coverage board for a secretary, one's own elders for a volunteer."""
    if managed_communities(current_user):
        return redirect(url_for("volunteers.coverage_board"))
    if not current_user.is_admin:
        ensure_any_role(Role.VOLUNTEER, Role.TEAM_LEADER)
    return redirect(url_for("volunteers.elder_list"))


@bp.get("/elders")
@login_required
def elder_list():  # type: ignore[no-untyped-def]
    overseen = overseen_communities(current_user)
    archived = request.args.get("archived") == "1"
    if overseen:
        community = pick_community(overseen)
        query, mine = registry.registry_query({community.id}, archived=archived), False
    else:
        ensure_any_role(Role.VOLUNTEER, Role.TEAM_LEADER)
        community, query, mine = None, assignments.assigned_elders_query(current_user), True
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("volunteers/elders.html", page=page, mine=mine, community=community,
                           communities=overseen, archived=archived, now=utcnow(),
                           can_register=bool(managed_communities(current_user)))


def _data(form: ElderForm) -> registry.ElderData:
    return registry.ElderData(
        name=form.name.data, gender=Gender(form.gender.data), birth_year=form.birth_year.data,
        building=form.building.data, living_situation=LivingSituation(form.living_situation.data),
        unit=form.unit.data or "", room=form.room.data or "", phone=form.phone.data or "",
        health_notes=form.health_notes.data or "", needs=form.needs.data or "",
        emergency_contacts=form.emergency_contacts.data or "", consent_on=form.consent_on.data,
        consent_witness=form.consent_witness.data or "", visit_every_days=form.visit_every_days.data,
        preferred_days=mask_of(form.preferred_days.data or []),
        preferred_slots=mask_of(form.preferred_slots.data or []))


@bp.route("/elders/new", methods=["GET", "POST"])
@login_required
def new_elder():  # type: ignore[no-untyped-def]
    community = pick_community(managed_communities(current_user))
    form = ElderForm()
    if form.validate_on_submit():
        made = []
        if save(form, lambda: made.append(registry.save_elder(current_user, community, _data(form))),
                _("%(name)s is in the registry.", name=form.name.data.strip())):
            return redirect(url_for("volunteers.assign_elder", elder_id=made[0].id))
    return render_template("volunteers/elder_form.html", form=form, elder=None, community=community)


@bp.get("/elders/<int:elder_id>")
@login_required
def elder_page(elder_id: int):  # type: ignore[no-untyped-def]
    elder = load(Elder, elder_id)
    personal = privacy.open_personal(current_user, elder, "elder_page")
    db.session.commit()  # the audit entry stays, whatever is answered next
    ensure(personal or elder.can_view(current_user))
    return render_template(
        "volunteers/elder.html", elder=elder, personal=personal, now=utcnow(),
        assignments=assignments.current_assignments(elder), visits=visits.recent_visits(elder),
        concerns=concerns.recent_concerns(elder) if personal else [],
        can_manage=elder.can_manage(current_user), can_log=elder.is_visited_by(current_user),
        archive_form=ArchiveForm(formdata=None))


@bp.route("/elders/<int:elder_id>/edit", methods=["GET", "POST"])
@login_required
def edit_elder(elder_id: int):  # type: ignore[no-untyped-def]
    elder = load(Elder, elder_id)
    if not elder.can_manage(current_user):
        privacy.refuse_personal(current_user, elder, "elder_edit")
        db.session.commit()
        abort(403)
    form = ElderForm(obj=elder)
    if not form.is_submitted():
        form.gender.data, form.living_situation.data = elder.gender.value, elder.living_situation.value
        form.preferred_days.data = indexes_of(elder.preferred_days, 7)
        form.preferred_slots.data = indexes_of(elder.preferred_slots, 3)
    if form.validate_on_submit() and save(
            form, lambda: registry.save_elder(current_user, elder.community, _data(form), elder),
            _("The details of %(name)s are saved.", name=elder.name)):
        return redirect(url_for("volunteers.elder_page", elder_id=elder.id))
    privacy.open_personal(current_user, elder, "elder_edit")  # the form shows the personal fields
    db.session.commit()
    return render_template("volunteers/elder_form.html", form=form, elder=elder, community=elder.community)


@bp.post("/elders/<int:elder_id>/archive")
@login_required
def archive_elder(elder_id: int):  # type: ignore[no-untyped-def]
    elder = load(Elder, elder_id)
    ensure(elder.can_manage(current_user))
    form = ArchiveForm()
    if not form.validate_on_submit():
        flash(_("Choose why the elder leaves the registry."), "danger")
    elif run(lambda: registry.archive_elder(current_user, elder, ElderStatus(form.status.data)),
             _("%(name)s is archived.", name=elder.name)):
        return redirect(url_for("volunteers.elder_list"))
    return redirect(url_for("volunteers.elder_page", elder_id=elder.id))


@bp.route("/elders/<int:elder_id>/assign", methods=["GET", "POST"])
@login_required
def assign_elder(elder_id: int):  # type: ignore[no-untyped-def]
    elder = load(Elder, elder_id)
    ensure(elder.can_manage(current_user))
    people = assignments.candidates(elder.community_id)
    teams = assignments.volunteer_teams(elder.community_id)
    form = AssignForm()
    form.team.choices = [(0, "—")] + [(t.id, t.name) for t in teams]
    form.volunteers.choices = [(u.id, u.display_name) for u in people]
    if form.validate_on_submit():
        team = next((t for t in teams if t.id == form.team.data), None)
        chosen = [u for u in people if u.id in set(form.volunteers.data or [])]
        if save(form, lambda: assignments.assign(current_user, elder, team, chosen),
                _("The assignment of %(name)s is saved.", name=elder.name)):
            return redirect(url_for("volunteers.assign_elder", elder_id=elder.id))
    return render_template("volunteers/assign.html", elder=elder, form=form,
                           current=assignments.current_assignments(elder),
                           suggestions=assignments.suggestions(elder), end_form=ConfirmForm())


@bp.post("/assignments/<int:assignment_id>/end")
@login_required
def end_assignment(assignment_id: int):  # type: ignore[no-untyped-def]
    assignment = load(CareAssignment, assignment_id)
    ensure(assignment.elder.can_manage(current_user))
    if ConfirmForm().validate_on_submit():
        run(lambda: assignments.end_assignment(current_user, assignment),
            _("%(name)s no longer visits this elder.", name=assignment.assignee_name))
    return redirect(url_for("volunteers.assign_elder", elder_id=assignment.elder_id))
