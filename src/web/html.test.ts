import { describe, expect, it } from 'vitest';
import { html } from './html.js';

describe('html', () => {
  it('escapes interpolated text and keeps nested templates', () => {
    const name = '<script>alert("x")</script>';
    const out = html`<p>${name}</p>${[html`<b>${'a&b'}</b>`]}${null}${0}`.toString();
    expect(out).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p><b>a&amp;b</b>0');
  });
});
