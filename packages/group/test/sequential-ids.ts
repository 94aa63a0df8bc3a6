/** Member ids "<prefix>1", "<prefix>2", ... for tests: deterministic where the broker draws UUIDs. */
export function sequentialIds(prefix: string): () => string {
  let next = 0;
  return () => {
    next += 1;
    return `${prefix}${next}`;
  };
}
