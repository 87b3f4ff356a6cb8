import pytest
from argon2 import PasswordHasher

from config import Config, TestConfig
from riskapp.auth.passwords import password_problem


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short pass", "12 characters or more"),
        ("Password1234567", "too common"),
        ("CSEriskTool2026!", "name of this service"),
        ("Luton-is-lovely-2026", "name of this service"),
        ("dana.nurse.rocks.2026", "your name or email"),
        ("aaaaaaaaaaaaaaaa", "repeat the same few characters"),
    ],
)
def test_weak_passwords_are_refused_with_guidance(password, problem):
    message = password_problem(password, email="dana.nurse@example.org", full_name="Dana Nurse")
    assert message is not None and problem in message


def test_long_unicode_passphrases_are_accepted_exactly_as_typed():
    passphrase = "ŵyau ar y bwrdd 🥚 a'r tebot yn berwi ar y stôf yn y gegin fach"
    assert 60 <= len(passphrase) <= 256
    assert password_problem(passphrase) is None


@pytest.mark.parametrize("config", [Config, TestConfig])
def test_argon2id_parameters_meet_asvs_appendix_c(config):
    # ASVS 5.0 Appendix C: argon2id with t >= 2, m >= 19 MiB, p = 1 (or stronger).
    assert config.ARGON2_TIME_COST >= 2
    assert config.ARGON2_MEMORY_COST_KIB >= 19 * 1024
    assert config.ARGON2_PARALLELISM >= 1
    hasher = PasswordHasher(
        time_cost=config.ARGON2_TIME_COST,
        memory_cost=config.ARGON2_MEMORY_COST_KIB,
        parallelism=config.ARGON2_PARALLELISM,
    )
    encoded = hasher.hash("example passphrase")
    assert encoded.startswith(f"$argon2id$v=19$m={config.ARGON2_MEMORY_COST_KIB},t={config.ARGON2_TIME_COST},")
