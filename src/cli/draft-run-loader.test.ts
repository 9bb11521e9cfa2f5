import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { rewriteImportMetaUrl } from './draft-run-bundle.js';
import { bundleIsCurrent } from './draft-run-loader.js';

describe('bundleIsCurrent', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function layout(): { entry: URL; inputs: URL; input: string } {
    dir = mkdtempSync(join(tmpdir(), 'snoooz-bundle-'));
    mkdirSync(join(dir, 'bundle'));
    mkdirSync(join(dir, 'commands'));
    const input = join(dir, 'commands/draft-run.js');
    writeFileSync(input, 'export {};\n');
    const entry = join(dir, 'bundle/draft-run.js');
    writeFileSync(entry, 'export {};\n');
    writeFileSync(join(dir, 'bundle/inputs.json'), JSON.stringify(['../commands/draft-run.js']));
    const old = new Date(Date.now() - 60_000);
    utimesSync(input, old, old);
    return { entry: pathToFileURL(entry), inputs: pathToFileURL(join(dir, 'bundle/inputs.json')), input };
  }

  it('uses a bundle built after every input', () => {
    const { entry, inputs } = layout();
    expect(bundleIsCurrent(entry, inputs)).toBe(true);
  });

  it('refuses a bundle older than one of its compiled inputs (a later tsc)', () => {
    const { entry, inputs, input } = layout();
    const later = new Date(Date.now() + 60_000);
    utimesSync(input, later, later);
    expect(bundleIsCurrent(entry, inputs)).toBe(false);
  });

  it('refuses a bundle whose input is gone, whose list is missing or empty, or that is missing', () => {
    const { entry, inputs, input } = layout();
    rmSync(input);
    expect(bundleIsCurrent(entry, inputs)).toBe(false);
    writeFileSync(inputs, '[]');
    expect(bundleIsCurrent(entry, inputs)).toBe(false);
    rmSync(inputs);
    expect(bundleIsCurrent(entry, inputs)).toBe(false);
    expect(bundleIsCurrent(new URL('./missing.js', entry), inputs)).toBe(false);
  });
});

describe('rewriteImportMetaUrl', () => {
  it("points import.meta.url at the module's own file, relative to the bundle", () => {
    const source = "const PACK = new URL('./eld-medium.pack', import.meta.url);";
    const out = rewriteImportMetaUrl(
      source,
      '/app/dist/src/assistant/understanding/detector.js',
      '/app/dist/src/cli/bundle',
    );
    expect(out).toBe(
      'const PACK = new URL(\'./eld-medium.pack\', new URL("../../assistant/understanding/detector.js", import.meta.url).href);',
    );
    // Resolved from the bundle's file, it is the original location again.
    const resolved = new URL(
      './eld-medium.pack',
      new URL('../../assistant/understanding/detector.js', 'file:///app/dist/src/cli/bundle/chunk.js'),
    );
    expect(resolved.pathname).toBe('/app/dist/src/assistant/understanding/eld-medium.pack');
  });

  it('leaves a module without import.meta.url alone', () => {
    expect(rewriteImportMetaUrl('export const a = 1;', '/x/a.js', '/x/bundle')).toBe('export const a = 1;');
  });
});
