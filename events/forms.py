"""WTForms classes of the events package. Times are typed in Asia/Shanghai and kept in UTC."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields import DateTimeLocalField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from community.labels import CATEGORY_LABELS
from community.timeutil import DEFAULT_ZONE, to_local

ZONE = ZoneInfo(DEFAULT_ZONE)


class LocalDateTimeField(DateTimeLocalField):
    """A browser's date and time picker read as Asia/Shanghai wall-clock time; `data` is aware."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("format", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):  # type: ignore[no-untyped-def]
        super().process_formdata(valuelist)
        if isinstance(self.data, datetime) and self.data.tzinfo is None:
            self.data = self.data.replace(tzinfo=ZONE)

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        if isinstance(self.data, datetime):
            return to_local(self.data).strftime("%Y-%m-%dT%H:%M")
        return ""


def category_choices() -> list[tuple[str, str]]:
    return [(category.value, str(label)) for category, label in CATEGORY_LABELS.items()]


class IdeaForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=80)])
    description = TextAreaField(_l("What would we do?"), validators=[DataRequired(), Length(max=4000)])
    category = SelectField(_l("Kind of activity"), validators=[DataRequired()])
    expected_size = IntegerField(_l("How many people might come"), default=20,
                                 validators=[InputRequired(), NumberRange(min=1, max=100000)])
    time_window = StringField(_l("When (a suggestion)"), validators=[Optional(), Length(max=80)],
                              description=_l("For example: a weekend before the Dragon Boat Festival."))
    place = StringField(_l("Where"), validators=[Optional(), Length(max=120)])
    needs = TextAreaField(_l("What it needs"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.category.choices = category_choices()


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=200)])


class FlagForm(FlaskForm):
    reason = StringField(_l("What is wrong with it?"), validators=[Optional(), Length(max=200)])


class RoundForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=80)])
    starts_at = LocalDateTimeField(_l("Voting opens"), validators=[InputRequired()])
    ends_at = LocalDateTimeField(_l("Voting closes"), validators=[InputRequired()])
    votes_per_resident = IntegerField(_l("Ideas each resident may support"), default=3,
                                      validators=[InputRequired(), NumberRange(min=1, max=100)])
    support_threshold = IntegerField(
        _l("Support threshold"), validators=[Optional(), NumberRange(min=1)],
        description=_l("Leave empty to choose the most supported ideas; with a number, every idea "
                       "reaching it qualifies."))
    live_results = BooleanField(_l("Show the counts while voting is open"), default=True)


class EventForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=80)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=120)])
    starts_at = LocalDateTimeField(_l("Starts"), validators=[InputRequired()])
    ends_at = LocalDateTimeField(_l("Ends"), validators=[InputRequired()])
    capacity = IntegerField(_l("Places"), default=30, validators=[InputRequired()])
    team_id = SelectField(_l("Organising team"), coerce=int, validators=[InputRequired()])
    signup_opens_at = LocalDateTimeField(_l("Sign-up opens"), validators=[Optional()],
                                         description=_l("Empty: at once."))
    signup_closes_at = LocalDateTimeField(_l("Sign-up closes"), validators=[Optional()],
                                          description=_l("Empty: when the event starts."))
    allow_guest = BooleanField(_l("Each person may bring one guest"))


class SignupForm(FlaskForm):
    guest = BooleanField(_l("I bring one guest"))


class PreferencesForm(FlaskForm):
    reminders = BooleanField(_l("Remind me the day before each event I signed up for"))
