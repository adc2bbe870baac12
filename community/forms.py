"""WTForms classes of the community package."""

from __future__ import annotations

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from community.errors import ServiceError
from community.labels import CATEGORY_LABELS, ROLE_LABELS
from community.models import Role, TeamCategory
from community.security import check_password_strength

LANGUAGE_CHOICES = [("", _l("Follow my browser")), ("zh", "中文"), ("en", "English")]


def show_service_error(form: FlaskForm, error: ServiceError) -> None:
    """Put a service's error next to its field, or in a flash message when it names none."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "danger")


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for POST buttons."""


class RegisterForm(FlaskForm):
    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=60)])
    phone = TelField(_l("Mobile phone"), validators=[Optional(), Length(max=20)])
    email = EmailField(_l("Email"), validators=[Optional(), Length(max=254)])
    community = SelectField(_l("Your community"), coerce=int, validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=128)],
                             description=_l("At least 8 characters, with letters and digits."))
    confirm = PasswordField(_l("Repeat the password"),
                            validators=[DataRequired(), EqualTo("password",
                                                                _l("The passwords differ."))])

    def validate_phone(self, field: TelField) -> None:
        if not field.data and not self.email.data:
            raise ValidationError(_l("Give a phone number or an email address."))

    def validate_password(self, field: PasswordField) -> None:
        """Said at once, next to the field; the account service checks again."""
        try:
            check_password_strength(field.data or "")
        except ServiceError as error:
            raise ValidationError(error.message) from error


class LoginForm(FlaskForm):
    login_name = StringField(_l("Phone or email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=128)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=128)])
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("new_password",
                                                                _l("The passwords differ."))])


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=60)])
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class CommunityForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    slug = StringField(_l("Short name for links"), validators=[DataRequired(), Length(max=60)],
                       description=_l("Latin letters, digits and hyphens, e.g. heping-north."))
    district = StringField(_l("District"), validators=[DataRequired(), Length(max=80)])
    street = StringField(_l("Street"), validators=[DataRequired(), Length(max=80)])


class DepartmentForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])


class GrantRoleForm(FlaskForm):
    login_name = StringField(_l("User's phone or email"), validators=[DataRequired()])
    role = SelectField(_l("Role"), choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    community = SelectField(_l("Community"), coerce=int, validators=[Optional()])
    department = SelectField(_l("Department"), coerce=int, validators=[Optional()])


class TeamForm(FlaskForm):
    name = StringField(_l("Team name"), validators=[DataRequired(), Length(max=60)])
    category = SelectField(_l("Category"),
                           choices=[(c.value, CATEGORY_LABELS[c]) for c in TeamCategory])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    leader = StringField(_l("Leader's phone or email"), validators=[Optional(), Length(max=254)],
                         description=_l("Leave empty to name a leader later."))
