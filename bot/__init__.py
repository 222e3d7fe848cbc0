"""The assistant's own code, without Rasa: domain rules, parsing, answers, storage, referents, mail, CLI.

Map: docs/architecture.md. Runs on Python 3.12 (.venv-app) and, for the part the
Rasa server loads, on 3.10 (.venv).
"""
