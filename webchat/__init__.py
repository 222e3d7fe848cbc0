"""HTTP channels of the assistant (REST with input limits, accessible web chat), loaded by Rasa."""
from webchat import speedups

# Every deployment loads these channels, so the Rasa server process gets the
# fixes whatever the mode (run.sh, run-cluster.sh, bench).
speedups.install()
