/**
 * The demo store `npm run build` packs as JSON is the very store the generator makes for the demo
 * seed, and a missing or damaged pack falls back to generating it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateStore } from '../../simulator/index.js';
import { DEMO_STORE, loadDemoStoreData, packDemoStore } from './demo-store.js';

const folder = mkdtempSync(join(tmpdir(), 'snoooz-demo-store-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const generated = generateStore({
  customers: DEMO_STORE.customers,
  seed: DEMO_STORE.seed,
  hash: DEMO_STORE.hash,
  name: DEMO_STORE.name,
});

describe('the packed demo store', () => {
  it('loads equal to the store generated for the demo seed', async () => {
    const file = pathToFileURL(join(folder, 'demo-store.json'));
    await packDemoStore(file);
    const loaded = await loadDemoStoreData(file);
    expect(loaded).not.toBe(generated);
    expect(loaded.orders.length).toBeGreaterThan(100);
    expect(loaded).toStrictEqual(generated);
  });

  it('is generated when the pack is missing or damaged', async () => {
    expect(await loadDemoStoreData(pathToFileURL(join(folder, 'no-such-file.json')))).toStrictEqual(generated);
    const damaged = join(folder, 'damaged.json');
    writeFileSync(damaged, '{"hash": "demo7st');
    expect(await loadDemoStoreData(pathToFileURL(damaged))).toStrictEqual(generated);
  });
});
