import { describe, expect, it } from 'vitest';
import { composeBuiltinReply } from './builtin/compose.js';
import { settingsForReply } from './settings.js';
import { DEFAULT_SETTINGS, type Language } from './types.js';
import { makeContext, makeMessage } from './test-helpers.js';

describe('settingsForReply: the business name a reply signs with', () => {
  it('a name the workspace set is kept', () => {
    const settings = { ...DEFAULT_SETTINGS, businessName: 'Acme Outfitters' };
    expect(settingsForReply(settings, 'Acme Store Inc.')).toBe(settings);
  });

  it("the placeholder default is replaced by the store's own name", () => {
    expect(settingsForReply(DEFAULT_SETTINGS, ' Maison  Lumière ').businessName).toBe('Maison Lumière');
  });

  it('with no store name either, the name is left empty (a neutral sign-off)', () => {
    expect(settingsForReply(DEFAULT_SETTINGS, null).businessName).toBe('');
  });

  it.each<[Language, string]>([
    ['en', 'Customer support'],
    ['de', 'Ihr Kundenservice'],
    ['fr', 'Le service client'],
    ['es', 'Atención al cliente'],
  ])('never signs "Our store" (%s)', (language, generic) => {
    const context = makeContext();
    for (const storeName of ['Maison Lumière', null]) {
      const draft = composeBuiltinReply({
        message: makeMessage({ subject: 'Hi', text: 'Hello' }),
        understanding: { intent: 'other', orderNumbers: [], language },
        context,
        settings: settingsForReply(DEFAULT_SETTINGS, storeName),
      });
      expect(draft.text).not.toMatch(/our store/i);
      expect(draft.text).toContain(storeName ?? generic);
    }
  });
});
