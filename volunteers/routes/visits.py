"""Logging a visit on a phone: choose the elder, tap the quick choices, send."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.models import Role
from community.permissions import load
from community.routes import id_arg
from community.timeutil import to_local, utcnow
from extensions import db
from volunteers import assignments, bp
from volunteers.forms import VisitForm
from volunteers.labels import ASPECT_LABELS, WELLBEING_COLOURS, WELLBEING_LABELS
from volunteers.localdays import at_local
from volunteers.models import WELLBEING_ASPECTS, Elder, Outcome, Severity, VisitKind, Wellbeing
from volunteers.routes import ensure_any_role, refuse, save
from volunteers.visits import VisitReport, log_visit

MY_ELDERS_SHOWN = 50


def _report(form: VisitForm, minutes: int) -> VisitReport:
    return VisitReport(
        visited_at=at_local(form.visited_on.data, form.visited_time.data), duration_minutes=minutes,
        kind=VisitKind(form.kind.data), outcome=Outcome(form.outcome.data),
        volunteer_ids=list(form.volunteers.data or []),
        wellbeing={aspect: Wellbeing(form[aspect].data) if form[aspect].data else None
                   for aspect in WELLBEING_ASPECTS},
        notes=form.notes.data or "",
        concern_severity=Severity(form.concern_severity.data) if form.concern_severity.data else None,
        concern_text=form.concern_text.data or "")


@bp.route("/visits/new", methods=["GET", "POST"])
@login_required
def log_visit_page():  # type: ignore[no-untyped-def]
    ensure_any_role(Role.VOLUNTEER, Role.TEAM_LEADER, Role.SECRETARY)
    elder_id = id_arg("elder")
    if elder_id is None:
        mine = assignments.assigned_elders_query(current_user).limit(MY_ELDERS_SHOWN)
        return render_template("volunteers/visit_choose.html", elders=db.session.scalars(mine).all(),
                               now=utcnow())
    elder = load(Elder, elder_id)
    if not elder.is_visited_by(current_user):
        refuse("visit.refused", elder, reason="not_assigned")
    people = assignments.visitors_of(elder)
    form = VisitForm()
    form.volunteers.choices = [(user.id, user.display_name) for user in people]
    if not form.is_submitted():
        here_now = to_local(utcnow())
        form.visited_on.data = here_now.date()
        form.visited_time.data = here_now.time().replace(second=0, microsecond=0)
        form.volunteers.data = [current_user.id]
    if form.validate_on_submit():
        minutes = form.duration_other.data if form.duration_other.data is not None else form.duration.data
        if minutes is None:
            form.duration.errors = [_("Choose how long the visit took.")]
        elif save(form, lambda: log_visit(current_user, elder, _report(form, minutes)),
                  _("The visit to %(name)s is logged. Thank you!", name=elder.name),
                  refusal=("visit.refused", elder)):
            return redirect(url_for("volunteers.log_visit_page"))
    return render_template("volunteers/visit_form.html", form=form, elder=elder, aspects=WELLBEING_ASPECTS,
                           aspect_labels=ASPECT_LABELS, wellbeing_labels=WELLBEING_LABELS,
                           colours=WELLBEING_COLOURS, Wellbeing=Wellbeing)
