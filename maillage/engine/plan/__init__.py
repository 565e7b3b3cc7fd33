"""The plan as frozen in a version, the differences between two plans, and the rolling window.

Pure Python (no Django): the planning app converts its models to `Plan` and back to JSON.
"""
