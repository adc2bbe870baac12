"""Register, log in, log out."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from community import accounts, auth_bp
from community.errors import ServiceError
from community.forms import LoginForm, RegisterForm, show_service_error
from community.models import Community
from community.routes import safe_next
from extensions import db, limiter

# Kept across the session renewal at login: choices made before signing in.
SESSION_KEEPS = ("lang", "large_text")


def start_session(user, remember: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Sign `user` in with a fresh session, so that no earlier session id can be reused."""
    renew_session()
    login_user(user, remember=remember)


def renew_session() -> None:
    kept = {key: session[key] for key in SESSION_KEEPS if key in session}
    session.clear()
    session.update(kept)


@auth_bp.route("/register", methods=["GET", "POST"])
def register():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("community.home"))
    form = RegisterForm()
    form.community.choices = [
        (c.id, f"{c.name} · {c.street}")
        for c in db.session.scalars(select(Community).order_by(Community.name))
    ]
    if form.validate_on_submit():
        community = db.session.get(Community, form.community.data)
        try:
            user = accounts.register_user(
                form.display_name.data, form.password.data, phone=form.phone.data or None,
                email=form.email.data or None, locale=session.get("lang"), community=community,
            )
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            start_session(user)
            flash(_("Welcome, %(name)s! Your account is ready.", name=user.display_name), "success")
            return redirect(url_for("community.community_page", slug=community.slug))
    return render_template("auth/register.html", form=form)


@auth_bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():  # type: ignore[no-untyped-def]
    next_url = safe_next(request.args.get("next"), url_for("community.home"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = accounts.authenticate(form.login_name.data, form.password.data)
        if user is None:
            failed = True
        else:
            db.session.commit()
            start_session(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            return redirect(next_url)
    return render_template("auth/login.html", form=form, failed=failed)


@auth_bp.post("/logout")
@login_required
def logout():  # type: ignore[no-untyped-def]
    logout_user()
    renew_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("community.home"))
