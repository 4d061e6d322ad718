"""Vendor-neutral machinery shared by every simulated vendor."""
