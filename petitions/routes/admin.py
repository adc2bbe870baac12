"""The administrator's petitions pages: categories, time limits, the working-day calendar, settings."""

from __future__ import annotations

from datetime import date

from babel.lists import format_list
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from community.errors import ServiceError
from community.forms import show_service_error
from community.models import Department, Role
from community.permissions import load, roles_required
from community.timeutil import to_local, utcnow
from extensions import db
from petitions import bp, catalogue, workdays
from petitions.forms import CalendarDayForm, CategoryForm, SettingsForm, TimeLimitsForm
from petitions.labels import LIMIT_LABELS
from petitions.models import CalendarDay, Category, LimitKind
from petitions.rating import settings

admin_only = roles_required(Role.ADMIN)


def _saved(form, call, success: str) -> bool:  # type: ignore[no-untyped-def]
    """Call the service and commit once; on a refusal roll back and show the error on the form."""
    try:
        call()
    except ServiceError as error:
        db.session.rollback()
        show_service_error(form, error)
        return False
    db.session.commit()
    flash(success, "success")
    return True


@bp.get("/admin/categories")
@admin_only
def admin_categories():  # type: ignore[no-untyped-def]
    categories = db.session.scalars(select(Category).order_by(Category.active.desc(), Category.name)).all()
    return render_template("petitions/admin/categories.html", categories=categories,
                           limit_labels=LIMIT_LABELS)


@bp.route("/admin/categories/new", methods=["GET", "POST"], defaults={"category_id": None})
@bp.route("/admin/categories/<int:category_id>", methods=["GET", "POST"])
@admin_only
def admin_category(category_id: int | None):  # type: ignore[no-untyped-def]
    category = load(Category, category_id) if category_id is not None else None
    form = CategoryForm(obj=category)
    if not form.is_submitted():  # what the select fields hold: the enum's value, 0 for no department
        form.limit_kind.data = (category.limit_kind if category else LimitKind.GENERAL).value
        form.default_department.data = (category.default_department_id if category else None) or 0
    departments = db.session.scalars(select(Department).order_by(Department.name))
    form.default_department.choices = [(0, "—")] + [(d.id, d.name) for d in departments]
    if form.validate_on_submit():
        data = catalogue.CategoryData(
            name=form.name.data, name_en=form.name_en.data or "", limit_kind=LimitKind(form.limit_kind.data),
            default_department_id=form.default_department.data or None, active=form.active.data)
        if _saved(form, lambda: catalogue.save_category(current_user, data, category),
                  _("The category %(name)s is saved.", name=data.name.strip())):
            return redirect(url_for("petitions.admin_categories"))
    return render_template("petitions/admin/category.html", form=form, category=category)


@bp.route("/admin/time-limits", methods=["GET", "POST"])
@admin_only
def admin_time_limits():  # type: ignore[no-untyped-def]
    form = TimeLimitsForm(data={kind.value: days for kind, days in catalogue.time_limits().items()})
    if form.validate_on_submit():
        days = {kind: form[kind.value].data for kind in LimitKind}
        if _saved(form, lambda: catalogue.set_time_limits(current_user, days),
                  _("The time limits are saved. They apply to cases assigned from now on.")):
            return redirect(url_for("petitions.admin_time_limits"))
    for kind in LimitKind:
        form[kind.value].description = _("Usual: %(n)d working days.", n=kind.default_days)
    return render_template("petitions/admin/time_limits.html", form=form)


def _fallback_notice() -> str | None:
    """Which coming years have no official schedule, in a sentence for the calendar page."""
    years = workdays.fallback_years(to_local(utcnow()).year)
    if not years:
        return None
    listed = format_list([str(year) for year in years], locale=get_locale())
    return ngettext("%(years)s is not in the official calendar package yet: deadlines count Monday to "
                    "Friday plus the days entered here.",
                    "%(years)s are not in the official calendar package yet: deadlines count Monday to "
                    "Friday plus the days entered here.", len(years), years=listed)


@bp.route("/admin/calendar", methods=["GET", "POST"])
@admin_only
def admin_calendar():  # type: ignore[no-untyped-def]
    form = CalendarDayForm()
    if form.validate_on_submit():
        day = form.day.data
        if _saved(form, lambda: catalogue.add_calendar_day(current_user, day, form.is_workday.data == "1",
                                                           form.note.data or ""),
                  _("%(day)s is added to the calendar.", day=day.isoformat())):
            return redirect(url_for("petitions.admin_calendar"))
    days = db.session.scalars(select(CalendarDay).order_by(CalendarDay.day)).all()
    return render_template("petitions/admin/calendar.html", form=form, days=days,
                           fallback_notice=_fallback_notice())


@bp.post("/admin/calendar/<day>/delete")
@admin_only
def admin_delete_calendar_day(day: str):  # type: ignore[no-untyped-def]
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        abort(404)
    row = load(CalendarDay, parsed)
    catalogue.remove_calendar_day(current_user, row)
    db.session.commit()
    flash(_("%(day)s is removed from the calendar.", day=parsed.isoformat()), "info")
    return redirect(url_for("petitions.admin_calendar"))


@bp.route("/admin/settings", methods=["GET", "POST"])
@admin_only
def admin_settings():  # type: ignore[no-untyped-def]
    current = settings()
    form = SettingsForm(data={"good_threshold": round(current.good_threshold * 100),
                              "failing_threshold": round(current.failing_threshold * 100),
                              "rating_days": current.rating_days})
    if form.validate_on_submit():
        good, failing = form.good_threshold.data / 100, form.failing_threshold.data / 100
        if _saved(form, lambda: catalogue.save_settings(current_user, good, failing, form.rating_days.data),
                  _("The settings are saved. Weeks already published keep their grades.")):
            return redirect(url_for("petitions.admin_settings"))
    return render_template("petitions/admin/settings.html", form=form)
