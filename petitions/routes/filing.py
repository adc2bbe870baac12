"""Filing a case through the pages: a resident's form, and a secretary's intake of a hotline or
walk-in call (the service: `petitions.intake`)."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from community.errors import NotAllowed, ServiceError
from community.forms import show_service_error
from community.models import Community, Role
from community.permissions import ensure
from community.transactions import reads_first
from extensions import db
from petitions import bp, intake
from petitions.forms import CaseForm, IntakeForm
from petitions.models import Case, CaseType, Category, Channel


def _ask_for_photos_again(form) -> None:  # type: ignore[no-untyped-def]
    """A form sent back for correction cannot keep the files chosen: say so, where it shows."""
    if any(upload.filename for upload in request.files.getlist(form.photos.name)):
        again = _("Choose your photos again: a form sent back for correction cannot keep them.")
        form.photos.errors = [*form.photos.errors, again]


def category_choices() -> list[tuple[int | str, str]]:
    """The active categories, after an empty "choose" option (a case filed under the first category
    by mistake is worse than one the form sends back)."""
    locale = str(get_locale())
    rows = db.session.scalars(select(Category).where(Category.active.is_(True)).order_by(Category.name))
    labelled = sorted(((c.id, c.label(locale)) for c in rows), key=lambda choice: choice[1])
    return [("", _("Choose a category")), *labelled]


def _draft(form, community_id: int, channel: Channel = Channel.WEB) -> intake.CaseDraft:  # type: ignore[no-untyped-def]
    uploads = [f.read() for f in request.files.getlist(form.photos.name) if f and f.filename]
    return intake.CaseDraft(
        type=CaseType(form.type.data), category_id=form.category.data, title=form.title.data,
        description=form.description.data, community_id=community_id, building=form.building.data or "",
        unit=form.unit.data or "", address=form.address.data or "", lat=form.lat.data, lng=form.lng.data,
        hide_name=form.hide_name.data, channel=channel, photos=uploads,
        contact_name=form.contact_name.data if hasattr(form, "contact_name") else "",
        contact_phone=form.contact_phone.data if hasattr(form, "contact_phone") else "",
    )


def _file_and_commit(form, filing: Callable[[], Case], message: Callable[[str], str]) -> str | None:  # type: ignore[no-untyped-def]
    """Run `filing` (a call of `intake.file_case`) and commit: the case's number, or None when it was
    refused (the reason shown on `form`). The message is worded before the commit, which expires the
    case and the signed-in user whose language it is in: no second transaction to load them again."""
    try:
        case = filing()
    except ServiceError as error:
        db.session.rollback()
        show_service_error(form, error)
        return None
    number = case.number
    text = message(number)
    db.session.commit()
    flash(text, "success")
    return number


@bp.route("/new", methods=["GET", "POST"])
@reads_first
@login_required
def new_case():  # type: ignore[no-untyped-def]
    community_ids = sorted(current_user.community_ids(Role.RESIDENT))
    if not community_ids:
        flash(_("Only residents of a community can file cases. Ask your community secretary."), "warning")
        return redirect(url_for("community.home"))
    form = CaseForm()
    if form.validate_on_submit():
        number = _file_and_commit(
            form, lambda: intake.file_case(_draft(form, community_ids[0]), current_user),
            lambda n: _("Your case %(number)s is filed. You will be told of every step.", number=n))
        if number:
            return redirect(url_for("petitions.case_page", number=number))
    _ask_for_photos_again(form)
    form.category.choices = category_choices()
    return render_template("petitions/new.html", form=form,
                           community=db.session.get(Community, community_ids[0]))


@bp.route("/intake", methods=["GET", "POST"])
@reads_first
@login_required
def intake_case():  # type: ignore[no-untyped-def]
    communities = [c for c in db.session.scalars(select(Community).order_by(Community.name))
                   if c.can_manage(current_user)]
    ensure(bool(communities))
    form = IntakeForm()
    form.community.choices = [(c.id, c.name) for c in communities]
    if form.validate_on_submit():
        community = db.session.get(Community, form.community.data)
        if community is None:
            abort(403)
        resident = intake.find_resident_by_phone(community, form.contact_phone.data)
        follower = resident.display_name if resident is not None else ""  # read before the commit
        draft = _draft(form, community.id, Channel(form.channel.data))
        try:
            number = _file_and_commit(
                form, lambda: intake.file_case(draft, resident, entered_by=current_user),
                lambda n: _("Case %(number)s is entered.", number=n))
        except NotAllowed:
            abort(403)
        if number:
            if follower:
                flash(_("The phone number belongs to %(name)s, a registered resident: the case follows "
                        "their account.", name=follower), "info")
            return redirect(url_for("petitions.case_page", number=number))
    _ask_for_photos_again(form)
    form.category.choices = category_choices()
    return render_template("petitions/intake.html", form=form)
