"""Append the MOPR dataset to ``events/`` (stream ``mopr``) through the library's own API.

The source is the encyclopedia article on International Red Aid (MOPR); its affiliates table
cites James Martin Ryle, *International Red Aid, 1922-1928*, pp. 262-263. Every event quotes
the passage it encodes, verbatim; where one quotation joins passages that are not adjacent in
the article they are separated by `` … ``. Every date keeps the text the source writes
(``"before 1933"`` with its quotes, ``After 1924``, ``Aug. 1925``, a blank cell as ``""``), with
any context completing it kept apart (``January 1`` with its year, 1932).

Citations say where in the article a fact was read (``Source.part``: the affiliates table, a
section such as "National histories: Spain") and, for a table row, what the article cites for
the table (``Source.cites``: Ryle, pp. 262-263). Events recorded before citations could say so
cite the article with its sentence (prose) or, for the 73 rows, Ryle alone; the rows were
re-cited (below).

Re-runnable without editing history: events already in the log with the same id and content
are skipped, missing ones are appended in this script's order, and a stored event whose
content differs from the script's (or an id the script does not know) stops the run with a
message; corrections are new events (``Retracted`` and, where needed, a replacement).

Reading choices, where the source leaves room:

* The lead calls the organization "International Red Aid" (MOPR), the Formation section "The
  International Workers Aid society"; the second name is recorded as its own ``Founded``
  claim (``founded-formation``, 1922), disputing the lead's (below): each name is possible
  after 1922, the shared acronym certain.
* "After 1924" renames the Central Committee the Executive Committee on some day after 1924,
  no latest day given (not "from 1925 on": nothing dates it to 1925, and the article still
  says "Central Committee" as of January 1, 1928; see docs/dataset.md); "1922" for the Central
  Committee is the year of the sentence before ("established in 1922").
* The Leadership list gives the appointments (1922, 1925, 1927) and the end of Stasova's
  tenure (1937, the Termination section: "until 1937", no successor named).
* Congress dates are the table's Dates column read with its Year column; the prose dates
  ("June 1923", "July 1924", "November 1932") agree and are quoted alongside the row.
* "By January 1, 1931" was first read as the day itself, and is now read as written: no later
  than that day (``dates_as_written``). The World Congress figures are dated "January 1" with
  the year 1932 ("of that year") kept as the date's context.
* "During the Spanish Civil War" is the named period ``mopr_timeline.SPANISH_CIVIL_WAR`` (17 July
  1936 to 1 April 1939); statements of the section "Activities during the Spanish Civil War"
  are dated by it (``spanish_civil_war``), the three figures of that section (150 students, 150
  children sheltered, 275 hospitals) as reports of the Spanish section with named counts.
* "By 1932 ... sixty-two affiliates" and "as of January 1 [1932] ... 67 national sections"
  disagree; both are recorded, with ``excluding`` naming the Soviet Union.
* Madagascar (table ``"before 1933"``, prose "in 1933") and Spain (table ``Sept. 1925``, prose
  "October 1934") have two ``SectionEstablished`` claims each, one per source.
* Elena Stasova is "deputy head of the Central Committee" in the sentence giving the figures
  "as of January 1, 1928", against the Leadership list (head from 1927) and the renaming of
  the Central Committee "After 1924". It is recorded as the article states it, an ``Occurred``
  event dated "January 1, 1928" quoting the sentence, and linked to nothing: neither reading of
  a dispute would be honest (setting aside her appointment would leave Lepeshinsky at the head
  until 1941, which no passage says), so replay keeps the Leadership list and ``check`` reports
  the sentence's "Central Committee" against the "Executive Committee" certain on that day.

Disputes (``contradicts``), appended as corrections: the log first held each pair as two
unlinked claims, so every claim held in every reading ("International Workers Aid society" a
certain name, Spain's section certain from Sept. 1925). A stored event is never edited, and
``contradicts`` may only name earlier-recorded claims, so for each pair the later-recorded claim
is retracted and recorded again, unchanged but for its new id and ``contradicts`` naming the
earlier one (the smallest append that links them: two events a pair). Each claim keeps its own
citation; the disputes are:

* Spain: the affiliates table (Ryle, ``Sept. 1925``) vs the prose ("October 1934");
* Madagascar: the table (``"before 1933"``) vs the prose ("in 1933");
* the founding's two names: the lead ("International Red Aid") vs the Formation section ("The
  International Workers Aid society"; very likely a confusion with Workers International
  Relief, which the See also list dates 1921), both "1922";
* the 1932 section counts: 67 sections outside the USSR "as of January 1" 1932 (the 1st World
  Congress) vs "By 1932 ... sixty-two affiliates (excluding the Soviet Union)".

The article was read for other disagreements. None was linked: the Soviet section's two English
names (the table's "International Society for Aid to Revolutionary Fighters", the logo
caption's "International Organisation for Assistance to Fighters for Revolution") translate
one Russian name and the caption is not recorded; the counts of 1924, 1928 and 1931 fall within
what the table implies; the prose dates of congresses agree with the table; the Netherlands'
first congress (1926), Finland's activity in the 1930s and Mella in Mexico "since 1926" follow
their sections' dates in the table.
* Lithuania's ``1918`` predates the founding; it is recorded as written.
* Other dated statements of the national histories are ``Occurred`` events with their country
  (``Mexico`` for Mella's exile); undated ones keep a blank date. "throughout 1936" and "since
  1926" are dated by their year; the deemphasis "after which time" was first dated by
  Stasova's end year (1937), which ``relative_dates`` corrects.

Corrections appended since, each a ``Retracted`` and a replacement citing where it was read:

* ``table_cited``: the 73 rows first credited to Ryle alone, re-cited as rows of the article's
  table citing Ryle (``section-<country>-article-table``); Spain's and Madagascar's prose claims
  re-cited with their part of the article, naming the re-cited table claim, so that both
  disputes set the article's table against its prose;
* ``dates_as_written``: the 1931 report dated "By January 1, 1931"; the 1932 World Congress
  report dated "January 1" with its year as context, and the "By 1932" claim recorded again to
  name it (both with their part of the article);
* ``spanish_civil_war``: Arderíus's presidency and the POUM's parallel organization, first
  left undated, dated "during the Spanish Civil War"; and the three figures, new;
* ``relative_dates``: the deemphasis recorded again with no date of its own, after Stasova's
  leaving; Mella's sentence recorded again as two statements, the leading role not before the
  exile.

Run: ``.venv/bin/python scripts/build_dataset.py [--directory events] [--stream mopr]``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs

from mopr_timeline import (
    SPANISH_CIVIL_WAR,
    After,
    CitedWork,
    CongressHeld,
    Count,
    DelegateGroup,
    Dissolved,
    Event,
    FiguresReported,
    FileStore,
    Founded,
    GoverningBodyNamed,
    LeaderAppointed,
    LeaderLeft,
    NotBefore,
    Occurred,
    Retracted,
    SectionDissolved,
    SectionEstablished,
    Source,
    parse_date,
    parse_span,
)
from mopr_timeline.dates import FuzzyDate

ARTICLE = "International Red Aid (encyclopedia article)"
RYLE = "James Martin Ryle, International Red Aid, 1922-1928"
RYLE_PAGES = "262-263"
USSR = "Union of Soviet Socialist Republics"

AFFILIATES_TABLE = """\
| Albania | | | |
| Algeria | | "before 1928" | |
| Argentina | | 1926 | |
| Australia | | 1928 | |
| Austria | Austrian Red Aid (Österreichische Rote Hilfe) | 1924 | |
| Belgium | | Aug. 1925 | |
| Bolivia | | "before 1933" | |
| Brazil | | 1927 | |
| British Guiana | | | |
| Bulgaria | Organization for Support to the Victims of the Capitalist Dictatorship | Sept. 1923 | |
| Canada | Canadian Labour Defense League | Aug. 1925 | |
| Chile | | 1930 | |
| China | Society of Aid | Oct. 1925 | |
| Colombia | | 1932 | |
| Costa Rica | | 1932 | |
| Cuba | | 1929 | |
| Czechoslovakia | | Feb. 1925 | |
| Denmark | | 1923 | |
| Ecuador | | "before 1933" | |
| Egypt | | 1928 | |
| El Salvador | | "before 1933" | |
| Estonia | | 1923 | |
| Finland | Finnish Red Aid (Suomen Punainen Apu) | 1924 | |
| Formosa | | 1930 | |
| France | Secours Rouge International | 1923 | |
| Germany | Red Aid of Germany (Rote Hilfe Deutschlands) | Oct. 1924 | |
| Great Britain | International Class War Prisoners' Aid | 1925 | |
| Greece | Workers' Aid | 1923 | |
| Guatemala | | 1928 | |
| Haiti | | 1928 | |
| Hawaii | | | |
| Hungary | | | |
| Iceland | | | |
| India | | "after 1928" | |
| Indo-China | | | |
| Indonesia | | 1928 | |
| Ireland | | 1928 | |
| Isle of Timor | | 1933 | |
| Italy | | April 1923 | |
| Japan | Nekon Sekishoku Kyuenkai | 1928 | |
| Java | | | |
| Korea | | Jan. 1926 | |
| Latvia | | | |
| Lithuania | Lithuanian Red Aid | 1918 | |
| Madagascar | | "before 1933" | |
| Mexico | League for Support of Persecuted Fighters | April 1925 | |
| Mongolia | | 1928 | |
| Morocco | | 1928 | |
| Netherlands | Red Aid of Holland (Roode Hulp Holland) | Feb. 1925 | |
| New Zealand | | 1928 | |
| Norway | Norwegian Red Aid (Norges Roede Hjelp) | | |
| Palestine | | 1924 | |
| Panama | | "before 1933" | |
| Persia | | 1928 | |
| Peru | | "before 1933" | |
| Philippines | | "before 1933" | |
| Poland | Red Aid of Poland (Czerwona Pomoc w Polsce) | 1925 | |
| Portugal | Socorro Vermelho Internacional | 1925 | |
| Puerto Rico | | | |
| Romania | | | |
| South Africa | Ikaka la Basebenzi | 1928 | |
| Spain | | Sept. 1925 | |
| Sweden | International Red Aid, Swedish Section | | |
| Switzerland | | 1923 | |
| Syria | | "before 1933" | |
| Trinidad | | | |
| Tunisia | | 1928 | |
| Turkey | | | |
| United States of America | International Labor Defense | 1925 | |
| Uruguay | | Feb. 1926 | |
| Union of Soviet Socialist Republics | International Society for Aid to Revolutionary Fighters (MOPR) | 1922 | |
| Venezuela | | 1931 | |
| Yugoslavia | | March 1924 | |
"""  # noqa: E501
"""The National Affiliates table, row by row exactly as the article prints it."""

INFOBOX_DISSOLVED = "Dissolved: 1941 (Soviet affiliate - 1947)"

AFFILIATES = "National Affiliates of MOPR (table)"
"""Where the affiliates rows were read: the article's table."""
RYLE_CITED = CitedWork(title=RYLE, pages=RYLE_PAGES)
"""The table's principal source, as the article names it."""
DEVELOPMENT = "Organizational history: Development"
NATIONAL_HISTORIES = "National histories"
SPAIN = "National histories: Spain"
SPAIN_WAR = "National histories: Spain: Activities during the Spanish Civil War"
MADAGASCAR = "National histories: Madagascar"
WAR_HEADING = "Activities during the Spanish Civil War"


def article(*passages: str) -> Source:
    """A citation of the article quoting ``passages`` verbatim, joined by `` … ``."""
    return Source(title=ARTICLE, quotation=" … ".join(passages))


def read_in(part: str, *passages: str) -> Source:
    """A citation of the article's ``part`` (a table, a section) quoting ``passages``."""
    return Source(title=ARTICLE, part=part, quotation=" … ".join(passages))


def table_row(row: str) -> Source:
    """A citation of one row of the article's affiliates table, and of the table's principal
    source (Ryle, pp. 262-263), which the article cites for it."""
    return Source(title=ARTICLE, part=AFFILIATES, quotation=row, cites=RYLE_CITED)


def slug(text: str) -> str:
    """A readable id fragment: lower case, runs of other characters as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def organization() -> list[Event]:
    """Founding, names, governing body, leadership, and the end."""
    return [
        Founded(
            id="founded",
            when="1922",
            name="International Red Aid",
            aliases=("MOPR",),
            source=article(
                "International Red Aid (also commonly known by its Russian acronym MOPR) was an "
                "international social-service organization. MOPR was founded in 1922 by the "
                'Communist International to function as an "international political Red '
                'Cross", providing material and moral aid to radical "class-war" political '
                "prisoners around the world."
            ),
        ),
        Founded(
            id="founded-formation",
            when="1922",
            name="International Workers Aid society",
            aliases=("MOPR",),
            source=article(
                "The International Workers Aid society, known colloquially by its "
                "Russian-language acronym, MOPR, was established in 1922 in response to the "
                "directive of the 4th World Congress of the Comintern to appeal to all "
                'communist parties "to assist in the creation of organizations to render '
                'material and moral aid to all captives of capitalism in prison."'
            ),
        ),
        GoverningBodyNamed(
            id="governing-body-1922-central-committee",
            when="1922",
            name="Central Committee",
            source=article(
                "was established in 1922",
                "Julian Marchlewski-Karski was named chairman of the Central Committee of "
                "MOPR, the governing body of the new organization.",
            ),
        ),
        GoverningBodyNamed(
            id="governing-body-after-1924-executive-committee",
            when="After 1924",
            name="Executive Committee",
            source=article(
                "After 1924, the name of this directing body was changed to the Executive "
                "Committee."
            ),
        ),
        LeaderAppointed(
            id="leader-1922-marchlewski",
            when="1922",
            person="Julian Marchlewski",
            source=article("Julian Marchlewski (1922–1925)."),
        ),
        LeaderAppointed(
            id="leader-1925-lepeshinsky",
            when="1925",
            person="Panteleimon Lepeshinsky",
            source=article("Panteleimon Lepeshinsky (1925–1927)."),
        ),
        LeaderAppointed(
            id="leader-1927-stasova",
            when="1927",
            person="Elena Stasova",
            source=article("Elena Stasova (1927–1937)."),
        ),
        LeaderLeft(
            id="leader-1937-stasova-left",
            when="1937",
            person="Elena Stasova",
            source=article(
                "Elena Stasova (1927–1937).",
                "MOPR was headed by Elena Stasova until 1937, after which time its "
                "international character was deemphasized.",
            ),
        ),
        Occurred(
            id="1937-international-character-deemphasized",
            when="1937",
            text="After Elena Stasova's tenure, MOPR's international character was deemphasized.",
            source=article(
                "MOPR was headed by Elena Stasova until 1937, after which time its "
                "international character was deemphasized."
            ),
        ),
        Dissolved(
            id="dissolved",
            when="1941",
            source=article(INFOBOX_DISSOLVED),
        ),
        SectionDissolved(
            id="section-union-of-soviet-socialist-republics-dissolved",
            when="1947",
            country=USSR,
            source=article(INFOBOX_DISSOLVED),
        ),
    ]


def congresses() -> list[Event]:
    """The Congresses of MOPR table, its Dates read with its Year; prose quoted alongside."""
    return [
        CongressHeld(
            id="congress-1923-1st-plenary-session-of-the-cc-of-mopr",
            when=parse_span("June", year=1923),
            name="1st Plenary Session of the CC of MOPR",
            location="Moscow",
            source=article(
                "| 1923 | 1st Plenary Session of the CC of MOPR | Moscow | June | |",
                "The first plenary session of the Central Committee of MOPR was held in June "
                "1923 in Moscow.",
            ),
        ),
        CongressHeld(
            id="congress-1924-1st-international-conference",
            when=parse_span("July 14–16", year=1924),
            name="1st International Conference",
            location="Moscow",
            delegates=109,
            delegate_groups=(
                DelegateGroup(label="CP", count=91),
                DelegateGroup(label="YCI", count=13),
                DelegateGroup(label="non-party", count=5),
            ),
            source=article(
                "| 1924 | 1st International Conference | Moscow | July 14–16 | "
                "109 (91 CP, 13 YCI, 5 non-party) |",
                "The first international conference of MOPR took place in July 1924, "
                "simultaneously with the 5th World Congress of the Comintern.",
            ),
        ),
        CongressHeld(
            id="congress-1927-2nd-international-conference",
            when=parse_span("March 24-April 5", year=1927),
            name="2nd International Conference",
            location="Moscow",
            source=article("| 1927 | 2nd International Conference | Moscow | March 24-April 5 | |"),
        ),
        CongressHeld(
            id="congress-1932-1st-world-congress",
            when=parse_span("November", year=1932),
            name="1st World Congress",
            location="Moscow",
            source=article(
                "| 1932 | 1st World Congress | Moscow | November | |",
                "The 1st World Congress of MOPR was held in November 1932.",
            ),
        ),
    ]


def figures() -> list[Event]:
    """The dated figure reports; Stasova's say so in their note."""
    world_congress = (
        "The 1st World Congress of MOPR was held in November 1932. At that gathering it was "
        "announced that as of January 1 of that year, MOPR had established 67 national "
        "sections outside of the USSR, with 1,278,274 members."
    )
    return [
        FiguresReported(
            id="figures-1924-nineteen-countries",
            when="As of 1924",
            sections=19,
            note="national affiliates in nineteen countries",
            source=article(
                "As of 1924, the organization had national affiliates in nineteen countries."
            ),
        ),
        FiguresReported(
            id="figures-1928-01-01-stasova",
            when="January 1, 1928",
            members=8_900_000,
            sections=44,
            note="according to Elena Stasova; 44 national sections",
            source=article(
                "According to Elena Stasova, the head of the Russian section of MOPR and "
                "deputy head of the Central Committee of the International organization, as of "
                "January 1, 1928, MOPR had a total membership of 8,900,000 people in 44 "
                "national sections."
            ),
        ),
        FiguresReported(
            id="figures-1931-01-01-stasova",
            when="January 1, 1931",
            members=8_305_454,
            sections=58,
            periodicals=56,
            languages=19,
            note="according to Stasova; 58 national organizations, 56 periodicals in 19 languages",
            source=article(
                "By January 1, 1931, MOPR's scope had grown to 58 national organizations, with "
                "a total membership of 8,305,454, according to Stasova. At the latter date the "
                "international organization maintained a total of 56 periodicals in 19 "
                "languages, Stasova stated."
            ),
        ),
        FiguresReported(
            id="figures-1932-01-01-world-congress",
            when=parse_date("January 1", year=1932),
            members=1_278_274,
            sections=67,
            excluding=(USSR,),
            note="announced at the 1st World Congress (November 1932); 67 national sections "
            "outside of the USSR",
            source=article(world_congress),
        ),
        FiguresReported(
            id="figures-by-1932-sixty-two-affiliates",
            when="By 1932",
            members=1_278_274,
            sections=62,
            excluding=(USSR,),
            note="sixty-two affiliates (excluding the Soviet Union)",
            source=article(
                "By 1932, it claimed sixty-two affiliates (excluding the Soviet Union) with a "
                "total of 1,278,274 individual members."
            ),
        ),
    ]


def development() -> list[Event]:
    """Dated statements of the Formation and Development sections beyond the tables."""
    return [
        Occurred(
            id="1923-plenary-session-sections-in-all-countries",
            when="June 1923",
            text="The first plenary session of the Central Committee of MOPR, in Moscow, "
            "determined that MOPR should establish sections in all countries, particularly "
            "those suffering from the White Terror against the revolutionary movement.",
            source=article(
                "The first plenary session of the Central Committee of MOPR was held in June "
                "1923 in Moscow. At this gathering it was determined that MOPR should establish "
                "sections in all countries, particularly those suffering from the White Terror "
                "against the revolutionary movement."
            ),
        ),
        Occurred(
            id="stasova-two-forms-of-organization",
            when="",
            text='Stasova noted two forms of the organization: "mass organizations" (USSR, '
            'Germany, France, the United States) and "organizations of a committee type", '
            "limited to legal and material aid to political prisoners and their families.",
            source=article(
                'Stasova noted that two forms of the organization existed, "mass '
                'organizations" — such as those of the USSR, Germany, France, the United '
                'States — and "organizations of a committee type", which limited themselves to '
                "legal and material aid to political prisoners and their families without "
                "attempting to establish large-scale membership organizations."
            ),
        ),
        Occurred(
            id="1931-stasova-mopr-and-workers-international-relief",
            when="1931",
            text='Stasova on MOPR and Workers International Relief: "we are assisting the '
            "political prisoners and the Workers International Relief assists at the time of "
            'economic strikes, at the time of the economic struggle."',
            source=article(
                '"The difference is this", she noted in 1931, "we are assisting the political '
                "prisoners and the Workers International Relief assists at the time of economic "
                'strikes, at the time of the economic struggle."'
            ),
        ),
        Occurred(
            id="prominent-figures",
            when="",
            text="Prominent figures of the MOPR included Vincas Mickevičius-Kapsukas, Clara "
            "Zetkin, Sen Katayama, Wilhelm Pieck and others.",
            source=article(
                "Prominent figures of the MOPR included Vincas Mickevičius-Kapsukas, Clara "
                "Zetkin, Sen Katayama, Wilhelm Pieck and others."
            ),
        ),
    ]


def affiliate_rows() -> list[tuple[str, str, str, str]]:
    """Each row of the affiliates table with its country, group name and date cells."""
    rows = []
    for row in AFFILIATES_TABLE.splitlines():
        country, name, date, _comments = (cell.strip() for cell in row.strip("|").split("|"))
        rows.append((row, country, name, date))
    return rows


def affiliates() -> list[Event]:
    """All 73 rows of the National Affiliates table, as first recorded: credited to the
    table's principal source alone (Ryle, pp. 262-263); see ``table_cited``."""
    return [
        SectionEstablished(
            id=f"section-{slug(country)}",
            when=date,
            country=country,
            name=name or None,
            source=Source(title=RYLE, pages=RYLE_PAGES, quotation=row),
        )
        for row, country, name, date in affiliate_rows()
    ]


def national_histories() -> list[Event]:
    """The National histories sections: the prose's own section claims and dated events."""
    spain = "Spain"
    return [
        SectionEstablished(
            id="section-spain-prose",
            when="October 1934",
            country=spain,
            source=article(
                "The International Red Aid made its first appearance in Spain as a charity "
                "organization during the workers' revolt of October 1934 in Asturias."
            ),
        ),
        Occurred(
            id="spain-1936-re-formed-in-barcelona",
            when="January 1936",
            country=spain,
            text="The organization was re-formed and expanded in Barcelona, with the aim of "
            "opposing fascism on multiple fronts.",
            source=article(
                "The organization, which included many artists and writers, was later re-formed "
                "and expanded in Barcelona in January 1936, with the aim of opposing fascism on "
                "multiple fronts."
            ),
        ),
        Occurred(
            id="spain-1936-fifth-regiment-around-madrid",
            when="1936",
            country=spain,
            text="The Fifth Regiment, its ranks swelled by members of the SRI, fought primarily "
            "in the battles in and around Madrid throughout 1936.",
            source=article(
                "The ranks of the Fifth Regiment (dissolved 21 January 1937), established by the "
                "Communist Party of Spain at the outbreak of the Civil War, were also swelled by "
                "members of the SRI.",
                "and fought primarily in the battles in and around Madrid throughout 1936.",
            ),
        ),
        Occurred(
            id="spain-1937-fifth-regiment-dissolved",
            when="21 January 1937",
            country=spain,
            text="The Fifth Regiment, whose ranks were swelled by members of the SRI, was "
            "dissolved.",
            source=article(
                "The ranks of the Fifth Regiment (dissolved 21 January 1937), established by the "
                "Communist Party of Spain at the outbreak of the Civil War, were also swelled by "
                "members of the SRI."
            ),
        ),
        Occurred(
            id="spain-civil-war-arderius-president",
            when="",
            country=spain,
            text="During the Spanish Civil War, the writer Joaquín Arderíus served as the "
            "organization's president before exiling himself to France and then Mexico.",
            source=article(
                "During the Spanish Civil War, the writer Joaquín Arderíus served as the "
                "organization's president before exiling himself to France and then Mexico."
            ),
        ),
        Occurred(
            id="spain-civil-war-poum-parallel-organization",
            when="",
            country=spain,
            text="The Workers' Party of Marxist Unification (POUM) organized a parallel Socorro "
            "Rojo del P.O.U.M. in opposition to the International Red Aid.",
            source=article(
                "The Workers' Party of Marxist Unification (POUM), a minor Marxist party in "
                "Spain at the time, organized a parallel Socorro Rojo del P.O.U.M. in "
                "opposition to the International Red Aid."
            ),
        ),
        Occurred(
            id="netherlands-1926-first-congress",
            when="1926",
            country="Netherlands",
            text="The Dutch section of International Red Aid held its first congress.",
            source=article(
                "The Dutch section of International Red Aid held its first congress in 1926."
            ),
        ),
        Occurred(
            id="netherlands-1926-rode-hulp",
            when="1926",
            country="Netherlands",
            text="The Dutch section began publishing Rode Hulp.",
            source=article(
                "The Dutch section of International Red Aid held its first congress in 1926. "
                "The same year it began publishing Rode Hulp."
            ),
        ),
        Occurred(
            id="finland-1930s-active",
            when="the 1930s",
            country="Finland",
            text="The Red Aid of Finland was active, led by the Communist Party of Finland; it "
            "gave assistance to revolutionary prisoners in Finnish jails.",
            source=article(
                "The Red Aid of Finland was active during the 1930s, led by the Communist Party "
                "of Finland. It gave assistance to revolutionary prisoners in Finnish jails."
            ),
        ),
        Occurred(
            id="finland-vankien-toveri",
            when="",
            country="Finland",
            text="The Red Aid of Finland published Vankien Toveri.",
            source=article("The Red Aid of Finland published Vankien Toveri."),
        ),
        Occurred(
            id="latin-america-late-1920s-farabundo-marti",
            when="Towards the ends of the 1920s",
            text="Farabundo Martí became the leader of the International Red Aid in Latin America.",
            source=article(
                "Towards the ends of the 1920s, Farabundo Martí became the leader of the "
                "International Red Aid in Latin America."
            ),
        ),
        Occurred(
            id="mexico-1926-mella-exiled",
            when="1926",
            country="Mexico",
            text="Julio Antonio Mella, the Cuban communist leader, was exiled in Mexico (since "
            "1926); he was a leading figure in the Mexican section of the organization.",
            source=article(
                "Julio Antonio Mella, the Cuban communist leader exiled in Mexico since 1926, "
                "was a leading figure in the Mexican section of the organization."
            ),
        ),
        Occurred(
            id="soviet-union-largest-section",
            when="",
            country=USSR,
            text="The largest section of MOPR was its Soviet branch, which accounted for the "
            "majority of the organization's international membership.",
            source=article(
                "The largest section of MOPR was its Soviet branch, which accounted for the "
                "majority of the organization's international membership."
            ),
        ),
        Occurred(
            id="korea-yi-donghwi",
            when="",
            country="Korea",
            text="Yi Donghwi was a prominent MOPR organizer.",
            source=article("Yi Donghwi was a prominent MOPR organizer."),
        ),
        SectionEstablished(
            id="section-madagascar-prose",
            when="1933",
            country="Madagascar",
            source=article("A MOPR branch was formed in Madagascar in 1933."),
        ),
    ]


def stasova_deputy_head() -> list[Event]:
    """Stasova's role "as of January 1, 1928" as the figures' sentence gives it."""
    return [
        Occurred(
            id="stasova-1928-01-01-deputy-head-of-the-central-committee",
            when="January 1, 1928",
            text="Elena Stasova was the head of the Russian section of MOPR and deputy head of "
            "the Central Committee of the International organization.",
            source=article(
                "According to Elena Stasova, the head of the Russian section of MOPR and "
                "deputy head of the Central Committee of the International organization, as of "
                "January 1, 1928, MOPR had a total membership of 8,900,000 people in 44 "
                "national sections."
            ),
        ),
    ]


def _linked(claim: Event, new_id: str, disputed: str, why: str) -> list[Event]:
    """``claim`` retracted and recorded again as ``new_id``, contradicting ``disputed``; the
    retraction cites the passage the claim quotes, as the replacement does."""
    return [
        Retracted(
            id=f"retract-{claim.id}",
            target=claim.id,
            reason=f"recorded again as {new_id}, which names the claim it contradicts "
            f"({disputed}): {why}",
            source=claim.source,
        ),
        attrs.evolve(claim, id=new_id, contradicts=(disputed,)),
    ]


def disputes() -> list[Event]:
    """The disputes linked: each later-recorded claim retracted and recorded again with
    ``contradicts`` naming the earlier one (see the module docstring)."""
    by_id = {event.id: event for event in [*organization(), *figures(), *national_histories()]}
    return [
        *_linked(
            by_id["section-spain-prose"],
            "section-spain-prose-disputing-table",
            "section-spain",
            "the affiliates table dates Spain's section Sept. 1925, the prose October 1934",
        ),
        *_linked(
            by_id["section-madagascar-prose"],
            "section-madagascar-prose-disputing-table",
            "section-madagascar",
            'the affiliates table dates Madagascar\'s section "before 1933", the prose 1933',
        ),
        *_linked(
            by_id["founded-formation"],
            "founded-formation-disputing-lead",
            "founded",
            "the lead names the organization International Red Aid, the Formation section "
            "The International Workers Aid society",
        ),
        *_linked(
            by_id["figures-by-1932-sixty-two-affiliates"],
            "figures-by-1932-sixty-two-affiliates-disputing-world-congress",
            "figures-1932-01-01-world-congress",
            "67 national sections outside the USSR as of January 1, 1932 (1st World "
            "Congress) against sixty-two affiliates excluding the Soviet Union by 1932",
        ),
    ]


def war(text: str) -> FuzzyDate:
    """A date the article gives as the Spanish Civil War (``SPANISH_CIVIL_WAR``)."""
    return parse_date(text, periods=(SPANISH_CIVIL_WAR,))


def table_cited() -> list[Event]:
    """The affiliates rows cited as read: the article's table (the row quoted), citing Ryle.

    Each row first recorded (``affiliates``) is retracted and recorded again with that
    citation. Spain's and Madagascar's prose claims are recorded again too, saying where in
    the article they were read, so that each dispute sets the article's table against its
    prose; the re-recorded table claim comes first and the prose claim names it.
    """
    by_id = {event.id: event for event in [*affiliates(), *disputes()]}
    prose_claims = {
        "Spain": (
            "section-spain-prose-disputing-table",
            read_in(
                SPAIN,
                "The International Red Aid made its first appearance in Spain as a charity "
                "organization during the workers' revolt of October 1934 in Asturias.",
            ),
        ),
        "Madagascar": (
            "section-madagascar-prose-disputing-table",
            read_in(MADAGASCAR, "A MOPR branch was formed in Madagascar in 1933."),
        ),
    }
    events: list[Event] = []
    for row, country, _name, _date in affiliate_rows():
        first = by_id[f"section-{slug(country)}"]
        cited = table_row(row)
        new_id = f"{first.id}-article-table"
        events.append(
            Retracted(
                id=f"retract-{first.id}",
                target=first.id,
                reason=f"recorded again as {new_id}: the row was read in the article's "
                "affiliates table, whose principal source the article names as Ryle; the first "
                "record credited it to Ryle alone",
                source=cited,
            )
        )
        if country in prose_claims:
            old_prose_id, prose = prose_claims[country]
            events.append(
                Retracted(
                    id=f"retract-{old_prose_id}",
                    target=old_prose_id,
                    reason=f"recorded again as section-{slug(country)}-prose-disputing-article-"
                    f"table, which names where in the article it was read and disputes "
                    f"{new_id}",
                    source=prose,
                )
            )
        events.append(attrs.evolve(first, id=new_id, source=cited))
        if country in prose_claims:
            old_prose_id, prose = prose_claims[country]
            events.append(
                attrs.evolve(
                    by_id[old_prose_id],
                    id=f"section-{slug(country)}-prose-disputing-article-table",
                    source=prose,
                    contradicts=(new_id,),
                )
            )
    return events


def dates_as_written() -> list[Event]:
    """The 1931 and 1932 reports with their dates as the article writes them.

    "By January 1, 1931" is no later than that day (the first record dropped "By"); "as of
    January 1 of that year" keeps "January 1" with its year, 1932, as context. The 1932
    dispute is linked again: the World Congress claim is recorded first, the "By 1932" claim
    names it; both say where in the article they were read.
    """
    world_congress = (
        "The 1st World Congress of MOPR was held in November 1932. At that gathering it was "
        "announced that as of January 1 of that year, MOPR had established 67 national "
        "sections outside of the USSR, with 1,278,274 members."
    )
    stasova_1931 = (
        "By January 1, 1931, MOPR's scope had grown to 58 national organizations, with a "
        "total membership of 8,305,454, according to Stasova. At the latter date the "
        "international organization maintained a total of 56 periodicals in 19 languages, "
        "Stasova stated."
    )
    by_1932 = (
        "By 1932, it claimed sixty-two affiliates (excluding the Soviet Union) with a total "
        "of 1,278,274 individual members."
    )
    return [
        Retracted(
            id="retract-figures-1931-01-01-stasova",
            target="figures-1931-01-01-stasova",
            reason='recorded again as figures-by-1931-01-01-stasova: the article writes "By '
            'January 1, 1931" (no later than that day); the first record dropped "By"',
            source=read_in(DEVELOPMENT, stasova_1931),
        ),
        FiguresReported(
            id="figures-by-1931-01-01-stasova",
            when="By January 1, 1931",
            members=8_305_454,
            sections=58,
            periodicals=56,
            languages=19,
            note="according to Stasova; 58 national organizations, 56 periodicals in 19 languages",
            source=read_in(DEVELOPMENT, stasova_1931),
        ),
        Retracted(
            id="retract-figures-1932-01-01-world-congress",
            target="figures-1932-01-01-world-congress",
            reason="recorded again as figures-1932-01-01-world-congress-as-of-january-1: "
            '"January 1" keeps its year (1932, "of that year") as context',
            source=read_in(DEVELOPMENT, world_congress),
        ),
        Retracted(
            id="retract-figures-by-1932-sixty-two-affiliates-disputing-world-congress",
            target="figures-by-1932-sixty-two-affiliates-disputing-world-congress",
            reason="recorded again as figures-by-1932-sixty-two-affiliates-national-histories, "
            "which names where in the article it was read and disputes "
            "figures-1932-01-01-world-congress-as-of-january-1",
            source=read_in(NATIONAL_HISTORIES, by_1932),
        ),
        FiguresReported(
            id="figures-1932-01-01-world-congress-as-of-january-1",
            when=attrs.evolve(parse_date("January 1", year=1932), context="1932"),
            members=1_278_274,
            sections=67,
            excluding=(USSR,),
            note="announced at the 1st World Congress (November 1932); 67 national sections "
            "outside of the USSR",
            source=read_in(DEVELOPMENT, world_congress),
        ),
        FiguresReported(
            id="figures-by-1932-sixty-two-affiliates-national-histories",
            when="By 1932",
            members=1_278_274,
            sections=62,
            excluding=(USSR,),
            note="sixty-two affiliates (excluding the Soviet Union)",
            contradicts=("figures-1932-01-01-world-congress-as-of-january-1",),
            source=read_in(NATIONAL_HISTORIES, by_1932),
        ),
    ]


def spanish_civil_war() -> list[Event]:
    """What the article places in the Spanish Civil War, dated by it: the two statements
    first recorded undated (retracted and recorded again), and the section's three figures."""
    arderius = (
        "During the Spanish Civil War, the writer Joaquín Arderíus served as the "
        "organization's president before exiling himself to France and then Mexico."
    )
    poum = (
        "The Workers' Party of Marxist Unification (POUM), a minor Marxist party in Spain at "
        "the time, organized a parallel Socorro Rojo del P.O.U.M. in opposition to the "
        "International Red Aid."
    )
    school = (
        "For example, the SRI founded the Escuela Nacional para Niños Anormales (National "
        "School for Mentally Disabled Children) in Madrid, with 150 students."
    )
    park = (
        "It also founded a Children's Park on the outskirts of Madrid, providing shelter to an "
        "additional 150 children."
    )
    hospitals = (
        "Medical contributions included the establishment of 275 hospitals, ambulance "
        "services, the establishment of the Orthodontics Clinic and College, dental hygiene "
        "campaigns, and the mobilization of dentists to the front."
    )
    by_id = {event.id: event for event in national_histories()}
    return [
        Retracted(
            id="retract-spain-civil-war-arderius-president",
            target="spain-civil-war-arderius-president",
            reason="recorded again as spain-civil-war-arderius-president-dated, dated "
            '"During the Spanish Civil War" (17 July 1936 - 1 April 1939) as the article '
            "writes it; the first record left it undated",
            source=read_in(SPAIN_WAR, arderius),
        ),
        attrs.evolve(
            by_id["spain-civil-war-arderius-president"],
            id="spain-civil-war-arderius-president-dated",
            when=war("During the Spanish Civil War"),
            text="The writer Joaquín Arderíus served as the organization's president before "
            "exiling himself to France and then Mexico.",
            source=read_in(SPAIN_WAR, arderius),
        ),
        Retracted(
            id="retract-spain-civil-war-poum-parallel-organization",
            target="spain-civil-war-poum-parallel-organization",
            reason="recorded again as spain-civil-war-poum-parallel-organization-dated, dated "
            '"during the Spanish Civil War" (the heading of the section holding the sentence, '
            'which says "at the time"); the first record left it undated',
            source=read_in(SPAIN_WAR, WAR_HEADING, poum),
        ),
        attrs.evolve(
            by_id["spain-civil-war-poum-parallel-organization"],
            id="spain-civil-war-poum-parallel-organization-dated",
            when=war("during the Spanish Civil War"),
            source=read_in(SPAIN_WAR, WAR_HEADING, poum),
        ),
        FiguresReported(
            id="spain-civil-war-figures-national-school-students",
            when=war("during the Spanish Civil War"),
            country="Spain",
            counts=(Count(name="students", value=150),),
            note="of the Escuela Nacional para Niños Anormales (National School for Mentally "
            "Disabled Children) in Madrid, founded by the SRI",
            source=read_in(SPAIN_WAR, WAR_HEADING, school),
        ),
        FiguresReported(
            id="spain-civil-war-figures-childrens-park-sheltered",
            when=war("during the Spanish Civil War"),
            country="Spain",
            counts=(Count(name="children sheltered", value=150),),
            note="at the Children's Park the SRI founded on the outskirts of Madrid",
            source=read_in(SPAIN_WAR, WAR_HEADING, park),
        ),
        FiguresReported(
            id="spain-civil-war-figures-hospitals",
            when=war("during the Spanish Civil War"),
            country="Spain",
            counts=(Count(name="hospitals established", value=275),),
            note="medical contributions of the SRI",
            source=read_in(SPAIN_WAR, WAR_HEADING, hospitals),
        ),
    ]


TERMINATION = "Organizational history: Termination"
LATIN_AMERICA = "National histories: Latin America"


def relative_dates() -> list[Event]:
    """The events the article dates only by other events, recorded again with the relation
    it states (the first records dated them by a year the source does not give them).

    * "MOPR was headed by Elena Stasova until 1937, after which time its international
      character was deemphasized": the deemphasis has no date of its own; it comes after the
      end of her tenure (``leader-1937-stasova-left``, dated 1937), so its earliest day is
      the day after the earliest day she may have left, and it has no latest day.
    * "Julio Antonio Mella, the Cuban communist leader exiled in Mexico since 1926, was a
      leading figure in the Mexican section of the organization": two statements, the exile
      (since 1926) and the leading role, which the sentence places in his Mexican exile (not
      before it) and does not date otherwise.
    """
    deemphasis = (
        "MOPR was headed by Elena Stasova until 1937, after which time its international "
        "character was deemphasized."
    )
    mella = (
        "Julio Antonio Mella, the Cuban communist leader exiled in Mexico since 1926, was a "
        "leading figure in the Mexican section of the organization."
    )
    return [
        Retracted(
            id="retract-1937-international-character-deemphasized",
            target="1937-international-character-deemphasized",
            reason="recorded again as international-character-deemphasized-after-stasova: the "
            'article dates the deemphasis only "after which time" (after Stasova\'s tenure '
            "ended, in 1937), not in the year 1937",
            source=read_in(TERMINATION, deemphasis),
        ),
        Occurred(
            id="international-character-deemphasized-after-stasova",
            when="",
            text="After Elena Stasova's tenure, MOPR's international character was deemphasized.",
            relations=(After("leader-1937-stasova-left"),),
            source=read_in(TERMINATION, deemphasis),
        ),
        Retracted(
            id="retract-mexico-1926-mella-exiled",
            target="mexico-1926-mella-exiled",
            reason="recorded again as two statements: mexico-mella-exiled-since-1926 (the "
            "exile, since 1926) and mexico-mella-leading-figure (the leading role, not before "
            "the exile, otherwise undated); the first record dated both 1926",
            source=read_in(LATIN_AMERICA, mella),
        ),
        Occurred(
            id="mexico-mella-exiled-since-1926",
            when="1926",
            country="Mexico",
            text="Julio Antonio Mella, the Cuban communist leader, was exiled in Mexico "
            "(since 1926).",
            source=read_in(
                LATIN_AMERICA,
                "Julio Antonio Mella, the Cuban communist leader exiled in Mexico since 1926",
            ),
        ),
        Occurred(
            id="mexico-mella-leading-figure",
            when="",
            country="Mexico",
            text="Julio Antonio Mella, exiled in Mexico, was a leading figure in the Mexican "
            "section of the organization.",
            relations=(NotBefore("mexico-mella-exiled-since-1926"),),
            source=read_in(LATIN_AMERICA, mella),
        ),
    ]


def dataset() -> list[Event]:
    """Every event of the dataset, in the order they are appended."""
    events = [
        *organization(),
        *congresses(),
        *figures(),
        *development(),
        *affiliates(),
        *national_histories(),
        *stasova_deputy_head(),
        *disputes(),
        *table_cited(),
        *dates_as_written(),
        *spanish_civil_war(),
        *relative_dates(),
    ]
    ids = [event.id for event in events]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise SystemExit(f"build_dataset: duplicate event ids {duplicates}")
    return events


class HistoryConflictError(Exception):
    """The log already holds an event that the script defines differently (or not at all)."""


def missing_events(stored: Sequence[Event], wanted: Sequence[Event]) -> list[Event]:
    """The events of ``wanted`` not yet stored; raise when stored history disagrees."""
    known = {event.id: event for event in wanted}
    for event in stored:
        if event.id not in known:
            raise HistoryConflictError(
                f"the log holds event {event.id!r}, which this script does not define; "
                "add it to the script or correct the log with new events"
            )
        if known[event.id] != event:
            raise HistoryConflictError(
                f"the log's event {event.id!r} differs from this script's:\n"
                f"  stored: {event!r}\n  script: {known[event.id]!r}\n"
                "history is never edited: append a Retracted event and a replacement instead"
            )
    stored_ids = {event.id for event in stored}
    return [event for event in wanted if event.id not in stored_ids]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--directory",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "events",
        help="FileStore directory (default: the repository's events/)",
    )
    parser.add_argument("--stream", default="mopr")
    args = parser.parse_args(argv)

    store = FileStore(args.directory)
    stored = [record.event for record in store.read(args.stream)]
    try:
        todo = missing_events(stored, dataset())
    except HistoryConflictError as exc:
        print(f"build_dataset: {exc}", file=sys.stderr)
        return 1
    where = store.path(args.stream)
    if not todo:
        print(f"{where}: up to date ({len(stored)} events)")
        return 0
    version = store.append(args.stream, todo, expected_version=store.current_version(args.stream))
    print(f"{where}: appended {len(todo)} events, now at version {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
