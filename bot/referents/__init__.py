"""Forwarding (one name for the feature): a candidate's question goes to a referent, who answers it.

A forwarded question is a *ticket* (table `tickets`); the referents' side is their
*inbox* (CLI and web). Modules by job: candidate-side forwarding, the ticket queue
and spool, the desk (what a referent does), accounts, audit log, dashboard counts.
"""
