"""Domain logic of the WBE vacancy assistant (no Rasa imports here)."""
