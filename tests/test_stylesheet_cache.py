"""The stylesheet's rules shipped with the package are the rules Textual parses, serve every
source a start and the four areas use, and are never used where they would be wrong."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from textual.app import App
from textual.css import stylesheet as textual_stylesheet
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from relasjon_tui import paths
from relasjon_tui.ui import stylesheet_cache
from relasjon_tui.ui.stylesheet_cache import SHIPPED, ShippedStylesheet, read_shipped, textual_version

APP_CSS = paths.stylesheet().read_text(encoding="utf-8")


def _variables(theme: str) -> dict[str, str]:
    app = App()
    app.theme = theme
    return app.get_css_variables()


def _look(rules: list[RuleSet]) -> list[tuple[object, ...]]:
    """What a rule set does: its selectors, declarations and place in the cascade. (Values by
    their repr: a layout is an object that compares by identity.)"""
    return [(rule.selector_set, repr(sorted(rule.styles.get_rules().items())), rule.selector_names,
             rule.pseudo_classes, rule.is_default_rules, rule.tie_breaker, rule.styles.important)
            for rule in rules]  # fmt: skip


def _fresh(css: str, variables: dict[str, str], *source: object) -> list[RuleSet]:
    return Stylesheet(variables=variables)._parse_rules(css, ("", ""), *source)  # type: ignore[arg-type]


def _stored() -> dict:
    return pickle.loads(SHIPPED.read_bytes())


def test_the_shipped_rules_are_those_textual_parses_from_each_source() -> None:
    stored = _stored()
    assert stored["textual"] == textual_version()
    assert stored["variables"] == _variables("textual-dark")
    assert (APP_CSS, False, 0, "") in stored["rules"], "styles/app.tcss changed: run .venv/bin/python tools/stylesheet_cache.py"
    for (css, is_default, tie_breaker, scope), blob in stored["rules"].items():
        assert _look(pickle.loads(blob)) == _look(_fresh(css, stored["variables"], is_default, tie_breaker, scope))


@pytest.mark.parametrize("size", [(140, 40), (80, 24)])
async def test_a_start_and_a_visit_to_each_area_parse_no_css(make_app, monkeypatch, size) -> None:
    parsed: list[str] = []
    parse = textual_stylesheet.parse

    def counted(scope, css, *args, **kwargs):  # noqa: ANN001, ANN202
        parsed.append(css.strip()[:40])
        return parse(scope, css, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counted)
    app = make_app()
    async with app.run_test(size=size, tooltips=True, notifications=True) as pilot:
        await pilot.pause()
        for key in "2341":
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.stylesheet, ShippedStylesheet)
        assert app.stylesheet.served >= 10
    assert parsed == [], "a stylesheet source changed: run .venv/bin/python tools/stylesheet_cache.py"


def test_the_rules_of_another_theme_are_parsed_not_taken_from_the_file() -> None:
    nord = _variables("nord")
    sheet = ShippedStylesheet(variables=nord)
    sheet.add_source(APP_CSS, read_from=("app.tcss", ""))
    sheet.parse()
    assert sheet.served == 0
    assert _look(sheet.rules) == _look(_fresh(APP_CSS, nord))


def test_a_theme_chosen_after_the_start_is_never_served_the_start_themes_rules() -> None:
    # Textual sets a new theme's variables on the app's own stylesheet; a widget mounted after
    # that adds its source to it, parsed there.
    dark, nord = _variables("textual-dark"), _variables("nord")
    sheet = ShippedStylesheet(variables=dark)
    sheet.add_source(APP_CSS, read_from=("app.tcss", ""))
    sheet.parse()
    assert sheet.served == 1
    sheet.set_variables(nord)
    sheet.add_source(APP_CSS, read_from=("again.tcss", ""))
    sheet.parse()
    assert sheet.served == 1
    assert _look(sheet.rules) == _look(_fresh(APP_CSS, nord)) * 2


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a pickle", pickle.dumps([1, 2]), pickle.dumps({"format": 99}),
     pickle.dumps({"format": 1, "textual": "0.0", "variables": {}, "rules": {}})],  # fmt: skip
)
def test_a_missing_damaged_or_foreign_file_means_textual_parses_as_before(tmp_path: Path, damage: bytes) -> None:
    dark = _variables("textual-dark")
    damaged = tmp_path / "stylesheet-cache.pickle"
    damaged.write_bytes(damage)
    for path in (damaged, tmp_path / "missing.pickle"):
        sheet = ShippedStylesheet(variables=dark, shipped=path)
        sheet.add_source(APP_CSS, read_from=("app.tcss", ""))
        sheet.parse()
        assert sheet.served == 0
        assert _look(sheet.rules) == _look(_fresh(APP_CSS, dark))


def test_rules_of_another_textual_are_not_used(monkeypatch) -> None:
    dark = _variables("textual-dark")
    assert read_shipped(textual_version(), dark)
    monkeypatch.setattr(stylesheet_cache, "textual_version", lambda: "0.1.0")
    sheet = ShippedStylesheet(variables=dark)
    sheet.add_source(APP_CSS, read_from=("app.tcss", ""))
    sheet.parse()
    assert sheet.served == 0
    assert read_shipped(None, dark) == {}
