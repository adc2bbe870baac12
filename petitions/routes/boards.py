"""The work lists of each role, with filters, search and pages."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from community import fragments
from community.models import Community, Department, Role
from community.permissions import ensure, roles_required
from community.routes import page_number
from community.timeutil import utcnow
from extensions import db
from petitions import bp, labels
from petitions.forms import FilterForm
from petitions.models import Category
from petitions.worklists import (
    DEADLINE_COLOURS,
    Board,
    DeadlineState,
    Filters,
    board_page,
    deadline_state,
    waiting_for_more_time,
)

TITLES = {
    Board.COMMUNITY: _l("Community case queue"),
    Board.HUB: _l("Dispatcher's board"),
    Board.DEPARTMENT: _l("Department work list"),
    Board.SUPERVISION: _l("Supervision board"),
    Board.MINE: _l("My cases"),
}
# The lists that show whether a department's request for more time awaits the supervisor.
SHOW_REQUESTS_FOR_MORE_TIME = {Board.SUPERVISION, Board.DEPARTMENT}


def filter_form() -> tuple[FilterForm, Filters]:
    form = FilterForm(request.args)
    locale = str(get_locale())
    form.category.choices = [(0, _l("Any category"))] + [
        (c.id, c.label(locale)) for c in db.session.scalars(select(Category).order_by(Category.name))]
    form.department.choices = [(0, _l("Any department"))] + [
        (d.id, d.name) for d in db.session.scalars(select(Department).order_by(Department.name))]
    if not form.validate():
        return form, Filters()
    return form, Filters(q=form.q.data or "", status=form.status.data or "",
                         category_id=form.category.data or 0, department_id=form.department.data or 0,
                         date_from=form.date_from.data, date_to=form.date_to.data)


def render_board(board: Board, endpoint: str, **scope):  # type: ignore[no-untyped-def]
    """The board, kept (community.fragments) until a case changes or the minute turns (the deadlines'
    colours follow the clock)."""
    key = [board.value, *(tuple(sorted(ids)) for ids in scope.values())]
    return fragments.render_kept("petitions/board.html", ["cases"], key=key, per_minute=True,
                                 context=lambda: _board_context(board, endpoint, scope))


def _board_context(board: Board, endpoint: str, scope: dict) -> dict:
    form, filters = filter_form()
    page = board_page(board, current_user, filters, page_number(), current_app.config["PER_PAGE"], **scope)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    more_time = waiting_for_more_time(page.items) if board in SHOW_REQUESTS_FOR_MORE_TIME else set()
    return dict(page=page, form=form, board=board, title=TITLES[board], endpoint=endpoint, args=args,
                more_time=more_time, now=utcnow(), deadline_state=deadline_state, DeadlineState=DeadlineState,
                DEADLINE_COLOURS=DEADLINE_COLOURS, DEADLINE_LABELS=labels.DEADLINE_LABELS)


@bp.get("/mine")
@login_required
def my_cases():  # type: ignore[no-untyped-def]
    return render_board(Board.MINE, "petitions.my_cases")


@bp.get("/queue")
@login_required
def community_queue():  # type: ignore[no-untyped-def]
    managed = {c.id for c in db.session.scalars(select(Community)) if c.can_manage(current_user)}
    ensure(bool(managed))
    return render_board(Board.COMMUNITY, "petitions.community_queue", community_ids=managed)


@bp.get("/hub")
@roles_required(Role.DISPATCHER, Role.SUPERVISOR)
def hub_board():  # type: ignore[no-untyped-def]
    return render_board(Board.HUB, "petitions.hub_board")


@bp.get("/department")
@roles_required(Role.HANDLER)
def department_list():  # type: ignore[no-untyped-def]
    return render_board(Board.DEPARTMENT, "petitions.department_list",
                        department_ids=current_user.department_ids())


@bp.get("/supervision")
@roles_required(Role.SUPERVISOR)
def supervision_board():  # type: ignore[no-untyped-def]
    return render_board(Board.SUPERVISION, "petitions.supervision_board")
