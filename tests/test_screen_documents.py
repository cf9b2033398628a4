"""The APL document as data: APL's shape, bindings that resolve, viewports, manifest, packaging."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from apl_bindings import Checker, binding_errors, expressions, rendered_send_events, shape_errors
from screen_requests import ask, screen_of
from test_skill_requests import STATES

from skill import intents
from skill.content import ContentError
from skill.handlers.screen import DOCUMENT_PATH, screen_document
from skill.packaging.lambda_zip import skill_entries
from skill.packaging.sources import default_sources
from skill.screen_labels import BUTTONS, load_labels

ROOT = Path(__file__).resolve().parent.parent
APL_FILES = sorted((ROOT / "skill" / "apl").glob("*.json"))


@pytest.fixture
def step_screen(handler) -> dict:
    """The directive of a step with a practice, buttons and progress dots: every part in use."""
    return screen_of(ask(handler, intents.NEXT, STATES["step2"]))


def test_every_document_is_json_in_apls_shape() -> None:
    assert [path.name for path in APL_FILES] == ["screen.json"]
    for path in APL_FILES:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert shape_errors(document) == [], path.name
    assert screen_document() == json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(version="1.0"), "version"),
        (lambda d: d.update(typ="APL"), "unknown top-level"),
        (lambda d: d["import"].pop(), "imports"),
        (lambda d: d["mainTemplate"].pop("parameters"), "parameters"),
        (lambda d: d["mainTemplate"]["items"][0]["item"].update(type="Box"), "unknown component"),
        (lambda d: d["mainTemplate"]["items"][0]["item"].pop("type"), "without type"),
        (lambda d: _container(d)["onMount"][0].update(type="Wait"), "unknown command"),
        (lambda d: d["resources"][2]["dimensions"].update(extra="1dp"), "exist only under"),
    ],
)
def test_the_shape_check_finds_shape_mistakes(change, expected: str) -> None:
    document = copy.deepcopy(screen_document())
    change(document)
    errors = shape_errors(document)
    assert any(expected in error for error in errors), errors


def _container(document: dict) -> dict:
    return document["mainTemplate"]["items"][0]["item"]


def test_the_binding_check_walks_every_expression(step_screen) -> None:
    text = json.dumps(step_screen["document"])
    assert len(expressions(text)) > 40  # the check below is not vacuous
    checker = Checker(step_screen["document"], step_screen["datasources"]).run()
    assert checker.errors == []
    assert len(checker.send_events) == 4  # one per button of a step


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("${S.title}", "${S.titel}", "no 'titel'"),
        ("${payload.screen.properties}", "${payload.screens.properties}", "no 'screens'"),
        ("${data.label}", "${data.lable}", "no 'lable'"),
        ("now >= P.segments[seg].endMs", "now >= P.segments[seg].endMS", "no 'endMS'"),
        ('"@colorText"', '"@colourText"', "unknown resource @colourText"),
        ("@colorAccent :", "@colorAcent :", "unknown resource @colorAcent"),
        ("${left % 60}", "${rest % 60}", "unknown name 'rest'"),
        ("Math.ceil(", "Math.ceiling(", "unknown function Math.ceiling"),
        ('"property": "done"', '"property": "finished"', "not a bind here"),
    ],
)
def test_the_binding_check_catches_a_bad_binding(step_screen, old, new, expected) -> None:
    text = json.dumps(step_screen["document"])
    assert old in text
    broken = json.loads(text.replace(old, new, 1))
    errors = binding_errors(broken, step_screen["datasources"])
    assert any(expected in error for error in errors), errors


def test_the_binding_check_catches_a_datasource_missing_a_field(step_screen) -> None:
    datasources = copy.deepcopy(step_screen["datasources"])
    del datasources["screen"]["properties"]["practice"]["segments"][1]["doneMs"]
    errors = binding_errors(step_screen["document"], datasources)
    assert any("no 'doneMs'" in error for error in errors), errors


@pytest.mark.parametrize("shape", ["rectangle", "round"])
def test_buttons_send_their_own_id_after_a_fixed_first_argument(step_screen, shape) -> None:
    """Once per button on every screen shape (on the round Spot they scroll with the text)."""
    events = rendered_send_events(step_screen["document"], step_screen["datasources"], shape)
    shown = step_screen["datasources"]["screen"]["properties"]["buttons"]
    assert events == [["button", button["id"]] for button in shown]


def test_parts_for_one_screen_shape_are_checked_on_that_shape(step_screen) -> None:
    text = json.dumps(step_screen["document"])
    old = '"type": "AlexaProgressBarRadial", "when": "${round}"'
    assert old in text
    broken = json.loads(text.replace(old, old + ', "bufferValue": "${P.totalSeconds}"', 1))
    errors = binding_errors(broken, step_screen["datasources"])
    assert errors and all(error.startswith("[round]") for error in errors), errors


def test_viewport_profiles_cover_the_devices_and_text_stays_large() -> None:
    document = screen_document()
    profiles = [
        re.fullmatch(r"\$\{@viewportProfile == @(\w+)\}", block["when"]).group(1)
        for block in document["resources"]
        if "when" in block
    ]
    assert sorted(profiles) == sorted(
        ["hubLandscapeSmall", "hubLandscapeLarge", "hubLandscapeXLarge", "tvLandscapeXLarge",
         "hubRoundSmall"]
    )  # fmt: skip
    for block in document["resources"]:
        sizes = block.get("dimensions", {})
        if sizes:  # readable from a distance: body text at least 20 dp everywhere
            assert int(sizes["bodySize"].removesuffix("dp")) >= 20, block.get("description")
            assert int(sizes["titleSize"].removesuffix("dp")) > int(sizes["bodySize"][:-2])


# The devices the issue names, as (mode, shape, width, height) in dp.
DEVICES = {
    "Echo Spot": ("HUB", "ROUND", 480, 480),
    "Echo Show 5": ("HUB", "RECTANGLE", 960, 480),
    "Echo Show 8": ("HUB", "RECTANGLE", 960, 600),
    "Echo Show 10": ("HUB", "RECTANGLE", 1280, 800),
    "Echo Show 15": ("HUB", "RECTANGLE", 1920, 1080),
    "Fire TV": ("TV", "RECTANGLE", 960, 540),
}


@pytest.mark.parametrize("device", sorted(DEVICES))
def test_manifest_declares_apl_for_each_device(device: str) -> None:
    manifest = json.loads((ROOT / "skill.json").read_text(encoding="utf-8"))["manifest"]
    interfaces = manifest["apis"]["custom"]["interfaces"]
    (apl,) = [item for item in interfaces if item["type"] == "ALEXA_PRESENTATION_APL"]
    mode, shape, width, height = DEVICES[device]
    matching = [
        viewport
        for viewport in apl["supportedViewports"]
        if viewport["mode"] == mode
        and viewport["shape"] == shape
        and viewport["minWidth"] <= width <= viewport["maxWidth"]
        and viewport["minHeight"] <= height <= viewport["maxHeight"]
    ]
    assert len(matching) == 1, matching


def test_labels_cover_every_button_and_heading() -> None:
    labels = load_labels()
    assert set(labels.buttons) == set(BUTTONS)
    assert all(label and len(label) <= 14 for label in labels.buttons.values())  # one short word


def _copy_locale(tmp_path: Path) -> Path:
    source = ROOT / "skill" / "locale" / "de-DE" / "screen.toml"
    folder = tmp_path / "de-DE"
    folder.mkdir()
    (folder / "screen.toml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return folder / "screen.toml"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('yes = "Ja"\n', "", r"\[buttons\] must have exactly"),
        ('tip = "Tipp"', 'tipp = "Tipp"', r"\[headings\] must have exactly"),
        ("Schritt {number} von {total}", "Schritt {nummer}", "unknown placeholder"),
        ('pause = "Pause"\n', 'pause = ""\n', "empty"),
        ("[buttons]", "[buttons", "screen.toml"),
    ],
)
def test_a_mistake_in_screen_toml_stops_start_up(tmp_path, old, new, expected) -> None:
    path = _copy_locale(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError, match=expected):
        load_labels("de-DE", tmp_path)


def test_lambda_zip_carries_the_document_and_the_labels() -> None:
    names = set(skill_entries(default_sources()))
    assert "skill/apl/screen.json" in names
    assert "skill/locale/de-DE/screen.toml" in names


def test_answers_without_a_screen_load_no_apl_at_all() -> None:
    """Cold start stays as it was for voice-only devices: no APL models, no display model, no
    document read."""
    code = textwrap.dedent(
        f"""
        import json, os, sys
        os.environ["RUECKENMASSAGE_STORE"] = "memory://"
        sys.path.insert(0, {str(ROOT / "lambda")!r})
        import lambda_function
        from skill.chat import envelopes
        from skill.handlers.screen import screen_document
        lambda_function.lambda_handler(envelopes.launch_request(), None)
        screen_modules = ("skill.display", "skill.screen_data", "skill.screen_timeline")
        before = sorted(
            m for m in sys.modules if ".presentation.apl" in m or m in screen_modules
        )
        reads = screen_document.cache_info().misses
        lambda_function.lambda_handler(
            envelopes.launch_request(supported_interfaces=envelopes.APL_INTERFACE), None)
        after = any(".presentation.apl" in m for m in sys.modules)
        print(json.dumps([before, reads, after, screen_document.cache_info().misses]))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    before, reads, after, reads_after = json.loads(result.stdout.strip().splitlines()[-1])
    assert (before, reads) == ([], 0)
    assert (after, reads_after) == (True, 1)
