/**
 * Every request path this module can build. There are exactly two shapes, both under
 * `/v3/hooks`: the collection and one hook by its numeric id. Nothing else in this folder
 * composes a path (a test scans the sources to prove it).
 */
export const HOOKS_COLLECTION = '/v3/hooks';

export function hooksPath(id?: number): string {
  if (id === undefined) return HOOKS_COLLECTION;
  if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError('A webhook id is a positive integer.');
  return `${HOOKS_COLLECTION}/${id}`;
}
