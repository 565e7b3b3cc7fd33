"""Analyses of a project snapshot: gaps, fragility of the mesh, inconsistencies, duplicates."""
