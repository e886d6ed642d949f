# The pages name their formats (date:"DATE_FORMAT"); each locale says how it writes them.
# English keeps the British day-month-year the pages have always shown.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATE_FORMAT = "j F Y"  # the long month name, as in reports and licences
SHORT_DATETIME_FORMAT = "j M Y H:i:s"  # to the second, as the audit log shows it
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
