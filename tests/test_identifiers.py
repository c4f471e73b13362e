"""CAS check digits and the lookup key names are matched on."""

import pytest

from ingredients.core.identifiers import cas_check_digit, is_valid_cas, lookup_key


@pytest.mark.parametrize("cas", ["38304-91-5", "98319-26-7", "58-85-5", "7732-18-5", "50-00-0"])
def test_real_cas_numbers_validate(cas: str) -> None:
    assert is_valid_cas(cas)


@pytest.mark.parametrize(
    "cas", ["38304-91-6", "58-85-4", "5885-5", "58-85-55", "a8-85-5", "", "1-85-5", "12345678-12-3"]
)
def test_wrong_digits_or_shapes_fail(cas: str) -> None:
    assert not is_valid_cas(cas)


def test_check_digit_weights_run_from_the_right() -> None:
    # Water, 7732-18-5: 8*1 + 1*2 + 2*3 + 3*4 + 7*5 + 7*6 = 105 -> 5.
    assert cas_check_digit("773218") == 5


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("acetyl tetrapeptide 3", "Acetyl tetrapeptide-3"),
        ("ACETYL-TETRAPEPTIDE-3", "Acetyl tetrapeptide-3"),
        ("Biochanin A", "biochanina"),
        ("38304915", "38304-91-5"),
        ("ｍｉｎｏｘｉｄｉｌ", "minoxidil"),
    ],
)
def test_lookup_key_ignores_case_spaces_hyphens_and_width(typed: str, stored: str) -> None:
    assert lookup_key(typed) == lookup_key(stored)
