/**
 * The focus ring stays visible on everything it can be drawn on: WCAG's contrast ratio (relative
 * luminance) of the ring's colours against every background in the stylesheet. The colours are
 * read from APP_CSS itself, so a palette change that hides the ring fails here.
 */
import { describe, expect, it } from 'vitest';
import { APP_CSS } from './style.js';

/** WCAG 2.x relative luminance of a #rgb or #rrggbb colour. */
function luminance(hex: string): number {
  const full = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, (d) => d + d) : hex;
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const channel = parseInt(full.slice(i, i + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const variables = new Map(
  [...(/:root\{([^}]*)\}/.exec(APP_CSS)?.[1] ?? '').matchAll(/--([\w-]+):([^;]+)/g)].map((m) => [
    m[1] ?? '',
    (m[2] ?? '').trim(),
  ]),
);

/** A colour value with var() resolved; null when it is not a plain hex colour (none, transparent…). */
function resolve(value: string): string | null {
  const reference = /^var\(--([\w-]+)\)$/.exec(value.trim());
  if (reference) return resolve(variables.get(reference[1] ?? '') ?? '');
  return /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value.trim()) ? value.trim().toLowerCase() : null;
}

/** Every rule's declarations, innermost blocks (so rules inside @media count too). */
const rules = [...APP_CSS.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((m) => ({
  selector: (m[1] ?? '').trim(),
  body: m[2] ?? '',
}));

const ring = (() => {
  const rule = rules.find((r) => r.selector.endsWith(':focus-visible') && /outline:/.test(r.body));
  const outline = /outline:(\d+)px solid ([^;]+)/.exec(rule?.body ?? '');
  const shadow = /box-shadow:0 0 0 (\d+)px ([^;]+)/.exec(rule?.body ?? '');
  const offset = /outline-offset:(\d+)px/.exec(rule?.body ?? '');
  return {
    color: resolve(outline?.[2] ?? ''),
    width: Number(outline?.[1]),
    halo: resolve(shadow?.[2] ?? ''),
    haloWidth: Number(shadow?.[1]),
    offset: Number(offset?.[1]),
  };
})();

/** The colours the ring sits on or next to, by where they are used. */
const named: Record<string, string> = {
  body: 'var(--bg)',
  card: 'var(--card)',
  'secondary and danger buttons': '#fff',
  'primary buttons, active filter': 'var(--brand)',
  'current nav link, drafted badge': 'var(--info-bg)',
  'ok badge and banner': 'var(--ok-bg)',
  'warning badge and notice': 'var(--warn-bg)',
  'error badge and banner': 'var(--bad-bg)',
};
const backgrounds = [
  ...Object.entries(named).map(([where, value]) => ({ where, color: resolve(value) })),
  ...rules.flatMap((r) => {
    const value = /(?:^|;)background(?:-color)?:([^;]+)/.exec(r.body)?.[1];
    const color = value === undefined ? null : resolve(value);
    return color ? [{ where: r.selector, color }] : [];
  }),
];

describe('focus ring contrast', () => {
  it('is a two-tone ring: an outline and a halo filling the gap to the element, each at least 2px', () => {
    expect(ring.color).toMatch(/^#/);
    expect(ring.halo).toMatch(/^#/);
    expect(ring.width).toBeGreaterThanOrEqual(2);
    expect(ring.haloWidth).toBeGreaterThanOrEqual(2);
    // The halo (box-shadow) reaches the outline, so the two colours touch and are seen as one ring.
    expect(ring.haloWidth).toBeGreaterThanOrEqual(ring.offset);
    expect(contrast(ring.color ?? '', ring.halo ?? '')).toBeGreaterThanOrEqual(3);
  });

  it('reaches 3:1 against every background, with at least one of its two colours', () => {
    expect(backgrounds.length).toBeGreaterThan(15);
    const failing = backgrounds
      .map(({ where, color }) => ({
        where,
        color,
        best: Math.max(contrast(ring.color ?? '', color ?? ''), contrast(ring.halo ?? '', color ?? '')),
      }))
      .filter((b) => b.color === null || b.best < 3)
      .map((b) => `${b.where} (${b.color}): ${b.best.toFixed(2)}:1`);
    expect(failing).toEqual([]);
  });

  it('the outline alone reaches 3:1 against every light background a control sits on', () => {
    for (const where of ['body', 'card', 'current nav link, drafted badge', 'ok badge and banner']) {
      const color = backgrounds.find((b) => b.where === where)?.color ?? '';
      expect([where, contrast(ring.color ?? '', color) >= 3]).toEqual([where, true]);
    }
  });

  it('computes WCAG contrast ratios correctly', () => {
    expect(contrast('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
