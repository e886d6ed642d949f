"""Build-time tools for the message catalogues (README "Languages").

The reviewer edits only `locale/sr/LC_MESSAGES/*.po` (Serbian in Cyrillic). The Serbian Latin
catalogue `locale/sr_Latn/` is made from it by `serbian_latin`, a deterministic, one-to-one
transliteration (Serbian Cyrillic is phonemic: each letter has exactly one Latin spelling),
so the two scripts never drift: `manage.py transliterate_catalogue` writes it and
`tests/licensing/test_i18n_catalogues.py` checks it.
"""
