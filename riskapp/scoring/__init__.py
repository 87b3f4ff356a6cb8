"""The scoring core: a young person's whole chronology plus the active rules in, a band and its
reasons out. Plain Python over plain data: nothing here imports Flask or the database."""

# 1.1: the repeat-missing flag. 2.0: every fact counts (incidents, notes, episodes' facts), own harm
# always counts, the past-harm floor, agency views with "screened, no concerns" and disagreement,
# UK calendar days, no rising trend without earlier history, an unstated return interview is not late.
ENGINE_VERSION = "2.0.1"
