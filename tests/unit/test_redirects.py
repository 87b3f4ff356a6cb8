import pytest

from riskapp.auth.redirects import safe_next


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "evil.example",
        "/young-people/\r\nSet-Cookie: x=1",
        "",
        None,
    ],
)
def test_unsafe_targets_fall_back_to_the_default(target):
    assert safe_next(target, "/") == "/"


@pytest.mark.parametrize("target", ["/young-people/", "/young-people/abc/edit?x=1", "/audit?page=2"])
def test_same_site_paths_are_kept(target):
    assert safe_next(target, "/") == target
