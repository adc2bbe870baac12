"""WTForms classes of service guides and service points."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from community.guide_labels import ATTACHMENT_LABELS, DOCUMENT_FORM_LABELS, LIFE_EVENT_LABELS, POINT_LABELS
from community.guides import MAX_QUERY, DocumentData
from community.models import AttachmentKind, DocumentForm, LifeEvent, ServicePointKind

DOCUMENT_ROWS = 8


class DocumentRow(Form):
    """One line of the checklist; a row left empty is ignored."""

    name = StringField(_l("Document"), validators=[Optional(), Length(max=120)])
    copies = IntegerField(_l("Copies"), default=1, validators=[Optional(), NumberRange(1, 20)])
    # Not checked against the choices: the padding rows of an empty checklist have no value at all.
    form = SelectField(_l("Original or copy"), default=DocumentForm.ORIGINAL.value, validate_choice=False,
                       choices=[(f.value, DOCUMENT_FORM_LABELS[f]) for f in DocumentForm])
    where_to_get = StringField(_l("Where to get it"), validators=[Optional(), Length(max=200)])


def _document_form(value: str | None) -> DocumentForm:
    try:
        return DocumentForm(value)
    except ValueError:
        return DocumentForm.ORIGINAL


class GuideForm(FlaskForm):
    name = StringField(_l("Service"), validators=[DataRequired(), Length(max=120)],
                       description=_l("As residents say it, e.g. “Elderly allowance”."))
    keywords = StringField(_l("Other names"), validators=[Optional(), Length(max=200)],
                           description=_l("Words residents may search for, separated by spaces."))
    summary = TextAreaField(_l("In one sentence"), validators=[Optional(), Length(max=1000)])
    life_event = SelectField(_l("Life event"), choices=[(e.value, LIFE_EVENT_LABELS[e]) for e in LifeEvent])
    department = SelectField(_l("Department"), coerce=int, validators=[Optional()])
    eligibility = TextAreaField(_l("Who may apply"), validators=[Optional(), Length(max=2000)])
    steps = TextAreaField(_l("Steps"), validators=[DataRequired(), Length(max=4000)],
                          description=_l("One step a line."))
    documents = FieldList(FormField(DocumentRow), min_entries=DOCUMENT_ROWS, max_entries=20)
    service_points = SelectMultipleField(_l("Where it can be done"), coerce=int, validators=[Optional()])
    location = TextAreaField(_l("Where to go"), validators=[Optional(), Length(max=1000)],
                             description=_l("The window or room, and anything else to know on the way."))
    online_url = StringField(_l("Online"), validators=[Optional(), Length(max=300)],
                             description=_l("An address where it can be done online, if there is one."))
    hours = StringField(_l("Opening hours"), validators=[Optional(), Length(max=200)])
    fees = StringField(_l("Fees"), validators=[Optional(), Length(max=200)])
    time_limit = StringField(_l("Legal time limit"), validators=[Optional(), Length(max=120)])

    def document_data(self) -> list[DocumentData]:
        return [DocumentData(name=row.form.name.data or "", copies=row.form.copies.data or 1,
                             form=_document_form(row.form.form.data),
                             where_to_get=row.form.where_to_get.data or "")
                for row in self.documents if (row.form.name.data or "").strip()]


class AttachmentForm(FlaskForm):
    form_name = StringField(_l("Name of the form"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(_l("This file is"), choices=[(k.value, ATTACHMENT_LABELS[k]) for k in AttachmentKind])
    file = FileField(_l("File"), description=_l("PDF, DOCX, PNG or JPEG, at most 5 MB."))


class ServicePointForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(_l("Kind"), choices=[(k.value, POINT_LABELS[k]) for k in ServicePointKind])
    community = SelectField(_l("Community"), coerce=int, validators=[Optional()])
    address = StringField(_l("Address"), validators=[DataRequired(), Length(max=200)])
    hours = StringField(_l("Opening hours"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    services = TextAreaField(_l("Services offered"), validators=[Optional(), Length(max=2000)])


class GuideSearchForm(FlaskForm):
    """The catalogue's filters, read from the query string."""

    class Meta:
        csrf = False

    q = StringField(_l("Search guides"), validators=[Optional()],
                    description=_l("Words in Chinese or English, or pinyin initials such as ylbt."))
    event = SelectField(_l("Life event"), choices=[("", _l("Any life event"))]
                        + [(e.value, LIFE_EVENT_LABELS[e]) for e in LifeEvent], validators=[Optional()])
    department = SelectField(_l("Department"), coerce=int, validators=[Optional()])

    max_query = MAX_QUERY
