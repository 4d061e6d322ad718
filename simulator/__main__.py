"""`python -m simulator` runs the dropsim command line."""
from .cli import main

main()
