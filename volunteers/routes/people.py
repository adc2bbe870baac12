"""Volunteers' own profile, the secretary's list of volunteers, and the administrator's settings."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.models import Role
from community.permissions import roles_required
from volunteers import bp, profiles, registry
from volunteers.forms import ProfileForm, SettingsForm
from volunteers.labels import DAY_LABELS, SLOT_LABELS
from volunteers.localdays import indexes_of, mask_of
from volunteers.routes import ensure_any_role, managed_communities, pick_community, save


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def volunteer_profile():  # type: ignore[no-untyped-def]
    ensure_any_role(Role.VOLUNTEER, Role.TEAM_LEADER)
    profile = profiles.profile_of(current_user)
    form = ProfileForm(obj=profile)
    if profile is not None and not form.is_submitted():
        form.available_days.data = indexes_of(profile.available_days, 7)
        form.available_slots.data = indexes_of(profile.available_slots, 3)
    if form.validate_on_submit():
        data = profiles.ProfileData(
            phone=form.phone.data or "", building=form.building.data or "", skills=form.skills.data or "",
            available_days=mask_of(form.available_days.data or []),
            available_slots=mask_of(form.available_slots.data or []))
        if save(form, lambda: profiles.save_profile(current_user, data),
                _("Your volunteer profile is saved.")):
            return redirect(url_for("volunteers.volunteer_profile"))
    return render_template("volunteers/profile.html", form=form)


@bp.get("/people")
@login_required
def volunteer_list():  # type: ignore[no-untyped-def]
    """The secretary's list, with each volunteer's phone (shown to the secretary only)."""
    community = pick_community(managed_communities(current_user))
    return render_template("volunteers/people.html", community=community,
                           communities=managed_communities(current_user),
                           rows=profiles.community_volunteers(community.id), day_labels=DAY_LABELS,
                           slot_labels=SLOT_LABELS, indexes_of=indexes_of)


@bp.route("/admin/settings", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def admin_settings():  # type: ignore[no-untyped-def]
    form = SettingsForm(data={"retention_days": registry.settings().retention_days})
    if form.validate_on_submit() and save(
            form, lambda: registry.save_settings(current_user, form.retention_days.data),
            _("The settings are saved.")):
        return redirect(url_for("volunteers.admin_settings"))
    return render_template("volunteers/admin_settings.html", form=form)
