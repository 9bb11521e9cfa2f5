import { describe, expect, it } from 'vitest';
import { ensureSignOff, postProcess, stripMarkdown } from './postprocess.js';

const SIGN_OFF = 'Best wishes,\nThe Acme Outfitters team';

describe('stripMarkdown', () => {
  it('turns markdown into plain text', () => {
    const md = [
      '## Your order',
      '**Order #5114** has *shipped* with `UPS`.',
      '* Tracking: [1Z999AA10123456784](https://www.ups.com/track?tracknum=1Z999AA10123456784)',
      '+ Link: <https://www.ups.com/x>',
      '---',
      '> quoted',
      'Email maya_lopez@example.com about the some_file_name.',
    ].join('\n');
    expect(stripMarkdown(md)).toBe(
      [
        'Your order',
        'Order #5114 has shipped with UPS.',
        '- Tracking: 1Z999AA10123456784 (https://www.ups.com/track?tracknum=1Z999AA10123456784)',
        '- Link: https://www.ups.com/x',
        '',
        'quoted',
        'Email maya_lopez@example.com about the some_file_name.',
      ].join('\n'),
    );
  });
});

describe('ensureSignOff', () => {
  it('appends the sign-off when the model left it out', () => {
    expect(ensureSignOff('Hi Maya,\n\nYour order has shipped.', SIGN_OFF)).toBe(
      `Hi Maya,\n\nYour order has shipped.\n\n${SIGN_OFF}`,
    );
  });

  it('keeps a single sign-off when the model wrote it once or twice', () => {
    const once = `Hi Maya,\n\nYour order has shipped.\n\n${SIGN_OFF}`;
    expect(ensureSignOff(once, SIGN_OFF)).toBe(once);
    expect(ensureSignOff(`${once}\n\n${SIGN_OFF}`, SIGN_OFF)).toBe(once);
  });

  it('replaces the model’s own closing and improvised signature', () => {
    const text = 'Hi Maya,\n\nYour order has shipped.\n\nKind regards,\nSam from Acme\nCustomer Care';
    expect(ensureSignOff(text, SIGN_OFF)).toBe(`Hi Maya,\n\nYour order has shipped.\n\n${SIGN_OFF}`);
  });

  it('removes a bare signature the model wrote under another closing', () => {
    const text = 'Hi Maya,\n\nYour order has shipped.\n\nCheers,\nThe Acme Outfitters team';
    expect(ensureSignOff(text, SIGN_OFF)).toBe(`Hi Maya,\n\nYour order has shipped.\n\n${SIGN_OFF}`);
  });

  it('never mistakes the greeting for a closing', () => {
    expect(ensureSignOff('Hi Maya,', SIGN_OFF)).toBe(`Hi Maya,\n\n${SIGN_OFF}`);
  });
});

describe('postProcess', () => {
  it('drops a subject line, markdown and extra blank lines', () => {
    const raw =
      'Subject: Re: order\n\n**Hi Maya,**\n\n\n\nYour order #5114 has shipped.   \n\nBest wishes,\nThe Acme Outfitters team\n';
    expect(postProcess(raw, SIGN_OFF)).toBe(`Hi Maya,\n\nYour order #5114 has shipped.\n\n${SIGN_OFF}`);
  });
});
