"""Patient initials and search keys: pinyin for Chinese names, ASCII folding for Latin ones."""

from __future__ import annotations

import pytest

from coordinator.records.names import initials, pinyin_key, search_key


# -- Chinese names ------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected_initials", "expected_key"), [
    ("张三丰", "ZSF", "zhangsanfeng"),
    ("欧阳娜娜", "OYNN", "ouyangnana"),
    ("李明", "LM", "liming"),
    ("王小红", "WXH", "wangxiaohong"),
    ("诸葛亮", "ZGL", "zhugeliang"),
])
def test_chinese_names(name, expected_initials, expected_key):
    assert initials(name) == expected_initials
    assert pinyin_key(name) == expected_key


def test_one_initial_per_han_character_including_compound_surnames():
    # 欧阳 is one surname but two characters: CRF convention is one letter per character.
    assert initials("欧阳娜娜") == "OYNN"
    assert len(initials("司马相如")) == 4


def test_chinese_name_with_spaces_or_padding():
    assert initials("  张三丰 ") == "ZSF"
    assert initials("张 三丰") == "ZSF"
    assert pinyin_key(" 张 三 丰 ") == "zhangsanfeng"


def test_pinyin_key_has_no_tones_and_only_ascii():
    key = pinyin_key("吕绿")
    assert key.isascii()
    assert key == key.lower()
    assert key.startswith("l")


@pytest.mark.parametrize(("name", "expected_initials", "expected_key"), [
    ("曾小贤", "ZXX", "zengxiaoxian"),   # 曾 as a surname is Zeng, not ceng
    ("单雄信", "SXX", "shanxiongxin"),   # 单 as a surname is Shan, not dan
    ("仇大勇", "QDY", "qiudayong"),      # 仇 as a surname is Qiu, not chou
    ("区志强", "OZQ", "ouzhiqiang"),     # 区 as a surname is Ou, not qu
])
def test_polyphonic_surnames_use_their_surname_reading(name, expected_initials, expected_key):
    # Initials go on every CRF page; the surname reading is the one the patient signs with.
    assert initials(name) == expected_initials
    assert pinyin_key(name) == expected_key


# -- Latin names --------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected_initials", "expected_key"), [
    ("Mary-Jane Watson", "MJW", "maryjanewatson"),
    ("Jean-Luc Picard", "JLP", "jeanlucpicard"),
    ("José Álvarez", "JA", "josealvarez"),
    ("Zoë Saldaña-Nazario", "ZSN", "zoesaldananazario"),
    ("Ngô Bảo Châu", "NBC", "ngobaochau"),
    ("O'Brien Seán", "OBS", "obriensean"),
    ("john ronald reuel tolkien", "JRRT", "johnronaldreueltolkien"),
    ("J. R. R. Tolkien", "JRRT", "jrrtolkien"),
    ("Émile Zola", "EZ", "emilezola"),
])
def test_latin_names_with_hyphens_and_accents(name, expected_initials, expected_key):
    assert initials(name) == expected_initials
    assert pinyin_key(name) == expected_key


@pytest.mark.parametrize(("name", "expected_initials", "expected_key"), [
    ("Łukasz Nowak", "LN", "lukasznowak"),
    ("Øyvind Hansen", "OH", "oyvindhansen"),
])
def test_latin_letters_with_a_stroke_keep_their_base_letter(name, expected_initials, expected_key):
    # Ł and Ø have no NFKD decomposition; dropping them loses the initial (Łukasz -> "U").
    assert initials(name) == expected_initials
    assert pinyin_key(name) == expected_key


def test_initials_are_capped_at_twelve_letters():
    assert initials("A B C D E F G H I J K L M N") == "ABCDEFGHIJKL"
    assert initials("张三丰张三丰张三丰张三丰张三丰") == "ZSFZSFZSFZSF"


def test_initials_are_only_capital_ascii_letters():
    for name in ("张三丰", "Zoë Saldaña-Nazario", "O'Brien Seán", "李 Lily 2nd"):
        result = initials(name)
        assert result and all("A" <= letter <= "Z" for letter in result), (name, result)


def test_a_name_with_no_letters_has_no_initials():
    assert initials("") == ""
    assert initials("   ") == ""
    assert initials("123") == ""


# -- mixed Chinese and Latin --------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected_initials", "expected_key"), [
    ("李 Lily", "LL", "lilily"),
    ("王Anna", "WA", "wanganna"),
    ("Anna王", "AW", "annawang"),
    ("张三丰 John Smith", "ZSFJS", "zhangsanfengjohnsmith"),
    ("Marie 欧阳娜娜", "MOYNN", "marieouyangnana"),
])
def test_mixed_chinese_and_latin(name, expected_initials, expected_key):
    assert initials(name) == expected_initials
    assert pinyin_key(name) == expected_key


def test_pinyin_key_keeps_digits():
    assert pinyin_key("张三 2") == "zhangsan2"


# -- search keys --------------------------------------------------------------------------------

def test_search_key_ignores_case_and_all_whitespace():
    assert search_key("  Zhang San Feng ") == "zhangsanfeng"
    assert search_key("ZHANGsan\tfeng\n") == "zhangsanfeng"
    assert search_key("Zhang San Feng") == search_key("zhangsanfeng")


def test_search_key_removes_ideographic_space():
    assert search_key("张\u3000三丰") == "张三丰"


def test_search_key_casefolds_rather_than_lowercases():
    assert search_key("Straße") == "strasse"
    assert search_key("STRASSE") == search_key("straße")


def test_search_key_keeps_han_characters_and_punctuation():
    assert search_key("欧阳 娜娜") == "欧阳娜娜"
    assert search_key("R-0001") == "r-0001"


def test_typed_pinyin_finds_a_chinese_name():
    assert search_key("Zhang SanFeng") == pinyin_key("张三丰")
    assert search_key("OUYANG nana") == pinyin_key("欧阳娜娜")
