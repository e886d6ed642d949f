# Serbian: "20. nov 2026.", decimal comma, thousands with a dot (as Django's own sr formats).
DATE_FORMAT = "j. M Y."
DATETIME_FORMAT = "j. M Y. H:i"
SHORT_DATE_FORMAT = "j. F Y."
SHORT_DATETIME_FORMAT = "j. M Y. H:i:s"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
