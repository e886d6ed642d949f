"""Select widgets rendered in Python. Django renders each <option> through the template
engine, which costs about 0.1 ms an option: the country lists (250 options, several on a
page) would be most of a page's time. Same HTML, same attributes, a fraction of the cost."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def _options(choices, selected: set[str]) -> str:
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):  # an optgroup
            parts.append(format_html('<optgroup label="{}">', value))
            parts.append(_options(label, selected))
            parts.append("</optgroup>")
            continue
        text = "" if value is None else str(value)
        parts.append('<option value="%s"%s>%s</option>' % (  # noqa: UP031
            conditional_escape(text), " selected" if text in selected else "",
            conditional_escape(label)))
    return "".join(parts)


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if self.allow_multiple_selected:
            final["multiple"] = True
        values = value if isinstance(value, list | tuple) else [value]
        selected = {"" if v is None else str(v) for v in values}
        return mark_safe(  # noqa: S308 - every part is escaped above
            f"<select{flatatt(final)}>{_options(self.choices, selected)}</select>")


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    allow_multiple_selected = True


def fast_selects(form_class):
    """Class decorator: every plain Select/SelectMultiple of the form renders in Python."""
    for field in form_class.base_fields.values():
        if type(field.widget) is forms.Select:
            field.widget.__class__ = FastSelect
        elif type(field.widget) is forms.SelectMultiple:
            field.widget.__class__ = FastSelectMultiple
    return form_class
