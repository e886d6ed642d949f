"""The criteria catalogue decisions cite, as seeded by migration 0002 (then managed in admin).

EU Common Position 2008/944/CFSP (as amended by 2019/1560), Arms Trade Treaty articles 6, 7
and 11, and the national grounds of the export-control law."""

from django.utils.translation import gettext_noop

# The titles are marked for the catalogue; a page shows Criterion.label, the title in the
# reader's language (a title edited in admin shows as typed).
CRITERIA = [
    ("1", "eu_cp", gettext_noop("Respect for the international obligations and "
                                "commitments of Member States, in particular sanctions "
                                "and arms embargoes")),
    ("1a", "eu_cp", gettext_noop("Arms embargoes and sanctions of the UN Security "
                                 "Council or the EU")),
    ("1b", "eu_cp", gettext_noop("Obligations under the Nuclear Non-Proliferation "
                                 "Treaty, BWC and CWC")),
    ("1c", "eu_cp", gettext_noop("Commitment not to export anti-personnel landmines")),
    ("1d", "eu_cp", gettext_noop("Commitments in the Australia Group, MTCR, Zangger, "
                                 "NSG, Wassenaar, HCoC")),
    ("1e", "eu_cp", gettext_noop("Obligations under the Arms Trade Treaty")),
    ("2", "eu_cp", gettext_noop("Respect for human rights and international "
                                "humanitarian law in the country of final destination")),
    ("2a", "eu_cp", gettext_noop("Clear risk of use for internal repression")),
    ("2b", "eu_cp", gettext_noop("Serious violations of human rights where the "
                                 "recipient country's competent bodies have established"
                                 " them")),
    ("2c", "eu_cp", gettext_noop("Clear risk of use in serious violations of "
                                 "international humanitarian law")),
    ("2d", "eu_cp", gettext_noop("Clear risk of facilitating gender-based violence or "
                                 "violence against women and children")),
    ("3", "eu_cp", gettext_noop("Internal situation in the country of final "
                                "destination: armed conflicts or tensions")),
    ("4", "eu_cp", gettext_noop("Preservation of regional peace, security and stability")),
    ("5", "eu_cp", gettext_noop("National security of the Member States and of friendly"
                                " and allied countries")),
    ("6", "eu_cp", gettext_noop("Behaviour of the buyer country towards the "
                                "international community (terrorism, alliances, "
                                "international law)")),
    ("7", "eu_cp", gettext_noop("Risk of diversion or re-export under undesirable "
                                "conditions")),
    ("8", "eu_cp", gettext_noop("Compatibility with the technical and economic capacity"
                                " of the recipient country")),
    ("ATT-6.1", "att", gettext_noop("Prohibition: measures of the UN Security Council "
                                    "under Chapter VII, in particular arms embargoes")),
    ("ATT-6.2", "att", gettext_noop("Prohibition: relevant international obligations "
                                    "under agreements")),
    ("ATT-6.3", "att", gettext_noop("Prohibition: knowledge that the arms would be used"
                                    " in genocide, crimes against humanity or war "
                                    "crimes")),
    ("ATT-7", "att", gettext_noop("Export assessment: overriding risk of negative "
                                  "consequences")),
    ("ATT-11", "att", gettext_noop("Diversion")),
    ("NAT-WAR", "national", gettext_noop("Destination in armed conflict (national law "
                                         "forbids sales to nations at war)")),
    ("NAT-HALT", "national", gettext_noop("Export halt in force")),
    ("NAT-EUC", "national", gettext_noop("End-user certificate not verified or not "
                                         "authentic")),
]
