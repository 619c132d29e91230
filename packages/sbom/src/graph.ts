/**
 * Every node reachable from `starts` over `edges` (iterative: lockfile graphs are deep and may be cyclic).
 * Nodes already in `into` are not walked again, so several walks can share one set.
 */
export function reachableFrom(edges: ReadonlyMap<string, Iterable<string>>, starts: Iterable<string>, into: Set<string> = new Set()): Set<string> {
  const stack = [...starts];
  while (stack.length > 0) {
    const r = stack.pop()!;
    if (into.has(r)) continue;
    into.add(r);
    for (const d of edges.get(r) ?? []) if (!into.has(d)) stack.push(d);
  }
  return into;
}
