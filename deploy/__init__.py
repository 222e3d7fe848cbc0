"""Production deployment: the tracker store used by run-cluster.sh (HAProxy's config is deploy/haproxy.cfg)."""
