"""The spoken content: complete, consistent and faithful to the guide it is taken from."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from skill.content import (
    DIALOG_KEYS,
    LOCALE_DIR,
    LOCALES,
    ContentError,
    load_content,
    placeholders,
)

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_25204eed43d666ab.txt"

TITLES = [
    "Leichten Druck aufbauen",
    "Kreisende Bewegungen ausführen",
    "Fokus auf problematische Zonen",
    "Längere Streichbewegungen einbauen",
    "Gleichmäßige Atmung beibehalten",
    "Sanftes Dehnen zum Abschluss",
    "Regeneration unterstützen",
]

# Every fact of the guide, as words that must be said (rewritten for listening, not dropped).
STEP_FACTS = {
    1: [
        "Hände",
        "Massagehilfsmittel",
        "sanft",
        "Mitte Ihrer Wirbelsäule",
        "leichten Druck",
        "Bereich vor",
        "Muskeln entspannen",
    ],
    2: [
        "entlang der Wirbelsäule",
        "kleinen Kreisen",
        "Muskelstränge",
        "Durchblutung",
        "nicht direkt auf den Wirbeln",
        "Muskulatur daneben",
    ],
    3: [
        "fest oder empfindlich",
        "Variieren Sie den Druck",
        "angenehm",
        "starken Schmerzen",
        "Intensität",
        "ärztlichen Rat",
    ],
    4: [
        "langen Streichbewegungen",
        "von oben nach unten",
        "beruhigt das Gewebe",
        "Spannungen abzubauen",
        "gleichmäßig",
        "langsamen Rhythmus",
    ],
    5: [
        "gesamten Massage",
        "ruhige, gleichmäßige Atmung",
        "Körper zu entspannen",
        "Muskulatur wird weicher",
    ],
    6: [
        "leichten Dehnübungen",
        "Oberkörper vorsichtig",
        "nach vorne",
        "zur Seite",
        "leicht nach hinten",
        "Beweglichkeit der Wirbelsäule",
    ],
    7: [
        "Glas Wasser",
        "Stoffwechsel an",
        "Stoffwechselprodukte aus dem Gewebe",
        "einige Minuten Ruhe",
    ],
}
PREPARATION_FACTS = [
    "zur Ruhe zu kommen",
    "tief und gleichmäßig",
    "Setzen oder legen",
    "bequeme Position",
    "Schultern locker",
    "Nacken",
    "ruhige Umgebung",
]
FAQ_FACTS = {
    "frequency": ["mehrmals pro Woche", "täglich", "leichten Verspannungen"],
    "aids": ["Massagebälle", "Faszienrollen", "Massagestäbe", "schwer erreichen"],
    "chronic_pain": [
        "Linderung",
        "keine ärztliche Diagnose und Therapie",
        "anhaltenden",
        "Facharzt",
    ],
    "when_not": ["akuten Verletzungen", "Entzündungen", "starken Schmerzen", "medizinischen Rat"],
}
TIP_FACTS = {
    "sitting": ["ergonomische Sitzposition", "Bildschirm"],
    "breaks": ["Bewegungspausen", "Alltag"],
    "strength": ["Kräftigungsübungen", "Rücken- und Bauchmuskeln", "Wirbelsäule zu stabilisieren"],
    "warmth": ["Wärmekissen", "warmes Bad", "verspannte Muskeln"],
}


@pytest.fixture(scope="module")
def content():
    return load_content()


def test_steps_follow_the_guide_in_order(content) -> None:
    assert [step.title for step in content.steps] == TITLES


@pytest.mark.skipif(not SEED.exists(), reason="guide source not beside the repository")
def test_titles_are_the_guides_own(content) -> None:
    seed = SEED.read_text(encoding="utf-8")
    seed_titles = re.findall(r"^\d\. (.+)$", seed, flags=re.MULTILINE)
    assert seed_titles == TITLES


@pytest.mark.parametrize("number", range(1, 8))
def test_every_fact_of_each_step_is_said(content, number: int) -> None:
    spoken = " ".join(content.step(number).instructions)
    missing = [fact for fact in STEP_FACTS[number] if fact not in spoken]
    assert not missing, f"step {number} lost: {missing}"


def test_preparation_keeps_every_fact(content) -> None:
    spoken = " ".join(content.preparation.instructions)
    assert [fact for fact in PREPARATION_FACTS if fact not in spoken] == []


@pytest.mark.parametrize("faq_id", sorted(FAQ_FACTS))
def test_faq_answers_keep_every_fact(content, faq_id: str) -> None:
    spoken = " ".join(content.faq[faq_id].answer)
    assert [fact for fact in FAQ_FACTS[faq_id] if fact not in spoken] == []


@pytest.mark.parametrize("tip_id", sorted(TIP_FACTS))
def test_tips_keep_every_fact(content, tip_id: str) -> None:
    tip = content.tip(tip_id)
    assert tip is not None
    assert [fact for fact in TIP_FACTS[tip_id] if fact not in tip.text] == []


def test_every_faq_in_the_data_has_its_facts_checked(content) -> None:
    """A new FAQ needs its facts in FAQ_FACTS: the fact test covers every FAQ in the data."""
    assert set(content.faq) == set(FAQ_FACTS)


def test_every_faq_has_its_own_intent(content) -> None:
    intents = [faq.intent for faq in content.faq.values()]
    assert len(set(intents)) == len(intents)
    assert all(name.startswith("Faq") and name.endswith("Intent") for name in intents)


def test_breathing_steps_and_massage_steps(content) -> None:
    assert content.preparation.practice == "breathing"
    kinds = {number: content.step(number).practice for number in range(1, 8)}
    assert kinds[5] == "breathing"
    assert all(kind == "massage" for number, kind in kinds.items() if number != 5)
    assert all(content.step(n).cues for n in kinds if kinds[n] == "massage")


def test_every_dialog_key_is_present_and_uses_only_allowed_placeholders(content) -> None:
    for section, keys in DIALOG_KEYS.items():
        assert set(content.dialog[section]) == set(keys)
        for key, allowed in keys.items():
            assert placeholders(content.dialog[section][key]) <= allowed


def test_every_dialog_key_is_spoken_somewhere() -> None:
    """No dead content: each key DIALOG_KEYS requires is used by the skill's code."""
    package = Path(__file__).resolve().parents[1] / "skill"
    code = "".join(path.read_text(encoding="utf-8") for path in package.rglob("*.py"))
    unused = [
        f"{section}.{key}"
        for section, keys in DIALOG_KEYS.items()
        for key in keys
        if f'"{section}.{key}"' not in code
    ]
    assert unused == []


def test_every_locale_has_content() -> None:
    models = Path(__file__).resolve().parents[1] / "interaction_models"
    model_locales = {path.stem for path in models.glob("*.json")}
    assert model_locales == set(LOCALES)
    for locale in LOCALES:
        assert load_content(locale).steps


def test_spoken_content_addresses_the_user_as_sie(content) -> None:
    texts = [text for section in content.dialog.values() for text in section.values()]
    texts += [s for step in content.steps for s in step.instructions + step.cues]
    informal = re.compile(r"\b(du|dich|dir|dein|deine|deinen)\b", re.IGNORECASE)
    assert [text for text in texts if informal.search(text)] == []


def _copy_locale(tmp_path: Path) -> Path:
    shutil.copytree(LOCALE_DIR / "de-DE", tmp_path / "de-DE")
    return tmp_path


def test_missing_dialog_key_stops_start_up(tmp_path: Path) -> None:
    root = _copy_locale(tmp_path)
    dialog = root / "de-DE" / "dialog.toml"
    dialog.write_text(
        re.sub(r"^goodbye = .*$", "", dialog.read_text(encoding="utf-8"), flags=re.MULTILINE),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="goodbye"):
        load_content("de-DE", root)


def test_unknown_placeholder_stops_start_up(tmp_path: Path) -> None:
    root = _copy_locale(tmp_path)
    dialog = root / "de-DE" / "dialog.toml"
    text = dialog.read_text(encoding="utf-8").replace(
        "{seconds} Sekunden pro", "{sekunden} Sekunden pro"
    )
    dialog.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match="sekunden"):
        load_content("de-DE", root)


def test_a_missing_step_stops_start_up(tmp_path: Path) -> None:
    root = _copy_locale(tmp_path)
    guide = root / "de-DE" / "guide.toml"
    text = guide.read_text(encoding="utf-8")
    last = text.rindex("[[steps]]")
    guide.write_text(text[:last] + text[text.index("[closing]") :], encoding="utf-8")
    with pytest.raises(ContentError, match="exactly 7"):
        load_content("de-DE", root)


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    root = _copy_locale(tmp_path)
    (root / "de-DE" / "faq.toml").write_text("[[faq]\nid = ", encoding="utf-8")
    with pytest.raises(ContentError, match=r"faq\.toml"):
        load_content("de-DE", root)
