"""Everything `rasa run` loads from this project: the input channels (REST with
input limits, the accessible web chat), their shared guard and admission
control, the NLU pipeline steps named in config.yml, the conversation (tracker)
store named in deploy/endpoints.production.yml, and the one patch of a Rasa
internal (`rasa_patch`), applied explicitly when the channels are built.

Runs on the Rasa server's Python (3.10, `.venv`); imports from `bot` only the
modules listed in tests/unit/test_shared_bot_code.py.
"""
