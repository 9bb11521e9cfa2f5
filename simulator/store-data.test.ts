import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulatorFromCliOptions } from './cli.js';
import { loadStoreFile } from './load.js';
import { parseStoreData } from './store-data.js';
import { FIXTURE, call } from './test-support.js';

const dir = mkdtempSync(join(tmpdir(), 'snoooz-sim-'));
function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('store file format', () => {
  it('loads a minimal hand-written store', () => {
    const path = write('min.json', JSON.stringify({ hash: 'tiny1', name: 'Tiny' }));
    expect(loadStoreFile(path)).toMatchObject({ hash: 'tiny1', customers: [], orders: [], products: [] });
  });

  it('gives one-line errors naming the problem', () => {
    expect(() => loadStoreFile(join(dir, 'missing.json'))).toThrow(/Cannot read store file .*no such file/);
    expect(() => loadStoreFile(write('bad.json', '{ nope'))).toThrow(/is not valid JSON/);
    const typo = { ...FIXTURE, customers: [{ id: 1, emial: 'x@example.com', first_name: 'A', last_name: 'B' }] };
    const message = (() => {
      try {
        loadStoreFile(write('typo.json', JSON.stringify(typo)));
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/^Invalid store file .*typo\.json: customers\[0\]/);
    expect(message).not.toContain('\n');
  });

  it('rejects duplicate ids, bad hashes and dangling shipment items', () => {
    expect(() => parseStoreData({ ...FIXTURE, hash: 'Bad-Hash' })).toThrow(/hash/);
    expect(() =>
      parseStoreData({
        ...FIXTURE,
        customers: [...(FIXTURE.customers ?? []), { id: 1, email: 'a@b.c', first_name: 'A', last_name: 'B' }],
      }),
    ).toThrow(/duplicate customers id 1/);
    const order = FIXTURE.orders![0]!;
    const dangling = {
      ...order,
      shipments: [{ date_created: '2026-05-02T00:00:00Z', items: [{ order_product_id: 1, quantity: 1 }] }],
    };
    expect(() => parseStoreData({ ...FIXTURE, orders: [dangling] })).toThrow(/unknown order_product_id 1/);
  });

  it('serves a store file through the CLI entry point', async () => {
    const path = write('fixture.json', JSON.stringify(FIXTURE));
    const sim = await simulatorFromCliOptions({ port: 0, data: path, quota: null });
    try {
      expect((await call(`${sim.url}/stores/abc123`, '/v2/orders/100')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('serves several store files at once and logs each request without the token', async () => {
    const first = write('first.json', JSON.stringify(FIXTURE));
    const second = write('second.json', JSON.stringify({ ...FIXTURE, hash: 'def456', name: 'Second' }));
    const lines: string[] = [];
    const sim = await simulatorFromCliOptions({
      port: 0,
      data: [first, second],
      quota: null,
      logger: (line) => lines.push(line),
    });
    try {
      expect(sim.storeHashes).toEqual(['abc123', 'def456']);
      expect((await call(`${sim.url}/stores/abc123`, '/v2/orders/100')).status).toBe(200);
      expect((await call(`${sim.url}/stores/def456`, '/v2/orders/100')).status).toBe(200);
      expect((await call(`${sim.url}/stores/zzz999`, '/v2/orders/100')).status).not.toBe(200);
      expect(lines.slice(0, 2)).toEqual([
        expect.stringMatching(/^GET \/stores\/abc123\/v2\/orders\/100 200 \d+ms$/),
        expect.stringMatching(/^GET \/stores\/def456\/v2\/orders\/100 200 \d+ms$/),
      ]);
      expect(lines).toHaveLength(3);
    } finally {
      await sim.close();
    }
  });
});
