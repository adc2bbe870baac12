"""The signed-in user's own pages: profile, password, notifications, display choices."""

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
from flask_login import current_user, login_required, login_user

from community import accounts, bp, notifications
from community.errors import ServiceError
from community.forms import (
    ChangePasswordForm,
    ConfirmForm,
    ProfileForm,
    show_service_error,
)
from community.models import Notification
from community.permissions import ensure, load
from community.routes import page_number, safe_next
from extensions import csrf, db


@bp.route("/me", methods=["GET", "POST"])
@login_required
def profile():  # type: ignore[no-untyped-def]
    form = ProfileForm(obj=current_user)
    if request.method == "GET":
        form.locale.data = current_user.locale or ""
    if form.validate_on_submit():
        accounts.update_profile(current_user, form.display_name.data, form.locale.data)
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("community.profile"))
    return render_template("account/profile.html", form=form)


@bp.route("/me/password", methods=["GET", "POST"])
@login_required
def change_password():  # type: ignore[no-untyped-def]
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data, form.new_password.data)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # this session keeps going
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for("community.profile"))
    return render_template("account/password.html", form=form)


@bp.get("/me/notifications")
@login_required
def notification_list():  # type: ignore[no-untyped-def]
    page = db.paginate(notifications.notifications_query(current_user.id), page=page_number(),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("account/notifications.html", page=page,
                           message_of=notifications.message_of, form=ConfirmForm())


@bp.get("/me/notifications/<int:note_id>")
@login_required
def open_notification(note_id: int):  # type: ignore[no-untyped-def]
    note = load(Notification, note_id)
    ensure(note.user_id == current_user.id)
    notifications.mark_read(note)
    db.session.commit()
    return redirect(safe_next(note.link, url_for("community.notification_list")))


@bp.post("/me/notifications/read-all")
@login_required
def read_all_notifications():  # type: ignore[no-untyped-def]
    notifications.mark_all_read(current_user.id)
    db.session.commit()
    flash(_("All notifications are marked as read."), "info")
    return redirect(url_for("community.notification_list"))


# The two display choices carry no CSRF token, so that a page with no form of its own
# sets no session cookie for a visitor; forging one could only switch someone's language.
@bp.post("/language")
@csrf.exempt
def set_language():  # type: ignore[no-untyped-def]
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        return redirect(url_for("community.home"))
    session["lang"] = lang
    if current_user.is_authenticated:
        current_user.locale = lang
        db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("community.home")))


@bp.post("/large-text")
@csrf.exempt
def toggle_large_text():  # type: ignore[no-untyped-def]
    session["large_text"] = not session.get("large_text", False)
    return redirect(safe_next(request.form.get("next"), url_for("community.home")))
