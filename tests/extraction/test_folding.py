"""One Arabic folding table (events.extraction.normalize.LETTER_FOLDS) behind the extractor's
matching, the full-text search strings (and migration 0002's frozen copy) and the review's search
for an alias in raw article text."""

import importlib
import re

from events.extraction.normalize import (
    LETTER_FOLDS,
    fold,
    fold_for_search,
    folded_variants,
    normalize_name,
    search_fold_strings,
)


def test_it_keeps_the_migrations_frozen_fold_strings_equal_to_the_live_table():
    migration = importlib.import_module("events.migrations.0002_api_indexes")
    assert (migration.FOLD_FROM, migration.FOLD_TO) == search_fold_strings()


def test_it_folds_search_text_as_the_extractor_folds_letters_except_persian_digits():
    text = "أإآٱ ى ة ؤ ئ ک ی ے ٠١٢٣٤٥٦٧٨٩"
    assert fold_for_search(text) == fold(text)
    assert fold_for_search("إِسْـلام") == "اسلام"  # harakat and tatweel dropped, as in the index
    assert fold_for_search("۳") == "۳"  # not in the indexes built by migration 0002


def test_it_lets_the_review_search_find_every_spelling_that_folds_to_a_letter():
    variants = folded_variants()
    for source, target in LETTER_FOLDS.items():
        assert source in variants[target] and target in variants[target]
    pattern = re.compile("".join(f"[{variants.get(c, c)}]" for c in normalize_name("إدلب")))
    assert pattern.fullmatch("ادلب") and pattern.fullmatch("إدلب") and pattern.fullmatch("أدلب")
    digits = re.compile(f"[{variants['3']}]")
    assert digits.fullmatch("٣") and digits.fullmatch("۳") and digits.fullmatch("3")
