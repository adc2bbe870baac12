"""`flask --app app open311 …`: keys on a hub, the link to a remote hub on a community portal."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from community.errors import ServiceError
from extensions import db
from petitions.open311 import keys

open311_command = AppGroup("open311", help="Open311 GeoReport v2: API keys, the remote hub, the outbox.")


def _fail(error: ServiceError) -> None:
    db.session.rollback()
    raise click.ClickException(error.message)


@open311_command.command("create-key")
@click.argument("community_slug")
def create_key(community_slug: str) -> None:
    """Issue an API key to a community; it is printed once and only its hash is kept."""
    try:
        row, key = keys.issue_key(keys.community_by_slug(community_slug))
    except ServiceError as error:
        _fail(error)
        return
    db.session.commit()
    click.echo(key)
    click.echo(f"Key {row.prefix}… issued to {community_slug}. It is shown only now: keep it.", err=True)


@open311_command.command("revoke-key")
@click.argument("prefix")
def revoke_key(prefix: str) -> None:
    """Revoke the active key whose first characters are PREFIX (as `list-keys` shows them)."""
    try:
        keys.revoke_key(prefix)
    except ServiceError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Key {prefix}… revoked.")


@open311_command.command("list-keys")
def list_keys() -> None:
    """Every key: its prefix, community, creation, last use and whether it is revoked."""
    from sqlalchemy import select

    from petitions.open311.models import ApiKey

    for row in db.session.scalars(select(ApiKey).order_by(ApiKey.id)):
        state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
        used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never"
        click.echo(f"{row.prefix}…  {row.community.slug:<20} {row.created_at:%Y-%m-%d}  used {used}  {state}")


@open311_command.command("link-hub")
@click.argument("community_slug")
@click.argument("hub_url")
@click.argument("api_key")
def link_hub(community_slug: str, hub_url: str, api_key: str) -> None:
    """Forward COMMUNITY_SLUG's cases to the hub at HUB_URL (ending in /open311/v2) with API_KEY."""
    from petitions.open311 import links

    try:
        links.link(keys.community_by_slug(community_slug), hub_url, api_key)
    except ServiceError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"{community_slug} now forwards its cases to {hub_url}.")


@open311_command.command("unlink-hub")
@click.argument("community_slug")
def unlink_hub(community_slug: str) -> None:
    """Forward COMMUNITY_SLUG's cases to this portal's own hub again (cases still unsent stay queued)."""
    from petitions.open311 import links

    try:
        links.unlink(keys.community_by_slug(community_slug))
    except ServiceError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"{community_slug} forwards to this portal's own hub.")


@open311_command.command("send")
@click.option("--all", "everything", is_flag=True, help="Also the rows still waiting out their backoff.")
def send(everything: bool) -> None:
    """Deliver the outbox's due rows now (what the scheduled job does every minute)."""
    from petitions.open311 import outbox

    sent, failed = outbox.send_due(everything=everything)
    click.echo(f"{sent} sent, {failed} failed")


@open311_command.command("pull")
def pull() -> None:
    """Pull the remote hubs' status changes now (what the scheduled job does every few minutes)."""
    from petitions.open311 import pull as pulling

    click.echo(f"{pulling.pull_all()} updates added to timelines")
