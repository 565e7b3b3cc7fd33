"""Tests of the pure analysis engine."""
