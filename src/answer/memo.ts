/**
 * Memoised functions of a string, for the pure text work the engine repeats on the same sentences
 * answer after answer (folding accents and case). Each cache forgets everything once it holds
 * `limit` entries, so memory stays bounded whatever the size of the knowledge.
 */
export function memoized<T>(fn: (text: string) => T, limit = 10_000): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined && !cache.has(text)) {
      value = fn(text);
      if (cache.size >= limit) cache.clear();
      cache.set(text, value);
    }
    return value as T;
  };
}
