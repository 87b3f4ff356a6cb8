"""Password hashing (argon2id) and the password policy for new passwords."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 256

# A short list of the most common passwords that meet the length rule, plus words that anyone
# attacking this service would try first (ASVS 5 6.2.4 and 6.2.11).
COMMON_PASSWORDS = {
    "password1234",
    "password12345",
    "password123456",
    "password1234567",
    "passw0rd1234",
    "qwertyuiop123",
    "123456789012",
    "1234567890123",
    "iloveyou1234",
    "letmein12345",
    "welcome12345",
    "administrator",
    "changeme1234",
}
CONTEXT_WORDS = ("riskapp", "cse", "bedford", "luton", "safeguarding", "password", "qwerty")


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST_KIB"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_dummy_hash_cache: dict[tuple, str] = {}


def burn_equal_time(password: str) -> None:
    """Spend the same time as a real verification, for sign-ins to accounts that do not exist,
    so that timing does not tell an attacker which email addresses have accounts."""
    hasher = _hasher()
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if key not in _dummy_hash_cache:
        _dummy_hash_cache[key] = hasher.hash("not-a-real-account-password")
    verify_password(_dummy_hash_cache[key], password)


def password_problem(password: str, *, email: str = "", full_name: str = "") -> str | None:
    """Return a GOV.UK-style message if the password may not be used, else None."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS:
        return "Password is too common. Use a longer phrase, such as three random words"
    if any(word in lowered for word in CONTEXT_WORDS):
        return "Password must not contain the name of this service, an area or the word password"
    personal = [part for part in email.lower().split("@")[0].replace(".", " ").split() if len(part) > 3]
    personal += [part for part in full_name.lower().split() if len(part) > 3]
    if any(part in lowered for part in personal):
        return "Password must not contain your name or email address"
    if len(set(password)) < 5:
        return "Password must not repeat the same few characters"
    return None
