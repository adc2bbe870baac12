"""Translated names of the events package's codes, and its kinds of notification."""

from __future__ import annotations

from datetime import datetime

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from community import notifications
from community.templating import localtime
from events.models import EventStatus, SignupStatus

SIGNUP_LABELS: dict[SignupStatus, LazyString] = {
    SignupStatus.CONFIRMED: _l("Confirmed"),
    SignupStatus.WAITING: _l("On the waiting list"),
    SignupStatus.CANCELLED: _l("Cancelled"),
}
SIGNUP_COLOURS = {SignupStatus.CONFIRMED: "success", SignupStatus.WAITING: "warning",
                  SignupStatus.CANCELLED: "secondary"}

EVENT_STATUS_LABELS: dict[EventStatus, LazyString] = {
    EventStatus.SCHEDULED: _l("Scheduled"),
    EventStatus.CANCELLED: _l("Cancelled"),
}


def starts_label(value: str) -> str:
    try:
        return localtime(datetime.fromisoformat(value))
    except ValueError:
        return value


notifications.register_param_label("starts", starts_label)
notifications.register_message("idea_became_event", _l("Your idea “%(idea)s” became an event: %(event)s."))
notifications.register_message("event_promoted",
                               _l("A place came free: you are now confirmed for %(event)s."))
notifications.register_message("event_changed", _l("%(event)s has changed; check its time and place."))
notifications.register_message("event_cancelled", _l("%(event)s is cancelled: %(reason)s"))
notifications.register_message("event_reminder", _l("Reminder: %(event)s starts at %(starts)s."))
