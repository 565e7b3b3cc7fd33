from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordMixin
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess
from maillage.directory.models import Person
from maillage.members import selectors
from maillage.projects.models import Membership


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    person = forms.ModelChoiceField(
        label=_("Person of the directory"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— none —"),
        help_text=_("The person this account will be, once the invitation is accepted."),
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Added to the e-mail, above the link."),
    )

    def __init__(self, *args: Any, access: ProjectAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.linkable_people(access)
        self.fields["email"].widget.attrs["autocomplete"] = "off"


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    # The role shown when the page was loaded: a change made since by someone else is refused.
    current_role = forms.ChoiceField(choices=Membership.Role.choices, widget=forms.HiddenInput)


class PersonLinkForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person of the directory"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )

    def __init__(self, *args: Any, access: ProjectAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.linkable_people(access)


class AccountForm(SetPasswordMixin, forms.Form):
    """A new account for an invited e-mail: a user name and a password checked by the
    site's password validators."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; you will log in with it."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        self.email = email
        super().__init__(*args, **kwargs)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        user_model = get_user_model()
        user_model.username_validator(username)
        if user_model._default_manager.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken: choose another one."))
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.validate_passwords()
        user = get_user_model()(
            username=cleaned.get("username", ""),
            email=self.email,
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )
        self.validate_password_for_user(user)
        return cleaned


def username_from_email(email: str) -> str:
    """A user name proposed from an e-mail: its local part, if nobody has it yet."""
    local = email.split("@", 1)[0][:150]
    allowed = "".join(ch for ch in local if ch.isalnum() or ch in "@.+-_")
    if not allowed:
        return ""
    user_model = get_user_model()
    if not user_model._default_manager.filter(username__iexact=allowed).exists():
        return allowed
    return ""
