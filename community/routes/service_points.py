"""The directory of service points (服务点), and their editing by secretaries and administrators."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from community import bp, guides
from community.errors import ServiceError
from community.forms import ConfirmForm, show_service_error
from community.guide_forms import ServicePointForm
from community.models import Community, Role, ServicePoint, ServicePointKind, can_edit_guides
from community.permissions import load, roles_required
from extensions import db


@bp.get("/service-points")
def service_points():  # type: ignore[no-untyped-def]
    points = db.session.scalars(select(ServicePoint).options(selectinload(ServicePoint.guides))
                                .order_by(ServicePoint.kind, ServicePoint.name)).all()
    by_kind = {kind: [p for p in points if p.kind == kind] for kind in ServicePointKind}
    return render_template("guides/service_points.html", by_kind=by_kind,
                           can_edit=can_edit_guides(current_user), confirm=ConfirmForm())


def _edit_point(point: ServicePoint | None):  # type: ignore[no-untyped-def]
    form = ServicePointForm(obj=point)
    form.community.choices = [(0, _("No community"))] + [
        (c.id, c.name) for c in db.session.scalars(select(Community).order_by(Community.name))]
    if point is not None and not form.is_submitted():
        form.kind.data, form.community.data = point.kind.value, point.community_id or 0
    if form.validate_on_submit():
        data = guides.ServicePointData(
            name=form.name.data, kind=ServicePointKind(form.kind.data), address=form.address.data,
            hours=form.hours.data or "", phone=form.phone.data or "", services=form.services.data or "",
            community_id=form.community.data or None)
        try:
            point = guides.save_service_point(current_user, data, point)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The service point %(name)s is saved.", name=point.name), "success")
            return redirect(url_for("community.service_points") + f"#point-{point.id}")
    return render_template("guides/service_point_form.html", form=form, point=point)


@bp.route("/service-points/new", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def new_service_point():  # type: ignore[no-untyped-def]
    return _edit_point(None)


@bp.route("/service-points/<int:point_id>/edit", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def edit_service_point(point_id: int):  # type: ignore[no-untyped-def]
    return _edit_point(load(ServicePoint, point_id))


@bp.post("/service-points/<int:point_id>/delete")
@roles_required(Role.SECRETARY)
def delete_service_point(point_id: int):  # type: ignore[no-untyped-def]
    point = load(ServicePoint, point_id)
    if ConfirmForm().validate_on_submit():
        guides.delete_service_point(current_user, point)
        db.session.commit()
        flash(_("The service point is deleted."), "info")
    return redirect(url_for("community.service_points"))
