"""Django REST framework ships no Serbian catalogue. Its messages that the API's clients
see most are listed here so that `makemessages` puts them in our catalogue (the msgids are
DRF's own, so gettext finds our translation when DRF asks for them); Django's own messages
("This field is required.") already have Serbian translations in Django."""

from django.utils.translation import gettext_noop

DRF_MESSAGES = [
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("Invalid token."),
    gettext_noop("Invalid token header. No credentials provided."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop("Not found."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("This field is required."),
    gettext_noop("This field may not be null."),
    gettext_noop("This field may not be blank."),
    gettext_noop("A valid integer is required."),
    gettext_noop("A valid number is required."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Not a valid string."),
    gettext_noop("Enter a valid email address."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop("Expected a list of items but got type \"{input_type}\"."),
    gettext_noop("This list may not be empty."),
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Request was throttled."),
    gettext_noop("Malformed request."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
]
