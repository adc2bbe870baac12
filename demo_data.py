"""`flask --app app demo-data`: fill an empty database with the demo city.

Each feature adds its part to the `DemoCity` the community package makes, in order.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from community import demo as community_demo
from community import guide_demo
from community.models import Community
from events import demo as events_demo
from extensions import db
from petitions import demo as petitions_demo
from petitions.hotspots import demo as hotspots_demo
from petitions.open311 import demo as open311_demo
from volunteers import demo as volunteers_demo


@click.command("demo-data")
@click.option("--force", is_flag=True, help="Add the demo city even if the database has communities.")
@with_appcontext
def demo_data_command(force: bool) -> None:
    """Create the demo city: two communities, teams, departments and one account per role."""
    if not force and db.session.scalar(select(func.count()).select_from(Community)):
        click.echo("The database already has data; nothing added.")
        return
    password = current_app.config["DEMO_PASSWORD"]
    city = community_demo.create(password)
    guide_demo.create(city)
    petitions = petitions_demo.create(city)
    volunteers = volunteers_demo.create(city)  # after petitions: a concern becomes a case
    events = events_demo.create(city)
    open311 = open311_demo.create(city)
    hotspots = hotspots_demo.create(city)  # last: it analyses every case
    db.session.commit()
    click.echo(f"Demo city created: {len(city.communities)} communities, "
               f"{len(city.departments)} departments. Every demo account's password: {password}")
    for email, _name, role, _scope in community_demo.ACCOUNTS:
        click.echo(f"  {role.value:<12} {email}")
    for email, _name, department in petitions_demo.HANDLERS:
        click.echo(f"  {'handler':<12} {email} ({department})")
    click.echo(petitions)
    click.echo(volunteers)
    click.echo(events)
    click.echo(open311)
    click.echo(hotspots)
