"""Write the Serbian Latin catalogue from the Serbian Cyrillic one, and compile both.

    manage.py transliterate_catalogue [--no-compile]

The only catalogue a translator edits is locale/sr/LC_MESSAGES/django.po; this writes
locale/sr_Latn/LC_MESSAGES/django.po from it (licensing.i18n_tools.serbian.serbian_latin),
then compiles the .mo files of the project's locales (msgfmt --check, from GNU gettext).
Run it after `makemessages -l sr` and translating; commit the .po and .mo files it writes.
"""

import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from licensing.i18n_tools.po import translate_msgstrs
from licensing.i18n_tools.serbian import serbian_latin

DOMAINS = ("django", "djangojs")


def latin_catalogue(cyrillic_po: str) -> str:
    """The Serbian Latin catalogue for the text of the Cyrillic one."""
    text = translate_msgstrs(cyrillic_po, serbian_latin)
    # the header is a msgstr too: its Language line names the locale
    return text.replace("Language: sr\\n", "Language: sr_Latn\\n", 1)


class Command(BaseCommand):
    help = "Write locale/sr_Latn from locale/sr by transliteration, and compile the catalogues."

    def add_arguments(self, parser):
        parser.add_argument("--no-compile", action="store_true")

    def handle(self, *args, no_compile=False, **options):
        locale = Path(settings.LOCALE_PATHS[0])
        for domain in DOMAINS:
            source = locale / "sr" / "LC_MESSAGES" / f"{domain}.po"
            if not source.exists():
                continue
            target = locale / "sr_Latn" / "LC_MESSAGES" / f"{domain}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(latin_catalogue(source.read_text(encoding="utf-8")),
                              encoding="utf-8")
            self.stdout.write(f"wrote {target}")
        if no_compile:
            return
        for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
            # our own files, a fixed program: nothing untrusted reaches the command line
            result = subprocess.run(["msgfmt", "--check", "-o",  # noqa: S603, S607
                                     str(po.with_suffix(".mo")), str(po)],
                                    capture_output=True, text=True)
            if result.returncode:
                raise CommandError(f"msgfmt failed on {po}:\n{result.stderr}")
            self.stdout.write(f"compiled {po.with_suffix('.mo')}")
