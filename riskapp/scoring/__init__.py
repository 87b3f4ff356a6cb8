"""The scoring core: a young person's whole chronology plus the active rules in, a band and its
reasons out. Plain Python over plain data: nothing here imports Flask or the database."""

ENGINE_VERSION = "1.1.0"  # 1.1: the repeat-missing flag
