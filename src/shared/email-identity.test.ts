/** Address identity: only ASCII case folds; no non-ASCII look-alike ever equals an ASCII address. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiLower, canLookUpEmail, emailKey, isAscii, sameEmail } from './email-identity.js';
import { asciiAddress, caseVariantOf, confusableOf } from './testing/confusables.js';

describe('email identity', () => {
  it('the case that was reported: the Kelvin sign lower-cases to an ASCII "k" in JavaScript, not here', () => {
    const lookalike = '\u212Aate@shop.example';
    expect(lookalike.toLowerCase()).toBe('kate@shop.example');
    expect(emailKey(lookalike)).toBe('\u212Aate@shop.example');
    expect(sameEmail(lookalike, 'kate@shop.example')).toBe(false);
    expect(sameEmail(lookalike, 'Kate@Shop.Example')).toBe(false);
    expect(canLookUpEmail(lookalike)).toBe(false);
  });

  it('folds A–Z only', () => {
    expect(asciiLower('Jane.DOE@Example.COM')).toBe('jane.doe@example.com');
    expect(asciiLower('\u0130\u212A\u212B\u00C9')).toBe('\u0130\u212A\u212B\u00C9');
    expect(emailKey('  Jane@Example.com ')).toBe('jane@example.com');
  });

  it('property: no non-ASCII variant of an address matches any ASCII address', () => {
    fc.assert(
      fc.property(
        asciiAddress.chain((original) =>
          fc.tuple(fc.constant(original), confusableOf(original), caseVariantOf(original)),
        ),
        asciiAddress,
        ([original, variant, originalCased], other) => {
          expect(isAscii(variant)).toBe(false);
          for (const ascii of [original, originalCased, original.toUpperCase(), other]) {
            expect(sameEmail(variant, ascii)).toBe(false);
            expect(sameEmail(ascii, variant)).toBe(false);
            expect(emailKey(variant)).not.toBe(emailKey(ascii));
          }
          // Never looked up by email: the other side may fold it into the original.
          expect(canLookUpEmail(variant)).toBe(false);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('property: a non-ASCII address matches only itself, exactly', () => {
    fc.assert(
      fc.property(
        asciiAddress.chain((original) => fc.tuple(confusableOf(original), confusableOf(original))),
        ([a, b]) => {
          expect(sameEmail(a, a)).toBe(true);
          expect(sameEmail(` ${a} `, a)).toBe(true);
          expect(sameEmail(a, b)).toBe(a === b);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('property: ASCII addresses match whatever the case of their letters, symmetrically', () => {
    fc.assert(
      fc.property(
        asciiAddress.chain((original) => fc.tuple(fc.constant(original), caseVariantOf(original))),
        asciiAddress,
        ([original, cased], other) => {
          expect(sameEmail(original, cased)).toBe(true);
          expect(sameEmail(cased, original)).toBe(true);
          expect(emailKey(cased)).toBe(emailKey(original));
          expect(canLookUpEmail(cased)).toBe(true);
          expect(sameEmail(original, other)).toBe(original.toLowerCase() === other.toLowerCase());
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('never matches or looks up empty or malformed addresses', () => {
    expect(sameEmail('', '')).toBe(false);
    expect(sameEmail(null, null)).toBe(false);
    expect(sameEmail(' ', ' ')).toBe(false);
    for (const bad of ['', 'no-at-sign', '@example.com', 'a@', 'a b@example.com', 'a@b@c', 'a@exa\tmple.com']) {
      expect(canLookUpEmail(bad)).toBe(false);
    }
  });
});
