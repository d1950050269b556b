"""The comment form: name, e-mail, text, "e-mail me replies", the reply's parent and a honeypot."""

from django import forms

from comments import text as comment_text
from comments.models import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, TEXT_MAX_LENGTH, Comment

TEXT_MIN_LENGTH = 2


def normalise_email(address):
    local, _, domain = address.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


class CommentForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=NAME_MAX_LENGTH,
        help_text="Shown with your comment.",
        error_messages={
            "required": "Enter your name.",
            "max_length": f"Your name is too long: at most {NAME_MAX_LENGTH} characters.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=EMAIL_MAX_LENGTH,
        help_text="Never shown. Used only to tell you about replies, if you ask.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter a valid email address, like name@example.com.",
            "max_length": f"That address is too long: at most {EMAIL_MAX_LENGTH} characters.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    text = forms.CharField(
        label="Comment",
        max_length=TEXT_MAX_LENGTH,
        min_length=TEXT_MIN_LENGTH,
        strip=False,
        help_text=f"Plain text, at most {TEXT_MAX_LENGTH:,} characters. Leave a blank line "
        "between paragraphs; web addresses become links.",
        error_messages={
            "required": "Write your comment.",
            "min_length": "Your comment is too short.",
            "max_length": f"Your comment is too long: at most {TEXT_MAX_LENGTH:,} characters "
            "(it has %(show_value)d).",
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    notify = forms.BooleanField(
        label="Email me replies to this comment",
        required=False,
        help_text="We will email you a link to confirm first. Every email has a link to stop.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    # The honeypot: hidden from people (and from assistive technology), filled in by bots.
    website = forms.CharField(required=False, strip=False)

    def __init__(self, *args, post=None, max_links=2, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        self.max_links = max_links

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if comment_text.has_html(name) or "://" in name:
            raise forms.ValidationError("Your name may not hold HTML or web addresses.")
        return name

    def clean_text(self):
        value = comment_text.normalise(self.cleaned_data["text"])
        if len(value) < TEXT_MIN_LENGTH:
            raise forms.ValidationError("Write your comment.")
        if comment_text.has_html(value):
            raise forms.ValidationError(
                "Comments are plain text: please take out the HTML tags (such as <a> or <b>). "
                "Web addresses become links by themselves."
            )
        links = comment_text.link_count(value)
        if links > self.max_links:
            raise forms.ValidationError(
                f"Your comment has {links} web addresses; at most {self.max_links} are allowed."
            )
        return value

    def clean_parent(self):
        """A reply answers a visible top-level comment on this same post; anything else (a
        comment elsewhere, a held one, a reply) is refused, so replies stay one level deep."""
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        parent = (
            Comment.objects.visible()
            .filter(pk=pk, post=self.post, parent__isnull=True)
            .only("pk", "name", "post_id")
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                "The comment you are replying to is not on this post. Reply to a comment shown "
                "on this page, or write a new comment."
            )
        return parent
