import { describe, expect, it } from 'vitest';
import { collectEvidence } from '../../assistant/evidence/index.js';
import { makeContext, makeItem, makeOrder } from '../../assistant/test-helpers.js';
import { evidencePanel } from './evidence.js';

describe('evidencePanel', () => {
  const hostile = '<img src=x onerror=alert(1)> "Mug" & Co';
  const context = makeContext({
    orders: [makeOrder({ items: [makeItem({ name: hostile })], shipments: [] })],
    fetchedAt: '2026-11-20T12:00:00.000Z',
  });
  const text = `Hi Maya,\n\nOrder #5114 contains:\n- 1 × ${hostile}\n\n<b>not html</b>`;
  const evidence = collectEvidence(text, context, [
    { record: 'order', recordIds: [5100], field: 'order #5100', reason: 'not the order <the email> is about' },
  ]);
  const now = Date.parse('2026-11-20T12:07:00.000Z');

  it('escapes the draft, the facts and the withheld reasons', () => {
    const out = evidencePanel({ text, evidence }, context, now).toString();
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<b>');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;Mug&quot; &amp; Co');
    expect(out).toContain('not the order &lt;the email&gt; is about');
    expect(out).toContain('<mark title="Order line 1 · name" data-record="item">&lt;img');
  });

  it('says how old the store data is, relative and absolute', () => {
    const out = evidencePanel({ text, evidence }, context, now).toString();
    expect(out).toContain('>7 minutes ago</time>');
    expect(out).toContain('(2026-11-20 12:00 UTC)');
    expect(out).toContain('datetime="2026-11-20T12:00:00.000Z"');
  });

  it('keeps the text exactly (no added whitespace) inside the marked block', () => {
    const out = evidencePanel({ text, evidence }, context, now).toString();
    const block = /<div class="mail-body evidence-text"[^>]*>([\s\S]*?)<\/div>/.exec(out)?.[1] ?? '';
    const visible = block
      .replace(/<span class="visually-hidden">[^<]*<\/span>/g, '')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    expect(visible).toBe(text);
  });

  it('drafts without evidence, and drafts edited since', () => {
    expect(evidencePanel({ text, evidence: null }, context).toString()).toContain('No evidence was recorded');
    const edited = evidencePanel({ text: 'Order #5114 it is.', evidence }, context, now).toString();
    expect(edited).toContain('The draft was edited');
    expect(edited).toContain('<mark title="Order #5114 · order number" data-record="order">#5114');
  });
});
