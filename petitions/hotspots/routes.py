"""The hotspot board, a hotspot's page, common problems, the dictionary of community terms."""

from __future__ import annotations

import os

import click
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import selectinload

from community import fragments
from community.errors import NotAllowed, ServiceError
from community.forms import ConfirmForm, show_service_error
from community.models import Department, Role
from community.permissions import ensure, load, roles_required
from community.routes import page_number
from extensions import db
from petitions import bp
from petitions.hotspots import analysis, board, problems
from petitions.hotspots.forms import AnswerForm, DeclareForm, TermForm
from petitions.hotspots.models import CommonProblem, CommunityTerm, Hotspot, ProblemStatus
from petitions.hotspots.refresh import refresh
from petitions.hotspots.text import BUILTIN_TERMS, warm_up
from petitions.models import Case

PROBLEM_STATUS = {ProblemStatus.OPEN: _l("Being handled"), ProblemStatus.ANSWERED: _l("Answered together")}


def area_of_viewer() -> set[int] | None:
    """None for hub staff (they see everything); else the communities the secretary runs."""
    return None if problems.can_declare(current_user) else problems.managed_community_ids(current_user)


def declare_form(hotspot: Hotspot) -> DeclareForm:
    form = DeclareForm(prefix="declare")
    form.department.choices = [(d.id, d.name) for d in db.session.scalars(select(Department)
                                                                          .order_by(Department.name))]
    if not form.is_submitted():
        form.title.data = hotspot.name
        if hotspot.category.default_department_id:
            form.department.data = hotspot.category.default_department_id
    return form


@bp.get("/hotspots")
@login_required
def hotspot_board():  # type: ignore[no-untyped-def]
    ensure(board.can_view_board(current_user))
    period = request.args.get("period", "week")
    period = period if period in board.PERIODS else "week"
    surging = request.args.get("surging") == "1"
    area = area_of_viewer()
    return fragments.render_kept("petitions/hotspots/board.html", ["cases"],
                                 key=[None if area is None else tuple(sorted(area))],
                                 context=lambda: _board_context(period, surging, area))


def _board_context(period: str, surging: bool, area: object) -> dict:
    recent = db.session.scalars(problems.problems_query(current_user).limit(5)
                                .options(selectinload(CommonProblem.department))).all()
    return dict(board=board.board(period, surging, area), period=period, surging=surging,
                problems=recent, sparkline=board.sparkline, can_refresh=problems.can_declare(current_user),
                refresh_form=ConfirmForm(prefix="refresh"))


@bp.get("/hotspots/<int:hotspot_id>")
@login_required
def hotspot_page(hotspot_id: int):  # type: ignore[no-untyped-def]
    hotspot = load(Hotspot, hotspot_id)
    ensure(board.can_view_board(current_user))
    area = area_of_viewer()
    page = db.paginate(board.hotspot_cases(hotspot, area), page=page_number(),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("petitions/hotspots/hotspot.html", hotspot=hotspot, page=page,
                           pairs=board.duplicate_pairs(hotspot) if area is None else [],
                           form=declare_form(hotspot), can_declare=problems.can_declare(current_user),
                           sparkline=board.sparkline)


@bp.post("/hotspots/<int:hotspot_id>/declare")
@login_required
def declare_problem(hotspot_id: int):  # type: ignore[no-untyped-def]
    hotspot = load(Hotspot, hotspot_id)
    ensure(problems.can_declare(current_user))
    form = declare_form(hotspot)
    if form.validate_on_submit():
        try:
            problem = problems.declare(current_user, hotspot, form.title.data,
                                       db.session.get(Department, form.department.data),
                                       form.description.data or "")
        except NotAllowed:
            abort(403)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("Declared a common problem; its %(n)d cases are linked to it.",
                    n=problems.case_count(problem)), "success")
            return redirect(url_for("petitions.problem_page", problem_id=problem.id))
    area = area_of_viewer()
    page = db.paginate(board.hotspot_cases(hotspot, area), page=1, per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    return render_template("petitions/hotspots/hotspot.html", hotspot=hotspot, page=page,
                           pairs=board.duplicate_pairs(hotspot), form=form, can_declare=True,
                           sparkline=board.sparkline), 400


@bp.post("/hotspots/refresh")
@login_required
def refresh_hotspots():  # type: ignore[no-untyped-def]
    ensure(problems.can_declare(current_user))
    if not ConfirmForm(prefix="refresh").validate_on_submit():
        abort(400)
    try:
        state = refresh()
        db.session.commit()
    except (IntegrityError, OperationalError):  # the nightly job, or another click, at the same moment
        db.session.rollback()
        flash(_("Another refresh was running at the same moment; look at the board again in a minute."),
              "warning")
    else:
        flash(_("Hotspots refreshed: %(n)d cases in %(s).1f s.", n=state.cases_in_window,
                s=state.refresh_seconds), "success")
    return redirect(url_for("petitions.hotspot_board"))


@bp.get("/hotspots/problems")
@login_required
def problem_list():  # type: ignore[no-untyped-def]
    ensure(board.can_view_board(current_user) or bool(current_user.department_ids()))
    page = db.paginate(problems.problems_query(current_user), page=page_number(),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    counts = {p.id: problems.case_count(p) for p in page.items}
    return render_template("petitions/hotspots/problems.html", page=page, counts=counts)


def render_problem(problem: CommonProblem, form: AnswerForm, status: int = 200):  # type: ignore[no-untyped-def]
    area = None if problems.can_declare(current_user) or problem.can_answer(current_user) \
        else problems.managed_community_ids(current_user)
    query = problems.cases_query(problem)
    if area is not None:
        query = query.where(Case.community_id.in_(area))
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("petitions/hotspots/problem.html", problem=problem, page=page, form=form,
                           total=problems.case_count(problem)), status


@bp.get("/hotspots/problems/<int:problem_id>")
@login_required
def problem_page(problem_id: int):  # type: ignore[no-untyped-def]
    problem = load(CommonProblem, problem_id)
    ensure(problems.can_see(current_user, problem))
    return render_problem(problem, AnswerForm(prefix="answer"))


@bp.post("/hotspots/problems/<int:problem_id>/answer")
@login_required
def answer_problem(problem_id: int):  # type: ignore[no-untyped-def]
    problem = load(CommonProblem, problem_id)
    ensure(problem.can_answer(current_user))
    form = AnswerForm(prefix="answer")
    if form.validate_on_submit():
        try:
            count = problems.answer(current_user, problem, form.answer.data, resolve=form.resolve.data)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("Answered together: the answer is on the timeline of %(n)d cases.", n=count), "success")
            return redirect(url_for("petitions.problem_page", problem_id=problem.id))
    return render_problem(problem, form, 400)


@bp.route("/admin/terms", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def admin_terms():  # type: ignore[no-untyped-def]
    form = TermForm(prefix="term")
    status = 200
    if form.validate_on_submit():
        try:
            term = analysis.add_term(current_user, form.term.data, form.note.data or "")
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
            status = 400
        else:
            db.session.commit()
            flash(_("Added %(term)s: cases filed from now on are cut with it.", term=term.term), "success")
            return redirect(url_for("petitions.admin_terms"))
    elif form.is_submitted():
        status = 400
    return render_template("petitions/hotspots/terms.html", form=form, terms=analysis.terms(),
                           builtin=sorted(BUILTIN_TERMS), delete_form=ConfirmForm()), status


@bp.post("/admin/terms/<int:term_id>/delete")
@roles_required(Role.ADMIN)
def delete_term(term_id: int):  # type: ignore[no-untyped-def]
    term = load(CommunityTerm, term_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    analysis.remove_term(current_user, term)
    db.session.commit()
    flash(_("Removed %(term)s from the dictionary.", term=term.term), "success")
    return redirect(url_for("petitions.admin_terms"))


@bp.record_once
def load_the_analyser_early(state) -> None:  # type: ignore[no-untyped-def]
    """jieba's dictionary takes a second or more to load: begin when the app is made, not at the
    first case filed."""
    command = click.get_current_context(silent=True)
    serving = command is None or os.environ.get("FLASK_RUN_FROM_CLI") == "true"  # not `flask db …`
    if serving and state.app.config.get("HOTSPOT_WARM_UP", True):
        warm_up()


@bp.context_processor
def hotspot_labels() -> dict[str, object]:
    return {"PROBLEM_STATUS": PROBLEM_STATUS}
