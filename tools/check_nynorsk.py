"""Spell-checks the nynorsk UI catalogue (`relasjon_tui.strings_nn.NN`) with hunspell's nn_NO.

Run from the repository root after adding or changing strings:

    python3 tools/check_nynorsk.py          # exit 0: no unexpected word flagged
    python3 tools/check_nynorsk.py --all    # also list the known words hunspell flags

Needs `hunspell` and Debian's `hunspell-no` (which ships nn_NO):
`apt-get install -y hunspell hunspell-no`. Placeholders, key names (ctrl+s), command-line
names (--fremtid, relasjon eksport) and codes (AB, 7B-gr1) are dropped before checking.
Words hunspell does not know but that are right are listed in KNOWN with the reason; a
flagged word outside KNOWN is reported with the keys it appears in, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from relasjon_tui.strings_nn import NN  # noqa: E402

# Words hunspell's nn_NO flags that are kept on purpose, with the reason.
KNOWN: dict[str, str] = {
    # The guidance's own measure names (bokmål, as the guidance is written), in their short titles.
    "forbedre": "measure name from the guidance (Forbedre relasjon)",
    "klasseledelse": "measure name from the guidance (Tydelig og varm klasseledelse)",
    "medelever": "measure name from the guidance (Mobilisere støtte frå medelever)",
    # Forms the dictionary lacks that are right.
    "halden": "past participle of «halde» (halde – heldt – halde/halden)",
    "tøm": "imperative of «tøme/tømme»",
    "iførgårs": "the run-together spelling people type, accepted by the time parser",
    "language": "the settings file's key, quoted",
    # Abbreviations the time parser accepts and dates show.
    "jan": "month abbreviation",
    "fre": "weekday abbreviation (fredag)",
    "lau": "weekday abbreviation (laurdag)",
    "ons": "weekday abbreviation (onsdag)",
    "sun": "weekday abbreviation (sundag)",
    "tor": "weekday abbreviation (torsdag)",
    # Compounds the dictionary lacks (each part is in it; nynorsk writes them as one word).
    "teammøte": "compound (team + møte), the app's term",
    "teammøtet": "compound (team + møte)",
    "teammøta": "compound (team + møte)",
    "øktlogg": "compound (økt + logg), the app's term",
    "øktlengd": "compound (økt + lengd)",
    "øktlengda": "compound (økt + lengd)",
    "innhaldsfiler": "compound (innhald + filer)",
    "sikkerheitskopi": "compound (sikkerheit + kopi), current nynorsk for backup",
    "sikkerheitskopiar": "compound (sikkerheit + kopi)",
    "sikkerheitskopiane": "compound (sikkerheit + kopi)",
    "refleksjonsspørsmål": "compound (refleksjon + spørsmål), the app's term",
    "eksempeldata": "compound (eksempel + data)",
    "mellombelse": "plural of «mellombels» (Nynorskordboka); the dictionary has no plural",
    "appen": "«app» (m.) is in Nynorskordboka; the dictionary predates it",
    "skript": "computer script (command-line help), a technical term",
    "éi": "stressed numeral «éi» (feminine of «éin»), accented as Språkrådet advises",
    # Letters, not words.
    "ae": "the letters «ae» typed for «æ» (search hint)",
    "ø": "the letter «ø» (search hint)",
    # Technical terms and names.
    "textual": "product name (the UI library)",
    "markdown": "file format name",
    "json": "file format name",
    "csv": "file format name",
    "md": "file format option (--format md)",
    "nul": "the NUL character",
    "pgup": "key name",
    "pgdn": "key name",
    "enter": "key name",
    "esc": "key name",
    "tab": "key name",
    "id": "record id (also «id-en»)",
    "nb": "language code",
    "en": "language code",
    "utdanningsdirektoratet": "name of the directorate",
    # Added with the deletion, damaged-record and settings texts.
    "innhaldsfilene": "compound (innhald + filene)",
    "lagringskvoten": "compound (lagring + kvoten)",
    "øktloggane": "compound (økt + loggane)",
    "pseudonymisert": "technical term, as in bokmål",
    "datoen": "dato is masculine in nynorsk too; the dictionary lacks the inflection",
    "ansatt": "content syntax (relasjon: ansatt-elev), not prose",
    "ansatte": "content syntax (audience id), not prose",
    "ledere": "content syntax (audience id), not prose",
    "rekkefolge": "front-matter key, not prose",
    "tidspunkter": "front-matter key (faste-tidspunkter), not prose",
    "damaged": "JSON key in the export",
    "evaluation": "settings key (evaluation_weeks)",
    "weeks": "settings key (evaluation_weeks)",
    "school": "settings key (school_holidays)",
    "holidays": "settings key (school_holidays)",
    "name": "settings key",
    "nn": "language code",
    "uid": "Unix user id",
    "utf": "UTF-8",
    "aktivitetsplikta": "definite of «aktivitetsplikt» (opplæringslova § 12-4's own term)",
    "avslutningskode": "compound: avslutning + kode (a command's exit code)",
    "chgrp": "a Unix command", "chmod": "a Unix command", "groupadd": "a Unix command",
    "rwx": "Unix permission letters", "setgid": "a Unix mode bit", "ssh": "the protocol", "unix": "the system",
    "etterkant": "«i etterkant», in Norsk Ordbok",
    "evalueringsdagane": "compound: evaluering + dagane (definite plural of «dag»)",
    "heimemappa": "compound: heim + mappa (the home folder)",
    "heltal": "nynorsk for integer (Nynorskordboka: heltal)",
    "innlogginga": "definite of «innlogging»",
    "pdf": "the file format", "ref": "the archive form's field name (journalpost/saksnummer)",
    "serveren": "definite of «server», as in Nynorskordboka",
    "skjemaet": "definite of «skjema» (nøytrum)",
    "tidsrekkjefølgje": "compound: tid + rekkjefølgje",
    "unit": "settings key",
}

# Text removed before the words are taken out: not language, or not nynorsk on purpose.
_DROP = [
    r"\{[^}]*\}",  # placeholders
    r"%\([a-z_]+\)[sr]",  # argparse's placeholders (%(prog)s)
    r"«Tiltak for å bedre relasjoner»",  # the source's bokmål title, quoted as published
    r"forbedre-relasjon",  # a measure id
    r"relasjon-tui",  # product name
    r"RELASJON_[A-Z_]+",  # environment variables
    r"--[a-z][a-z-]*",  # command-line options (--fremtid, --minutter, --format)
    r"\brelasjon (?:eksport|slett|sjekk)\b",  # command names
    r"«eksport\b",  # command name inside a quote
    r"\beksport --",  # command name before an option
    r"\b(?:ctrl|shift)\+\w+",  # key combinations
    r"\b[A-ZÆØÅ]{1,2}\b",  # codes and letters (AB, CD, M, N)
    r"\bKODE\b|\bID\b",  # command-line metavariables
    r"\b\w*\d\w*\b",  # anything with a digit (7B-gr1, F1, 12-4)
]
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def words_by_key() -> dict[str, set[str]]:
    """Every word of NN (lower case) with the keys it appears in."""
    found: dict[str, set[str]] = defaultdict(set)
    for key, text in NN.items():
        for pattern in _DROP:
            text = re.sub(pattern, " ", text)
        for word in _WORD.findall(text):
            if len(word) > 1 or word.lower() in ("å", "ø"):
                found[word.lower()].add(key)
    return found


def hunspell_flags(words: list[str]) -> set[str]:
    """The words hunspell's nn_NO dictionary does not accept."""
    if shutil.which("hunspell") is None:
        sys.exit("hunspell is not installed: apt-get install -y hunspell hunspell-no")
    result = subprocess.run(
        ["hunspell", "-d", "nn_NO", "-i", "utf-8", "-l"],
        input="\n".join(words) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if result.returncode != 0 or "Can't open" in result.stderr:
        sys.exit(f"hunspell failed (is hunspell-no installed?): {result.stderr.strip()}")
    return {line.strip() for line in result.stdout.splitlines() if line.strip()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="also list the known flagged words")
    args = parser.parse_args()

    found = words_by_key()
    words = sorted(found)
    flagged = hunspell_flags(words)
    unknown = sorted(flagged - KNOWN.keys())
    kept = sorted(flagged & KNOWN.keys())
    stale = sorted(KNOWN.keys() - flagged)

    occurrences = sum(len(_WORD.findall(t)) for t in NN.values())
    print(f"{len(NN)} strings, {len(words)} distinct words checked ({occurrences} word tokens before filtering)")
    print(f"hunspell nn_NO flagged {len(flagged)}: {len(kept)} known, {len(unknown)} unexpected")
    if args.all:
        for word in kept:
            print(f"  kept  {word}: {KNOWN[word]}")
        for word in stale:
            print(f"  (KNOWN entry not flagged or not used: {word})")
    for word in unknown:
        print(f"  CHECK {word}  ({', '.join(sorted(found[word]))})")
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main())
