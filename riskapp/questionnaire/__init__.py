"""The questionnaire engine: reads, checks and describes definition files (questionnaires/).

Plain Python: nothing here imports Flask or the database, so the CLI, the web app and the tests
all use the same parser and the same rules.
"""
