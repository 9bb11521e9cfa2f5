/** Seeded randomness for the generator: one faker instance per store, so the same seed gives the same store. */
import type { Faker } from '@faker-js/faker';
// The English entry, not the package root: the root loads every locale (~2 MB), a good part of a
// second that `snoooz draft` on the demo store would pay. Its instance is built from [en, base].
import { faker as english } from '@faker-js/faker/locale/en';

export type Rng = Faker;

const FakerClass = english.constructor as typeof Faker;

export function createRng(seed: number): Rng {
  // A fresh instance per store over the same definitions, so one store's draws never shift another's.
  const faker = new FakerClass({ locale: english.rawDefinitions });
  faker.seed(seed);
  return faker;
}

export function int(rng: Rng, min: number, max: number): number {
  return rng.number.int({ min, max });
}

export function chance(rng: Rng, probability: number): boolean {
  return rng.number.float({ min: 0, max: 1 }) < probability;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return rng.helpers.arrayElement(items);
}

/** Picks by weight: `[[value, weight], ...]`. */
export function weighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.number.float({ min: 0, max: total });
  for (const [value, w] of entries) {
    roll -= w;
    if (roll <= 0) return value;
  }
  const last = entries.at(-1);
  if (!last) throw new Error('weighted() needs entries');
  return last[0];
}

export function digits(rng: Rng, count: number): string {
  return rng.string.numeric({ length: count, allowLeadingZeros: true });
}

export function letters(rng: Rng, count: number): string {
  return rng.string.alpha({ length: count, casing: 'upper' });
}

export const DAY_MS = 86_400_000;

/** The generator's "now": fixed, so data never depends on when it is generated. */
export const BASE_DATE_MS = Date.UTC(2026, 4, 31, 12, 0, 0);

export function isoAt(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
