"""Components that the Rasa server itself loads from config.yml (NLU pipeline additions)."""
