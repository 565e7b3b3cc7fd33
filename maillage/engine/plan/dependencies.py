"""Finish-to-start dependencies between tasks: a task may not (even indirectly) wait for itself."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def dependency_cycle(
    task: int, predecessors: Iterable[int], others: Mapping[int, Iterable[int]]
) -> list[int] | None:
    """The chain `task ← p ← … ← task` that giving `task` these `predecessors` would close, or
    None. `others` maps every other task to its predecessors (the entry of `task` is ignored)."""
    graph = {key: list(value) for key, value in others.items() if key != task}
    graph[task] = list(predecessors)
    # Depth-first from `task` along predecessor links; meeting `task` again closes a cycle.
    stack: list[tuple[int, list[int]]] = [(task, [task])]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        for predecessor in graph.get(node, ()):
            if predecessor == task:
                return [*path, task]
            if predecessor not in seen:
                seen.add(predecessor)
                stack.append((predecessor, [*path, predecessor]))
    return None
