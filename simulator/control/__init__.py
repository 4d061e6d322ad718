"""The /_sim/ control plane: health, reset and the per-account clocks."""
