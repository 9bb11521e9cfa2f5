/** The last check before a reply with store data leaves: it goes to that data's address only. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiAddress, caseVariantOf, confusableOf } from '../shared/testing/confusables.js';
import { recipientMismatch } from './send-draft.js';

const contextFor = (email: string) => ({
  senderEmail: email.toLowerCase(),
  customer: { id: 1, email },
  orders: [{ id: 5 }],
});

describe('recipientMismatch', () => {
  it('lets a reply go to the account address in any ASCII case, and a reply without store data anywhere', () => {
    expect(recipientMismatch(contextFor('kate@example.com'), 'Kate@Example.COM')).toBeNull();
    expect(recipientMismatch({ senderEmail: 'x@y.example', customer: null, orders: [] }, 'x@y.example')).toBeNull();
    expect(recipientMismatch(null, '\u212Aate@example.com')).toBeNull();
  });

  it('keeps the reported case unsent: the account is kate@, the reply would go to the Kelvin-sign look-alike', () => {
    expect(recipientMismatch(contextFor('kate@example.com'), '\u212Aate@example.com')).toContain(
      'the account kate@example.com',
    );
    // Guest orders (no account) are held to the sender address the same way.
    expect(
      recipientMismatch(
        { senderEmail: 'kate@example.com', customer: null, orders: [{ id: 5 }] },
        '\u212Aate@example.com',
      ),
    ).not.toBeNull();
  });

  it('property: no non-ASCII variant of the account address receives its data; ASCII case variants do', () => {
    fc.assert(
      fc.property(
        asciiAddress.chain((email) => fc.tuple(fc.constant(email), confusableOf(email), caseVariantOf(email))),
        ([email, lookalike, cased]) => {
          expect(recipientMismatch(contextFor(email), lookalike)).not.toBeNull();
          expect(recipientMismatch(contextFor(email), cased)).toBeNull();
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
