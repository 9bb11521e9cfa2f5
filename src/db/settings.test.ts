import fc from 'fast-check';
import { expect, it } from 'vitest';
import { DEFAULT_SETTINGS, INTENTS } from '../assistant/types.js';
import type { WorkspaceSettings } from '../assistant/types.js';
import { isDbError } from './errors.js';
import { seedWorkspace, withTestDatabases } from './test-databases.js';

const ACTION = ['refund_request', 'cancel_request', 'return_request'];

/** An independent statement of the rules, to check the zod schema against. */
function validField(key: string, value: unknown): boolean {
  switch (key) {
    case 'businessName':
      return typeof value === 'string' && value.trim().length >= 1 && value.trim().length <= 200;
    case 'signature':
      return typeof value === 'string' && value.length <= 2_000;
    case 'tone':
      return value === 'friendly' || value === 'formal' || value === 'concise';
    case 'mode':
      return value === 'drafts' || value === 'auto' || value === 'off';
    case 'autoSendIntents':
      return (
        Array.isArray(value) &&
        value.every((v) => (INTENTS as readonly unknown[]).includes(v) && !ACTION.includes(v as string)) &&
        new Set(value).size === value.length
      );
    case 'recentOrdersToMention':
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 10;
    case 'allowPhone':
    case 'allowAddress':
      return typeof value === 'boolean';
    default:
      return false;
  }
}

const junk = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 5 }),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.constant({}),
);

const patchArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        businessName: fc.oneof(fc.string({ maxLength: 12 }), fc.constant('   '), fc.constant('x'.repeat(201)), junk),
        signature: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('s'.repeat(2_001)), junk),
        tone: fc.oneof(fc.constantFrom('friendly', 'formal', 'concise', 'rude'), junk),
        mode: fc.oneof(fc.constantFrom('drafts', 'auto', 'off', 'AUTO'), junk),
        autoSendIntents: fc.oneof(fc.array(fc.constantFrom(...INTENTS, 'bogus'), { maxLength: 4 }), junk),
        recentOrdersToMention: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.double({ min: 0, max: 10 }), junk),
        allowPhone: fc.oneof(fc.boolean(), junk),
        allowAddress: fc.oneof(fc.boolean(), junk),
        tonee: junk,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.array(fc.integer())) },
);

withTestDatabases('settings', (store) => {
  it('read the defaults for a workspace that never saved any', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    expect(await repos.settings.get(workspaceId)).toEqual(DEFAULT_SETTINGS);
  });

  it('merge a valid patch over the current settings and keep it', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const updated = await repos.settings.update(workspaceId, {
      businessName: '  Acme Outfitters ',
      mode: 'auto',
      autoSendIntents: ['order_status', 'shipping_tracking'],
    });
    const expected: WorkspaceSettings = {
      ...DEFAULT_SETTINGS,
      businessName: 'Acme Outfitters',
      mode: 'auto',
      autoSendIntents: ['order_status', 'shipping_tracking'],
    };
    expect(updated).toEqual(expected);
    await repos.settings.update(workspaceId, { tone: 'concise' });
    expect(await repos.settings.get(workspaceId)).toEqual({ ...expected, tone: 'concise' });
  });

  it('reject invalid settings with a message naming the field', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    await expect(repos.settings.update(workspaceId, { recentOrdersToMention: 11 })).rejects.toThrow(
      /Invalid settings: recentOrdersToMention: /,
    );
    await expect(repos.settings.update(workspaceId, { autoSendIntents: ['refund_request'] })).rejects.toThrow(
      /autoSendIntents: refund, cancel and return requests are never sent automatically/,
    );
    await expect(repos.settings.update(workspaceId, { colour: 'red' })).rejects.toSatisfy((e) =>
      isDbError(e, 'invalid_settings'),
    );
  });

  it('accept exactly the valid patches, and store nothing from an invalid one (property)', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    await fc.assert(
      fc.asyncProperty(patchArb, async (patch) => {
        const before = await repos.settings.get(workspaceId);
        const valid =
          patch !== null &&
          typeof patch === 'object' &&
          !Array.isArray(patch) &&
          Object.entries(patch).every(([key, value]) => validField(key, value));
        let error: unknown = null;
        const result = await repos.settings.update(workspaceId, patch).catch((e: unknown) => {
          error = e;
          return null;
        });
        const after = await repos.settings.get(workspaceId);
        if (valid) {
          const expected = JSON.parse(JSON.stringify({ ...before, ...(patch as object) })) as WorkspaceSettings;
          if (typeof expected.businessName === 'string') expected.businessName = expected.businessName.trim();
          expect(error).toBeNull();
          expect(JSON.parse(JSON.stringify(after))).toEqual(expected);
          expect(result).toEqual(after);
        } else {
          expect(isDbError(error, 'invalid_settings')).toBe(true);
          expect((error as Error).message).toMatch(/^Invalid settings: [^\n]+$/);
          expect(after).toEqual(before);
        }
      }),
      { numRuns: 80 },
    );
  });
});
