"""WTForms classes of the petitions package."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from community.timeutil import FIRST_YEAR, LAST_YEAR
from petitions.intake import MAX_DESCRIPTION
from petitions.labels import CHANNEL_LABELS, LIMIT_LABELS, RATING_LABELS, STATUS_LABELS, TYPE_LABELS
from petitions.models import CaseStatus, CaseType, Channel, LimitKind, Rating


def int_or_none(value: object) -> int | None:
    """A select's value as an id; its empty first option ("choose …") as none chosen."""
    return None if value in ("", None) else int(value)  # type: ignore[arg-type]


class CaseForm(FlaskForm):
    type = RadioField(_l("Kind of case"), choices=[(t.value, TYPE_LABELS[t]) for t in CaseType],
                      default=CaseType.COMPLAINT.value, validators=[InputRequired()])
    # The service checks the category (filing reads it anyway): the list is loaded only to show the form.
    category = SelectField(_l("Category"), coerce=int_or_none, validators=[InputRequired()],
                           validate_choice=False)
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=120)],
                        description=_l("In a few words, e.g. “Street light out at building 3”."))
    description = TextAreaField(_l("Description of the problem"),
                                validators=[DataRequired(), Length(max=MAX_DESCRIPTION)],
                                description=_l("What, where, since when. At most 4,000 characters."))
    building = StringField(_l("Building"), validators=[Optional(), Length(max=40)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=40)])
    address = StringField(_l("Or an address"), validators=[Optional(), Length(max=200)])
    lat = FloatField(_l("Latitude"), validators=[Optional(), NumberRange(-90, 90)])
    lng = FloatField(_l("Longitude"), validators=[Optional(), NumberRange(-180, 180)])
    photos = MultipleFileField(_l("Photos"), description=_l("Up to 3 photos, JPEG, PNG or WebP, 5 MB each."))
    hide_name = BooleanField(_l("Don't show my name publicly"))


class IntakeForm(CaseForm):
    """A secretary enters a hotline or walk-in case for a resident."""

    community = SelectField(_l("Community"), coerce=int, validators=[InputRequired()])
    channel = SelectField(_l("Channel"), choices=[(c.value, CHANNEL_LABELS[c]) for c in
                                                  (Channel.HOTLINE, Channel.WALK_IN, Channel.MESSAGE_BOARD)])
    contact_name = StringField(_l("Caller's name"), validators=[DataRequired(), Length(max=60)])
    contact_phone = StringField(_l("Caller's phone"), validators=[
                                    DataRequired(), Length(max=20),
                                    Regexp(r"^\+?[0-9][0-9 -]{5,18}[0-9]$",
                                           message=_l("Enter a phone number: digits, spaces and dashes."))],
                                description=_l("A registered resident with this number follows the case."))
    # A caller has not chosen for themselves: their name stays off the public page unless they agree.
    hide_name = BooleanField(_l("Don't show the caller's name publicly"), default=True,
                             description=_l("Untick only if the caller agrees to be named."))


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class ReplyForm(FlaskForm):
    reply = TextAreaField(_l("Answer to the resident"), validators=[DataRequired(), Length(max=4000)])


class GuideReplyForm(ReplyForm):
    """An answer that may point to a service guide (办事指南); its choices are set by the route."""

    guide = SelectField(_l("Service guide (optional)"), coerce=int, default=0, validators=[Optional()],
                        description=_l("The answer links to the guide, and the guide counts the inquiry."))


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class ForwardForm(FlaskForm):
    note = TextAreaField(_l("Note for the city hub"), validators=[DataRequired(), Length(max=2000)],
                         description=_l("What the hub should know: why the community cannot solve it."))


class MergeForm(FlaskForm):
    original = StringField(_l("Number of the earlier case"), validators=[DataRequired(), Length(max=20)],
                           description=_l("e.g. LL-2026-000123"))
    reason = StringField(_l("Note"), validators=[Optional(), Length(max=200)])


class AssignForm(FlaskForm):
    department = SelectField(_l("Department"), coerce=int, validators=[InputRequired()])


class ExtensionForm(FlaskForm):
    days = IntegerField(_l("Working days"), default=1, description=_l("1 to 3 working days, asked once."),
                        validators=[InputRequired(),
                                    NumberRange(1, 3, message=_l("Ask for 1 to 3 working days."))])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class DecideExtensionForm(FlaskForm):
    # No choice made for the supervisor: a decision that cannot be undone is never a default.
    decision = RadioField(_l("Decision"), choices=[("grant", _l("Grant the extension")),
                                                   ("refuse", _l("Refuse the extension"))],
                          validators=[InputRequired(message=_l("Grant or refuse the request."))])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class RateForm(FlaskForm):
    rating = RadioField(_l("How satisfied are you?"), choices=[(r.value, RATING_LABELS[r]) for r in Rating],
                        validators=[InputRequired()])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=1000)])


class SuperviseForm(FlaskForm):
    note = TextAreaField(_l("What the supervision asks for"), validators=[DataRequired(), Length(max=2000)])


def within_years(form: FlaskForm, field: DateField) -> None:
    """A date between FIRST_YEAR and LAST_YEAR: the lists turn it into a moment in the community's zone."""
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(_l("Choose a date between %(first)d and %(last)d.", first=FIRST_YEAR,
                                 last=LAST_YEAR))


class FilterForm(FlaskForm):
    """The filters of a work list, read from the query string."""

    class Meta:
        csrf = False

    q = StringField(_l("Number or words"), validators=[Optional(), Length(max=100)])
    status = SelectField(_l("Status"), choices=[("", _l("Any status"))]
                         + [(s.value, STATUS_LABELS[s]) for s in CaseStatus], validators=[Optional()])
    category = SelectField(_l("Category"), coerce=int, validators=[Optional()])
    department = SelectField(_l("Department"), coerce=int, validators=[Optional()])
    date_from = DateField(_l("Filed from"), validators=[Optional(), within_years])
    date_to = DateField(_l("Filed until"), validators=[Optional(), within_years])

    def validate_date_to(self, field: DateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))


class CategoryForm(FlaskForm):
    name = StringField(_l("Name in Chinese"), validators=[DataRequired(), Length(max=60)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=80)])
    limit_kind = SelectField(_l("Time limit"), choices=[(k.value, LIMIT_LABELS[k]) for k in LimitKind])
    default_department = SelectField(_l("Usual department"), coerce=int, validators=[Optional()])
    active = BooleanField(_l("Residents can choose it"), default=True)


class TimeLimitsForm(FlaskForm):
    urgent = IntegerField(_l("Urgent"), validators=[InputRequired(), NumberRange(1, 60)])
    inquiry = IntegerField(_l("Inquiry"), validators=[InputRequired(), NumberRange(1, 60)])
    general = IntegerField(_l("General"), validators=[InputRequired(), NumberRange(1, 60)])
    complex = IntegerField(_l("Complex"), validators=[InputRequired(), NumberRange(1, 60)])


class CalendarDayForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired()])
    is_workday = SelectField(_l("This day is"), choices=[("0", _l("a holiday")),
                                                         ("1", _l("a make-up working day"))])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=80)])


class SettingsForm(FlaskForm):
    good_threshold = IntegerField(_l("Good from (%)"), validators=[InputRequired(), NumberRange(1, 100)])
    failing_threshold = IntegerField(_l("Failing below (%)"),
                                     validators=[InputRequired(), NumberRange(1, 100)])
    rating_days = IntegerField(_l("Days to rate a resolved case"), validators=[InputRequired(),
                                                                             NumberRange(1, 60)])
