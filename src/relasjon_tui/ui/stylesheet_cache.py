"""Provides `ShippedStylesheet`: the app's stylesheet, with the rules of its sources parsed when
the package was built.

Textual parses every source of the stylesheet (styles/app.tcss and each widget's DEFAULT_CSS)
on every start: 13–15 ms before the first frame at 140×40, a quarter of what the app's start
costs beyond a bare Textual app's. `tools/stylesheet_cache.py` parses the sources the main
screen and its four areas use, in Textual's default theme, and ships the rules beside this
module; `tests/test_stylesheet_cache.py` fails when they are out of date.

A source is taken from the file only when all it was parsed from is the same: the file's
format, Textual's version, every theme variable (Textual writes their values into the rules as
it parses), the source's text and its place in the cascade (default CSS or not, tie breaker,
scope). Anything else (another theme, another Textual, a changed source, a missing or
unreadable file) is parsed as Textual parses it, so the file can make a start quicker, never
wrong.

The file is pickled Textual objects, read only from the installed package, never from a
place the app writes: unpickling runs code, and the package's own files are code already.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import textual
from textual.css.model import RuleSet
from textual.css.stylesheet import CSSLocation, Stylesheet

SHIPPED = Path(__file__).with_name("stylesheet-cache.pickle")
FORMAT = 1


def textual_version() -> str | None:
    """Textual's version, from the name of its installed metadata folder (importlib.metadata
    takes 15 ms to say it); None where there is no such folder."""
    folder = Path(textual.__file__).parent.parent
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.startswith("textual-")]
    except OSError:
        return None
    found = [name.removeprefix("textual-").removesuffix(".dist-info") for name in names if name.endswith(".dist-info")]
    return found[0] if len(found) == 1 else None


Source = tuple[str, bool, int, str]
"""A source as Textual parses it: its text, whether it is default CSS, tie breaker, scope."""


def read_shipped(version: str | None, variables: dict[str, str], path: Path = SHIPPED) -> dict[Source, bytes]:
    """Each source's pickled rules in the file, if it was made by Textual `version` with these
    theme `variables` (Textual writes their values into the rules as it parses); else none."""
    try:
        stored = pickle.loads(path.read_bytes())  # noqa: S301 - the package's own file, see above
    except Exception:  # noqa: BLE001 - any failure means parsing, as without the file
        return {}
    if (
        not isinstance(stored, dict)
        or stored.get("format") != FORMAT
        or version is None
        or stored.get("textual") != version
        or stored.get("variables") != variables
        or not isinstance(stored.get("rules"), dict)
    ):
        return {}
    return stored["rules"]


class ShippedStylesheet(Stylesheet):
    """A stylesheet that takes a source's rules from the shipped file where it holds them.

    Only the first parse of each source is served: a new theme is parsed by Textual in a
    fresh stylesheet of its own (`reparse`), as before.
    """

    def __init__(self, *, variables: dict[str, str] | None = None, shipped: Path = SHIPPED) -> None:
        super().__init__(variables=variables)
        self._shipped_path = shipped
        self._usable: dict[Source, bytes] = {}
        self._usable_for: dict[str, str] | None = None
        """The variables `_usable` was read for: a new theme sets new ones (`set_variables`)."""
        self.served = 0
        """How many sources were taken from the file (for the tests)."""

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        # Textual's own cache and its key (private; the version constraints.txt pins).
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        if key not in self._parse_cache:
            rules = self._from_file(css, is_default_rules, tie_breaker, scope)
            if rules is not None:
                self._parse_cache[key] = rules
                self.served += 1
        return super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)

    def _from_file(self, css: str, is_default_rules: bool, tie_breaker: int, scope: str) -> list[RuleSet] | None:
        if self._usable_for is not self._variables:
            # Read once for the start's theme; a new theme is another theme's rules: none fit.
            first = self._usable_for is None
            self._usable = read_shipped(textual_version(), self._variables, self._shipped_path) if first else {}
            self._usable_for = self._variables
        blob = self._usable.get((css, is_default_rules, tie_breaker, scope))
        if blob is None:
            return None
        try:
            rules = pickle.loads(blob)  # noqa: S301 - the package's own file, see above
        except Exception:  # noqa: BLE001 - parsed instead
            return None
        if not isinstance(rules, list) or not all(isinstance(rule, RuleSet) for rule in rules):
            return None
        return rules


def build_shipped(sources: set[Source], variables: dict[str, str], target: Path = SHIPPED) -> int:
    """Write the rules of each source, parsed afresh with `variables`, to `target`
    (tools/stylesheet_cache.py); the number of sources written."""
    version = textual_version()
    if version is None:
        raise RuntimeError("Textual's version cannot be found")
    rules: dict[Source, bytes] = {}
    for source in sorted(sources):
        parsed = Stylesheet(variables=variables)._parse_rules(source[0], ("", ""), *source[1:])
        rules[source] = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
    stored = {"format": FORMAT, "textual": version, "variables": dict(variables), "rules": rules}
    target.write_bytes(pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
    return len(rules)
