"""Benchmarks of dropsim: `python -m bench` (the whole harness, see bench/__main__.py) and
`python -m bench.control_plane` (snapshot and journal costs, in-process)."""
