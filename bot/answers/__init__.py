"""Answers composed from the offer's facts, each sentence with its source: composers per topic, statements, the offer reader."""
