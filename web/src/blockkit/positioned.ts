/**
 * Items of a payload array with a React key. Block Kit parts (fields, context elements, rich text
 * sections) have no id of their own: their position in the payload is their identity, and a new
 * payload re-renders them anyway.
 */
export function positioned<T>(items: readonly T[]): { key: string; item: T }[] {
  const out: { key: string; item: T }[] = [];
  for (const [i, item] of items.entries()) out.push({ key: `p${i}`, item });
  return out;
}
