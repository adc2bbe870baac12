"""Translated names of the volunteers package's codes, and its kinds of notification."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from community import notifications
from volunteers.models import ElderStatus, Gender, LivingSituation, Outcome, Severity, VisitKind, Wellbeing

GENDER_LABELS: dict[Gender, LazyString] = {Gender.FEMALE: _l("Woman"), Gender.MALE: _l("Man")}

LIVING_LABELS: dict[LivingSituation, LazyString] = {
    LivingSituation.ALONE: _l("Lives alone"),
    LivingSituation.WITH_SPOUSE: _l("Lives with spouse"),
    LivingSituation.OTHER: _l("Other"),
}

STATUS_LABELS: dict[ElderStatus, LazyString] = {
    ElderStatus.ACTIVE: _l("In care"),
    ElderStatus.MOVED_AWAY: _l("Moved away"),
    ElderStatus.DIED: _l("Passed away"),
}

KIND_LABELS: dict[VisitKind, LazyString] = {
    VisitKind.HOME: _l("Home visit"),
    VisitKind.PHONE: _l("Phone call"),
    VisitKind.OUTING: _l("Accompanied outing"),
}

OUTCOME_LABELS: dict[Outcome, LazyString] = {
    Outcome.MET: _l("Met the elder"),
    Outcome.NO_ANSWER: _l("Nobody answered"),
}

SEVERITY_LABELS: dict[Severity, LazyString] = {
    Severity.NOTE: _l("Note"),
    Severity.FOLLOW_UP: _l("Follow up within 3 days"),
    Severity.URGENT: _l("Urgent: today"),
}
SEVERITY_COLOURS = {Severity.NOTE: "secondary", Severity.FOLLOW_UP: "warning", Severity.URGENT: "danger"}

ASPECT_LABELS: dict[str, LazyString] = {
    "mood": _l("Mood"),
    "health": _l("Health"),
    "safety": _l("Home safety"),
    "meals": _l("Meals"),
    "needs": _l("Needs"),
}

# The words of each aspect's three answers: good, fair, poor.
WELLBEING_LABELS: dict[str, dict[Wellbeing, LazyString]] = {
    "mood": {Wellbeing.GOOD: _l("Cheerful"), Wellbeing.FAIR: _l("So-so"), Wellbeing.POOR: _l("Low")},
    "health": {Wellbeing.GOOD: _l("Well"), Wellbeing.FAIR: _l("Some trouble"), Wellbeing.POOR: _l("Unwell")},
    "safety": {Wellbeing.GOOD: _l("Safe"), Wellbeing.FAIR: _l("Small risk"), Wellbeing.POOR: _l("Danger")},
    "meals": {Wellbeing.GOOD: _l("Eating well"), Wellbeing.FAIR: _l("Irregular"),
              Wellbeing.POOR: _l("Not eating")},
    "needs": {Wellbeing.GOOD: _l("Nothing needed"), Wellbeing.FAIR: _l("Some help"),
              Wellbeing.POOR: _l("Needs help now")},
}
WELLBEING_COLOURS = {Wellbeing.GOOD: "success", Wellbeing.FAIR: "warning", Wellbeing.POOR: "danger"}

DAY_LABELS: list[LazyString] = [_l("Mon"), _l("Tue"), _l("Wed"), _l("Thu"), _l("Fri"), _l("Sat"), _l("Sun")]
SLOT_LABELS: list[LazyString] = [_l("Morning"), _l("Afternoon"), _l("Evening")]

FREQUENCY_LABELS: dict[int, LazyString] = {
    3: _l("Twice a week"),
    7: _l("Every week"),
    14: _l("Every two weeks"),
    30: _l("Every month"),
}


def frequency_label(days: int) -> str:
    label = FREQUENCY_LABELS.get(days)
    return str(label) if label is not None else str(_l("Every %(n)d days", n=days))


def severity_label(value: str) -> str:
    try:
        return str(SEVERITY_LABELS[Severity(value)])
    except ValueError:
        return value


notifications.register_param_label("severity", severity_label)
notifications.register_message(
    "elder_concern_urgent",
    _l("Urgent concern about %(elder)s (%(building)s), raised by %(volunteer)s. Follow it up today."))
notifications.register_message(
    "elder_concern_overdue",
    _l("The concern about %(elder)s (%(severity)s) is past its deadline and not resolved."))
notifications.register_message(
    "elder_concern_resolved", _l("The concern you raised about %(elder)s is resolved: %(action)s"))
notifications.register_message(
    "elder_concern_case", _l("The concern you raised about %(elder)s became case %(number)s."))
notifications.register_message("elder_assigned", _l("You now visit %(elder)s (%(building)s)."))
notifications.register_message(
    "elder_assigned_team", _l("Your team %(team)s now visits %(elder)s (%(building)s)."))
notifications.register_message(
    "elders_overdue_digest", _l("Elders overdue for a visit today: %(count)s. Open the coverage board."))
