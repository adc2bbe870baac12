"""WTForms classes of the volunteers package."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from petitions.forms import int_or_none
from petitions.labels import TYPE_LABELS
from petitions.models import CaseType
from volunteers.labels import (
    DAY_LABELS,
    FREQUENCY_LABELS,
    GENDER_LABELS,
    KIND_LABELS,
    LIVING_LABELS,
    OUTCOME_LABELS,
    SEVERITY_LABELS,
    SLOT_LABELS,
    STATUS_LABELS,
)
from volunteers.models import ElderStatus, Gender, LivingSituation, Outcome, Severity, VisitKind, Wellbeing

DURATIONS = (15, 30, 45, 60, 90, 120)


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (or toggle buttons), not a list box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def day_field(label) -> MultiCheckboxField:  # type: ignore[no-untyped-def]
    return MultiCheckboxField(label, coerce=int, choices=list(enumerate(DAY_LABELS)), validators=[Optional()])


def slot_field(label) -> MultiCheckboxField:  # type: ignore[no-untyped-def]
    return MultiCheckboxField(label, coerce=int, choices=list(enumerate(SLOT_LABELS)),
                              validators=[Optional()])


def wellbeing_field(label) -> RadioField:  # type: ignore[no-untyped-def]
    """A quick check; the template shows each aspect's own words for good, fair and poor."""
    return RadioField(label, validators=[Optional()], choices=[(w.value, w.value) for w in Wellbeing])


class ElderForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=60)])
    gender = RadioField(_l("Gender"), choices=[(g.value, GENDER_LABELS[g]) for g in Gender],
                        validators=[InputRequired()])
    birth_year = IntegerField(_l("Year of birth"), validators=[InputRequired()])
    building = StringField(_l("Building"), validators=[DataRequired(), Length(max=40)],
                           description=_l("Lists show the name and the building only."))
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=40)])
    room = StringField(_l("Room"), validators=[Optional(), Length(max=40)])
    phone = TelField(_l("Phone"), validators=[Optional(), Length(max=20)])
    living_situation = RadioField(_l("Living situation"),
                                  choices=[(s.value, LIVING_LABELS[s]) for s in LivingSituation],
                                  default=LivingSituation.ALONE.value, validators=[InputRequired()])
    health_notes = TextAreaField(_l("Health notes"), validators=[Optional(), Length(max=2000)])
    needs = TextAreaField(_l("Needs"), validators=[Optional(), Length(max=2000)],
                          description=_l("What visits can help with: shopping, reading letters, company…"))
    emergency_contacts = TextAreaField(_l("Emergency contacts"), validators=[Optional(), Length(max=1000)],
                                       description=_l("Name, relation and phone, one per line."))
    consent_on = DateField(_l("Consent given on"), validators=[Optional()])
    consent_witness = StringField(_l("Witness of the consent"), validators=[Optional(), Length(max=60)])
    visit_every_days = SelectField(_l("Visits"), coerce=int, default=7,
                                   choices=[(days, label) for days, label in FREQUENCY_LABELS.items()])
    preferred_days = day_field(_l("Preferred days"))
    preferred_slots = slot_field(_l("Preferred time of day"))


class ArchiveForm(FlaskForm):
    status = RadioField(_l("Why the elder leaves the registry"), validators=[InputRequired()],
                        choices=[(s.value, STATUS_LABELS[s])
                                 for s in (ElderStatus.MOVED_AWAY, ElderStatus.DIED)])


class AssignForm(FlaskForm):
    team = SelectField(_l("Volunteer team"), coerce=int, validators=[Optional()])
    volunteers = MultiCheckboxField(_l("Volunteers"), coerce=int, validators=[Optional()])


class VisitForm(FlaskForm):
    visited_on = DateField(_l("Date"), validators=[InputRequired()])
    visited_time = TimeField(_l("Time"), validators=[InputRequired()])
    outcome = RadioField(_l("Did you meet the elder?"), default=Outcome.MET.value,
                         validators=[InputRequired()],
                         choices=[(o.value, OUTCOME_LABELS[o]) for o in Outcome])
    kind = RadioField(_l("Kind of visit"), default=VisitKind.HOME.value, validators=[InputRequired()],
                      choices=[(k.value, KIND_LABELS[k]) for k in VisitKind])
    duration = RadioField(_l("How long"), coerce=int, default=30, validators=[Optional()],
                          choices=[(m, _l("%(n)d min", n=m)) for m in DURATIONS])
    duration_other = IntegerField(_l("Other (minutes)"), validators=[Optional()])
    volunteers = MultiCheckboxField(_l("Who went"), coerce=int, validators=[Optional()])
    mood = wellbeing_field(_l("Mood"))
    health = wellbeing_field(_l("Health"))
    safety = wellbeing_field(_l("Home safety"))
    meals = wellbeing_field(_l("Meals"))
    needs = wellbeing_field(_l("Needs"))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    concern_severity = RadioField(_l("Concern"), default="", validators=[Optional()], choices=[
        ("", _l("None")), *((s.value, SEVERITY_LABELS[s]) for s in Severity)])
    concern_text = TextAreaField(_l("What needs following up"), validators=[Optional(), Length(max=2000)])


class ResolveForm(FlaskForm):
    action_taken = TextAreaField(_l("What was done"), validators=[DataRequired(), Length(max=2000)])


class ConcernCaseForm(FlaskForm):
    type = RadioField(_l("Kind of case"), choices=[(t.value, TYPE_LABELS[t]) for t in CaseType],
                      default=CaseType.COMPLAINT.value, validators=[InputRequired()])
    category = SelectField(_l("Category"), coerce=int_or_none, validators=[InputRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[DataRequired(), Length(max=4000)],
                                description=_l("City departments will read it: leave out health details."))
    contact = RadioField(_l("Phone for the case"), default="office", validators=[InputRequired()],
                         choices=[("office", _l("The community office")),
                                  ("elder", _l("The elder's own phone (the departments will see it)"))])
    office_phone = StringField(_l("Office phone"), validators=[Optional(), Length(max=20)])


class ProfileForm(FlaskForm):
    phone = TelField(_l("Mobile phone"), validators=[Optional(), Length(max=20)],
                     description=_l("Only your community secretary sees it."))
    building = StringField(_l("Your building"), validators=[Optional(), Length(max=40)],
                           description=_l("To suggest elders who live near you."))
    skills = StringField(_l("Skills"), validators=[Optional(), Length(max=200)],
                         description=_l("e.g. first aid, repairs, dialect, driving"))
    available_days = day_field(_l("Days you are free"))
    available_slots = slot_field(_l("Times you are free"))


class SettingsForm(FlaskForm):
    retention_days = IntegerField(_l("Days to keep an archived elder's personal fields"),
                                  validators=[InputRequired(), NumberRange(30, 3650)])
