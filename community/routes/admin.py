"""The administrator's pages: communities, departments, roles, the audit log."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from community import accounts, admin_bp, audit, federation
from community.errors import ServiceError
from community.forms import (
    CommunityForm,
    ConfirmForm,
    DepartmentForm,
    GrantRoleForm,
    show_service_error,
)
from community.models import Community, Department, Role, RoleGrant, User
from community.permissions import load, roles_required
from community.routes import page_number
from extensions import db


@admin_bp.before_request
@roles_required(Role.ADMIN)
def admins_only() -> None:
    """Every page here is for administrators."""


@admin_bp.get("/")
def dashboard():  # type: ignore[no-untyped-def]
    return render_template(
        "admin/dashboard.html",
        communities=federation.community_overview(),
        departments=db.session.scalars(select(Department).order_by(Department.name)).all(),
    )


@admin_bp.route("/communities/new", methods=["GET", "POST"])
def new_community():  # type: ignore[no-untyped-def]
    form = CommunityForm()
    if form.validate_on_submit():
        try:
            community = federation.create_community(current_user, form.name.data, form.district.data,
                                                    form.street.data, form.slug.data)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The community %(name)s is created.", name=community.name), "success")
            return redirect(url_for("admin.dashboard"))
    return render_template("admin/form.html", form=form, title=_("New community"))


@admin_bp.route("/departments/new", methods=["GET", "POST"])
def new_department():  # type: ignore[no-untyped-def]
    form = DepartmentForm()
    if form.validate_on_submit():
        try:
            department = federation.create_department(current_user, form.name.data, form.description.data)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The department %(name)s is created.", name=department.name), "success")
            return redirect(url_for("admin.dashboard"))
    return render_template("admin/form.html", form=form, title=_("New department"))


@admin_bp.get("/users")
def users():  # type: ignore[no-untyped-def]
    q = request.args.get("q", "").strip()[:100]
    query = select(User).order_by(User.display_name, User.id)
    if q:
        like = f"%{q}%"
        query = query.where(
            or_(User.display_name.ilike(like), User.email.ilike(like), User.phone.ilike(like))
        )
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("admin/users.html", page=page, q=q, form=ConfirmForm())


@admin_bp.route("/roles", methods=["GET", "POST"])
def grant_role():  # type: ignore[no-untyped-def]
    form = GrantRoleForm(login_name=request.args.get("user", ""))
    communities = db.session.scalars(select(Community).order_by(Community.name)).all()
    departments = db.session.scalars(select(Department).order_by(Department.name)).all()
    form.community.choices = [(0, "—")] + [(c.id, c.name) for c in communities]
    form.department.choices = [(0, "—")] + [(d.id, d.name) for d in departments]
    if form.validate_on_submit():
        user = accounts.find_by_login_name(form.login_name.data)
        if user is None:
            form.login_name.errors = [_("No account has this phone or email.")]
        else:
            try:
                accounts.grant_role(current_user, user, Role(form.role.data),
                                    community=db.session.get(Community, form.community.data or 0),
                                    department=db.session.get(Department, form.department.data or 0))
            except ServiceError as error:
                db.session.rollback()
                show_service_error(form, error)
            else:
                db.session.commit()
                flash(_("%(name)s has the new role.", name=user.display_name), "success")
                return redirect(url_for("admin.users", q=user.login_name))
    return render_template("admin/grant_role.html", form=form)


@admin_bp.post("/roles/<int:grant_id>/revoke")
def revoke_role(grant_id: int):  # type: ignore[no-untyped-def]
    grant = load(RoleGrant, grant_id)
    name = grant.user.display_name
    login_name = grant.user.login_name
    accounts.revoke_role(current_user, grant)
    db.session.commit()
    flash(_("The role was taken from %(name)s.", name=name), "info")
    return redirect(url_for("admin.users", q=login_name))


@admin_bp.get("/audit")
def audit_log():  # type: ignore[no-untyped-def]
    action = request.args.get("action", "").strip()[:60]
    query = audit.entries_query(action=action or None)
    page = db.paginate(query, page=page_number(), per_page=50, error_out=False)
    return render_template("admin/audit.html", page=page, action=action)
