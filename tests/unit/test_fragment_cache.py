"""The fragment cache's own rules: at most so many fragments, the least recently used dropped
first, none kept longer than its time, and nothing kept when it is turned off."""

from riskapp.fragments import FragmentCache


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_kept_fragment_is_served_until_its_time_is_up():
    clock = Clock()
    cache = FragmentCache(entries=10, seconds=60, clock=clock)
    cache.put("record", "<p>kept</p>")
    clock.now += 59
    assert cache.get("record") == "<p>kept</p>"
    clock.now += 2
    assert cache.get("record") is None
    assert (cache.hits, cache.misses) == (1, 1)


def test_the_least_recently_used_fragment_goes_first():
    cache = FragmentCache(entries=2, seconds=60, clock=Clock())
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"  # "b" is now the least recently used
    cache.put("c", "C")
    assert cache.get("b") is None
    assert cache.get("a") == "A" and cache.get("c") == "C"


def test_turned_off_it_keeps_nothing():
    for entries, seconds in ((0, 60), (10, 0)):
        cache = FragmentCache(entries=entries, seconds=seconds, clock=Clock())
        cache.put("a", "A")
        assert cache.get("a") is None
