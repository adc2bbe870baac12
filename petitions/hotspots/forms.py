"""Forms of the hotspot pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class DeclareForm(FlaskForm):
    title = StringField(_l("Title of the common problem"), validators=[DataRequired(), Length(max=120)])
    department = SelectField(_l("Owner department"), coerce=int, validators=[DataRequired()])
    description = TextAreaField(_l("What the department should look into"),
                                validators=[Optional(), Length(max=4000)])


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Answer to every resident"), validators=[DataRequired(), Length(max=4000)])
    resolve = BooleanField(_l("Also resolve the cases my department is handling"))


class TermForm(FlaskForm):
    term = StringField(_l("Term"), validators=[DataRequired(), Length(max=40)],
                       description=_l("One word of community life, such as 加装电梯 or 充电桩."))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=80)])
