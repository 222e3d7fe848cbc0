"""Production deployment: the round-robin balancer and the tracker store used by run-cluster.sh."""
