"""The catalogue: which questionnaire and label files are shipped, stored and in force.

``questionnaires``: the questionnaire versions (shipped in questionnaires/, stored in the database)
and the active one, parsed once per process. ``labels``: the chronology's words and the indicators
each kind of entry is evidence of (questionnaires/chronology.yaml). Every feature reads the rules
in force through here; nothing here imports a feature.
"""
