"""The secretary's page of cases not yet delivered to the remote hub (filled in below)."""
