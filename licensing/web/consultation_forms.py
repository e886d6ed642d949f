"""Forms of the consultation and the criterion assessment (docs/consultation.md)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, OrganisationKind
from licensing.models import Advice, Assessment, Criterion


def criterion_choices():
    """(code, title in the reader's language) of the active criteria."""
    return [(code, gettext(title)) for code, title in
            Criterion.objects.filter(is_active=True).values_list("code", "title")]


def criterion_groups():
    """The active catalogue by source, for the grouped, searchable picker."""
    groups: dict[str, dict] = {}
    for criterion in Criterion.objects.filter(is_active=True).order_by("source", "id"):
        group = groups.setdefault(criterion.source, {
            "label": criterion.get_source_display(), "criteria": []})
        group["criteria"].append(criterion)
    return list(groups.values())


class AdviceForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Advice"), choices=Advice.Outcome.choices,
                                widget=forms.RadioSelect)
    criteria = forms.MultipleChoiceField(
        label=_("Criteria relied on"), required=False, choices=lambda: criterion_choices(),
        help_text=_("An objection cites at least one."))
    reasoning = forms.CharField(label=_("Reasoning"), required=False, max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 3}))
    provisos = forms.CharField(label=_("Conditions (one per line)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("For consent with conditions: each becomes a "
                                           "condition of the licence only your body may "
                                           "withdraw."))

    def service_arguments(self, *, submit: bool) -> dict:
        data = self.cleaned_data
        return {"outcome": data["outcome"], "reasoning": data["reasoning"],
                "criteria": list(data["criteria"] or []),
                "provisos": [line.strip() for line in data["provisos"].splitlines()
                             if line.strip()],
                "submit": submit}


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question to the licensing officer"),
                           max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("The referral's clock stops until the officer "
                                       "answers."))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AddReferralForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Consulted body"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.CONSULTED_BODY),
        empty_label=_("Choose a body"))
    reason = forms.CharField(label=_("Why"), required=False, max_length=5000)


class AssessmentForm(forms.Form):
    criterion = forms.ChoiceField(label=_("Criterion"), choices=lambda: criterion_choices(),
                                  error_messages={"required": _("Choose a criterion.")})
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Assessment.Outcome.choices,
                                widget=forms.RadioSelect)
    scope = forms.ChoiceField(label=_("Assessed for"), required=False)
    reasoning = forms.CharField(label=_("Reasoning"), max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 3}))
    documents = forms.MultipleChoiceField(label=_("Evidence documents"), required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        scopes = [("", _("The destination"))]
        if request is not None:
            scopes += [(f"party-{p.pk}", f"{p.get_role_display()}: {p.name}")
                       for p in request.parties.all()]
            scopes += [(f"item-{i.pk}", f"{i.control_category}: {i.description}")
                       for i in request.items.all()]
            self.fields["documents"].choices = [
                (str(d.pk), f"{d.get_kind_display()}: {d.original_name}")
                for d in request.documents.all()]
        self.fields["scope"].choices = scopes

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        scope = data.get("scope") or ""
        party = int(scope[6:]) if scope.startswith("party-") else None
        item = int(scope[5:]) if scope.startswith("item-") else None
        return {"criterion": data["criterion"], "outcome": data["outcome"],
                "reasoning": data["reasoning"], "party": party, "item": item,
                "documents": [int(d) for d in data.get("documents") or []]}
