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

  it('a conversation an agent linked by hand: the reply goes to the sender who wrote, and only to them', () => {
    const linked = {
      senderEmail: 'kate.at.work@office.example',
      customer: { id: 1, email: 'kate@home.example' },
      orders: [{ id: 5 }],
      customerLink: { customerId: 1, linkedBy: 'Ana Agent', linkedByUserId: 9, linkedAt: '2026-02-01T11:00:00Z' },
    };
    expect(recipientMismatch(linked, 'Kate.At.Work@office.example')).toBeNull();
    // Not to the account's address (it did not write), not to anyone else, not to a look-alike.
    expect(recipientMismatch(linked, 'kate@home.example')).toContain('kate.at.work@office.example');
    expect(recipientMismatch(linked, 'someone@else.example')).not.toBeNull();
    expect(recipientMismatch(linked, '\u212Aate.at.work@office.example')).not.toBeNull();
    // Without the link the same draft context would be held to the account's address.
    const { customerLink: _ignored, ...unlinked } = linked;
    expect(recipientMismatch(unlinked, 'kate.at.work@office.example')).toContain('the account kate@home.example');
  });
});
