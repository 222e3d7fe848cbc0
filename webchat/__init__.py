"""Accessible web chat for the WBE candidate assistant (a custom Rasa input channel)."""
