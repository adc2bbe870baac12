"""Public pages: the home page and each community's page."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from community import bp, federation
from community.models import Community
from community.models.teams import MembershipStatus
from extensions import db


@bp.get("/")
def home():  # type: ignore[no-untyped-def]
    return render_template("home.html", communities=federation.community_overview(cached=True))


@bp.get("/c/<slug>")
def community_page(slug: str):  # type: ignore[no-untyped-def]
    community = db.first_or_404(select(Community).where(Community.slug == slug))
    my_teams = federation.membership_states(current_user, community) if current_user.is_authenticated else {}
    categories = federation.teams_by_category(community)
    return render_template(
        "community/community.html",
        community=community,
        categories=categories,
        figures=federation.federation_figures(community, categories),
        can_manage=community.can_manage(current_user),
        is_member=community.is_member(current_user),
        my_teams=my_teams,
        MembershipStatus=MembershipStatus,
    )
