"""The command line (`python -m bot ...`): referents' commands and the generated rules."""
