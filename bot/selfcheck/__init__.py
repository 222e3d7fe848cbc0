"""The eligibility self-check (one name for the feature): its rules, its question order, its questions and its verdict. Pure."""
