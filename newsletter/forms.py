"""The sign-up form: one address, how often, a honeypot and the page it was sent from; and the
preferences form behind the link in every email."""

from django import forms

from newsletter.models import Subscriber

EMAIL_MAX_LENGTH = Subscriber._meta.get_field("email").max_length
SOURCE_MAX_LENGTH = Subscriber._meta.get_field("source_path").max_length


def normalise_email(address):
    """Trim and lower-case the domain; the local part is the mailbox owner's and stays as typed."""
    local, _, domain = address.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter a valid email address, like name@example.com.",
            "max_length": f"That address is too long: at most {EMAIL_MAX_LENGTH} characters.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": EMAIL_MAX_LENGTH}),
    )
    # Optional: a form from a page cached before the choice existed still signs up (weekly).
    frequency = forms.ChoiceField(
        label="How often",
        choices=Subscriber.Frequency.choices,
        required=False,
        error_messages={"invalid_choice": "Choose an email for each post or a weekly digest."},
    )
    # The honeypot: hidden from people (and from assistive technology), filled in by bots.
    website = forms.CharField(required=False, strip=False)
    # The page the form sat on, recorded with the consent. Not trusted: only a local path.
    source = forms.CharField(required=False)

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_frequency(self):
        return self.cleaned_data["frequency"] or Subscriber.Frequency.WEEKLY

    def clean_source(self):
        source = self.cleaned_data["source"]
        local = source.startswith("/") and not source.startswith("//")
        return source if local and len(source) <= SOURCE_MAX_LENGTH else ""

    @property
    def is_bot(self):
        return bool(self.data.get("website"))


class PreferencesForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often",
        choices=Subscriber.Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose an email for each post or a weekly digest.",
            "invalid_choice": "Choose an email for each post or a weekly digest.",
        },
    )
