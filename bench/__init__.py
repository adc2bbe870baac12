"""Linli's benchmark harness: `python -m bench.run --help` (or `make bench`).

Generates a city at a named scale, serves the app with gunicorn, drives it with
wrk and writes bench/results.json and bench/RESULTS.md.
"""
