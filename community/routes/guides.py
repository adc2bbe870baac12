"""Service guides: the public catalogue, a guide and its print sheet, and their editing."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from community import bp, guide_files, guides
from community.errors import ServiceError
from community.forms import ConfirmForm, show_service_error
from community.guide_forms import DOCUMENT_ROWS, AttachmentForm, GuideForm, GuideSearchForm
from community.guide_labels import ATTACHMENT_LABELS, DOCUMENT_FORM_LABELS, LIFE_EVENT_LABELS, POINT_LABELS
from community.models import (
    AttachmentKind,
    Department,
    Guide,
    GuideAttachment,
    LifeEvent,
    Role,
    ServicePoint,
    can_edit_guides,
)
from community.permissions import load, roles_required
from community.routes import page_number
from extensions import db


@bp.app_context_processor
def guide_labels() -> dict[str, Any]:
    return {"LIFE_EVENTS": LIFE_EVENT_LABELS, "DOCUMENT_FORMS": DOCUMENT_FORM_LABELS,
            "ATTACHMENT_KINDS": ATTACHMENT_LABELS, "POINT_KINDS": POINT_LABELS}


def department_choices(blank: str) -> list[tuple[int, str]]:
    departments = db.session.scalars(select(Department).order_by(Department.name))
    return [(0, blank)] + [(d.id, d.name) for d in departments]


@bp.get("/guides")
def guide_catalogue():  # type: ignore[no-untyped-def]
    form = GuideSearchForm(request.args)
    form.department.choices = department_choices(_("Any department"))
    query, event = (request.args.get("q") or ""), None
    if form.event.data in {e.value for e in LifeEvent}:
        event = LifeEvent(form.event.data)
    department_id = form.department.data if form.department.validate(form) and form.department.data else None
    message = None
    try:
        statement = guides.search_query(query, event, department_id)
    except ServiceError as error:
        form.q.errors = [error.message]
        statement = guides.search_query("", event, department_id).where(Guide.id.is_(None))
        message = error.message
    if query.strip() and not guides.search_terms(query[: guides.MAX_QUERY]) and message is None:
        message = _("Type words or pinyin initials: symbols alone find nothing.")
    page = db.paginate(statement, page=page_number(), per_page=20, error_out=False)
    counts = dict(db.session.execute(select(Guide.life_event, func.count()).group_by(Guide.life_event)).all())
    departments = db.session.execute(
        select(Department, func.count(Guide.id)).join(Guide, Guide.department_id == Department.id)
        .group_by(Department.id).order_by(Department.name)).all()
    searching = bool(query.strip() or event or department_id)
    return render_template("guides/catalogue.html", form=form, page=page, counts=counts,
                           departments=departments,
                           searching=searching, message=message, can_edit=can_edit_guides(current_user),
                           args={k: v for k, v in request.args.items() if k != "page"})


@bp.get("/guides/suggest")
def suggest_guides():  # type: ignore[no-untyped-def]
    """A short list of guides for a case's title, as HTML for the case form (or JSON when asked)."""
    found = guides.suggest_for_inquiry((request.args.get("q") or "")[:200])
    if request.args.get("format") == "json":
        return {"guides": [{"id": g.id, "name": g.name, "url": url_for("community.guide_page", guide_id=g.id)}
                           for g in found]}
    return render_template("guides/_suggestions.html", suggested=found)


@bp.get("/guides/<int:guide_id>")
def guide_page(guide_id: int):  # type: ignore[no-untyped-def]
    guide = load(Guide, guide_id)
    return render_template("guides/guide.html", guide=guide, can_edit=can_edit_guides(current_user))


@bp.get("/guides/<int:guide_id>/print")
def guide_print(guide_id: int):  # type: ignore[no-untyped-def]
    return render_template("guides/print.html", guide=load(Guide, guide_id))


@bp.get("/guides/files/<int:attachment_id>")
def guide_file(attachment_id: int):  # type: ignore[no-untyped-def]
    item = load(GuideAttachment, attachment_id)
    return send_from_directory(guide_files.folder(), item.stored_name, mimetype=item.content_type,
                               as_attachment=True, download_name=item.filename, max_age=3600)


def _edit_guide(guide: Guide | None):  # type: ignore[no-untyped-def]
    form = GuideForm(obj=guide)
    form.department.choices = department_choices(_("No department"))
    form.service_points.choices = [(p.id, p.name) for p in
                                   db.session.scalars(select(ServicePoint).order_by(ServicePoint.name))]
    if guide is not None and not form.is_submitted():
        form.life_event.data = guide.life_event.value
        form.department.data = guide.department_id or 0
        form.service_points.data = [p.id for p in guide.service_points]
        while len(form.documents) > 0:
            form.documents.pop_entry()
        for document in guide.documents:
            form.documents.append_entry({"name": document.name, "copies": document.copies,
                                         "form": document.form.value, "where_to_get": document.where_to_get})
        while len(form.documents) < max(DOCUMENT_ROWS, len(guide.documents) + 2):
            form.documents.append_entry()
    if form.validate_on_submit():
        data = guides.GuideData(
            name=form.name.data, keywords=form.keywords.data or "", summary=form.summary.data or "",
            life_event=LifeEvent(form.life_event.data), department_id=form.department.data or None,
            eligibility=form.eligibility.data or "", steps=form.steps.data or "",
            time_limit=form.time_limit.data or "",
            fees=form.fees.data or "", hours=form.hours.data or "", location=form.location.data or "",
            online_url=form.online_url.data or "", documents=form.document_data(),
            service_point_ids=form.service_points.data or [])
        try:
            guide = guides.save_guide(current_user, data, guide)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The guide %(name)s is saved.", name=guide.name), "success")
            return redirect(url_for("community.guide_page", guide_id=guide.id))
    return render_template("guides/form.html", form=form, guide=guide)


@bp.route("/guides/new", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def new_guide():  # type: ignore[no-untyped-def]
    return _edit_guide(None)


@bp.route("/guides/<int:guide_id>/edit", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def edit_guide(guide_id: int):  # type: ignore[no-untyped-def]
    return _edit_guide(load(Guide, guide_id))


@bp.get("/guides/<int:guide_id>/versions")
@roles_required(Role.SECRETARY)
def guide_versions(guide_id: int):  # type: ignore[no-untyped-def]
    return render_template("guides/versions.html", guide=load(Guide, guide_id))


@bp.route("/guides/<int:guide_id>/files", methods=["GET", "POST"])
@roles_required(Role.SECRETARY)
def guide_attachments(guide_id: int):  # type: ignore[no-untyped-def]
    guide = load(Guide, guide_id)
    form = AttachmentForm()
    if form.validate_on_submit():
        upload = request.files.get(form.file.name)
        try:
            guide_files.add_attachment(current_user, guide, form.form_name.data,
                                       AttachmentKind(form.kind.data),
                                       (upload.filename or "") if upload else "",
                                       upload.read() if upload else b"")
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The file is added to the guide."), "success")
            return redirect(url_for("community.guide_attachments", guide_id=guide.id))
    status = 400 if form.errors else 200
    return render_template("guides/attachments.html", guide=guide, form=form, confirm=ConfirmForm()), status


@bp.post("/guides/<int:guide_id>/files/<int:attachment_id>/delete")
@roles_required(Role.SECRETARY)
def delete_guide_attachment(guide_id: int, attachment_id: int):  # type: ignore[no-untyped-def]
    item = load(GuideAttachment, attachment_id)
    if item.guide_id != guide_id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        guide_files.delete_attachment(current_user, item)
        db.session.commit()
        flash(_("The file is removed."), "info")
    return redirect(url_for("community.guide_attachments", guide_id=guide_id))
