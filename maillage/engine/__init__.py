"""Maillage's pure-Python engine: analysis and optimisation on project snapshots.

Nothing here imports Django: the engine reads `ProjectSnapshot` objects, built from the database
by `maillage.projects.snapshot` or from a project file, and returns plain results.
"""
