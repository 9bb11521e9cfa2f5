/**
 * The built `snoooz draft` command end to end: a real Node process, compiled JavaScript, the
 * simulator over HTTP. The sources are compiled into a private folder under node_modules/.cache
 * (incrementally, so later runs take a few seconds): the test never depends on a `dist/` that may
 * be missing or older than the sources, and never races another process writing `dist/`.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN, startSimulator, type Simulator } from '../../simulator/index.js';
import { createRepositories, loadSecretKey, openDatabase } from '../../src/db/index.js';
import type { DraftJson } from '../../src/pipeline/draft-json.js';
import {
  EMAIL_DIR,
  REPO_ROOT,
  STORE_FILE,
  SUPPORT_ADDRESS,
  containsValue,
  loadCorpusStore,
  loadExpectations,
  ownedOrders,
  senderOf,
} from '../corpus/corpus.js';

const BUILD_DIR = join(REPO_ROOT, 'node_modules/.cache/snoooz-corpus-cli');
const CLI = join(BUILD_DIR, 'src/cli/main.js');
const TSC = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], timeoutMs = 30_000): Promise<Run> {
  // Nothing from the developer's shell may change the outcome: no configured store, no LLM.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !/^(BIGCOMMERCE_|SNOOOZ_)/.test(key) && !['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'NODE_OPTIONS'].includes(key),
    ),
  );
  return new Promise((resolve) => {
    execFile(file, args, { cwd: REPO_ROOT, env, timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const snoooz = (args: string[]): Promise<Run> => run(process.execPath, [CLI, ...args]);

let simulator: Simulator;
const store = loadCorpusStore();
const expectations = new Map(loadExpectations().map((e) => [e.file, e]));

beforeAll(async () => {
  mkdirSync(BUILD_DIR, { recursive: true });
  // The compiled files are ESM; the folder sits under node_modules, where Node does not look for
  // the project's package.json, so it gets its own.
  writeFileSync(join(BUILD_DIR, 'package.json'), '{ "type": "module" }\n');
  const build = await run(
    process.execPath,
    [
      TSC,
      '-p',
      'tsconfig.build.json',
      '--outDir',
      BUILD_DIR,
      '--incremental',
      '--tsBuildInfoFile',
      join(BUILD_DIR, '.tsbuildinfo'),
    ],
    120_000,
  );
  // Type errors elsewhere still emit JavaScript (typecheck reports them); only a missing entry stops us.
  if (!existsSync(CLI)) throw new Error(`Could not build the CLI:\n${build.stdout}${build.stderr}`);
  // The rest of `npm run build`: the language pack, then the bundle `snoooz draft` runs from.
  for (const step of ['src/assistant/understanding/pack-eld.js', 'src/cli/bundle-draft-run.js']) {
    const result = await run(process.execPath, [join(BUILD_DIR, step)], 120_000);
    if (result.code !== 0) throw new Error(`${step} failed:\n${result.stdout}${result.stderr}`);
  }
  simulator = await startSimulator({ stores: [{ data: loadCorpusStore() }], rateLimit: null });
}, 150_000);

afterAll(async () => {
  await simulator?.close();
});

const storeArgs = (): string[] => [
  '--store-hash',
  store.hash,
  '--access-token',
  DEFAULT_TOKEN,
  '--api-url',
  simulator.url,
];

describe('snoooz draft --json on corpus emails', () => {
  it.each(['en-wismo-shipped.eml', 'es-guest-tracking.eml', 'en-auto-reply.eml'])('%s', async (file) => {
    const e = expectations.get(file);
    if (!e) throw new Error(`no expectation for ${file}`);
    const result = await snoooz([
      'draft',
      '--eml',
      join(EMAIL_DIR, file),
      ...storeArgs(),
      '--inbox',
      SUPPORT_ADDRESS,
      '--no-llm',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0] ?? '') as DraftJson;

    for (const key of [
      'intent',
      'skipped',
      'skipReason',
      'language',
      'customer',
      'orders',
      'focusOrderId',
      'draft',
      'notices',
    ]) {
      expect(json, key).toHaveProperty(key);
    }
    expect(json.skipped).toBe(e.skipped);
    expect(json.language).toBe(e.language);
    if (e.intent !== null) expect(json.intent).toBe(e.intent);
    expect(Array.isArray(json.notices)).toBe(true);

    if (e.skipped) {
      expect(typeof json.skipReason).toBe('string');
      expect(json.draft).toBeNull();
      return;
    }
    expect(json.skipReason).toBeNull();
    expect(json.customer?.id ?? null).toBe(e.customerId);
    expect(json.focusOrderId).toBe(e.focusOrderId);
    const mine = new Set(ownedOrders(store, senderOf(file)).map((o) => o.id));
    expect(json.orders.map((o) => o.id).filter((id) => !mine.has(id))).toEqual([]);
    for (const order of json.orders) {
      expect(order).toMatchObject({ id: expect.any(Number), status: expect.any(String), currency: expect.any(String) });
    }
    expect(json.draft).toMatchObject({ subject: expect.any(String), text: expect.any(String) });
    const text = json.draft?.text ?? '';
    expect(e.mustContain.filter((value) => !containsValue(text, value))).toEqual([]);
  });
});

describe('the bundled snoooz draft', () => {
  const BUNDLE = join(BUILD_DIR, 'src/cli/bundle');

  it('is what snoooz draft loads, and every file it finds next to a module is where it looks', async () => {
    const loader = (await import(pathToFileURL(join(BUILD_DIR, 'src/cli/draft-run-loader.js')).href)) as {
      bundleIsCurrent(): boolean;
    };
    expect(loader.bundleIsCurrent()).toBe(true);
    const found: string[] = [];
    for (const file of readdirSync(BUNDLE).filter((name) => name.endsWith('.js'))) {
      const source = readFileSync(join(BUNDLE, file), 'utf8');
      for (const m of source.matchAll(/new URL\("([^"]+)", new URL\("([^"]+)", import\.meta\.url\)\.href\)/g)) {
        const module = new URL(m[2] ?? '', pathToFileURL(join(BUNDLE, file)));
        found.push(fileURLToPath(new URL(m[1] ?? '', module)));
      }
    }
    // The language pack and the packed demo store (written by the build when it runs fully).
    expect(found.some((f) => f.endsWith('eld-medium.pack'))).toBe(true);
    expect(found.some((f) => f.endsWith('demo-store.json'))).toBe(true);
    expect(found.filter((f) => f.endsWith('eld-medium.pack')).every((f) => existsSync(f))).toBe(true);
  });

  it('drafts every fixture email exactly as the compiled modules do', async () => {
    const files = readdirSync(EMAIL_DIR)
      .filter((name) => name.endsWith('.eml'))
      .map((name) => join(EMAIL_DIR, name));
    expect(files.length).toBeGreaterThan(50);
    // One process per build drafts every email (runDraft prints one JSON line each).
    const driver = join(BUILD_DIR, 'draft-all.mjs');
    writeFileSync(
      driver,
      [
        'const [entry, filesJson, baseJson] = process.argv.slice(2);',
        'const { runDraft } = await import(entry);',
        'const write = process.stdout.write.bind(process.stdout);',
        'const lines = [];',
        'for (const eml of JSON.parse(filesJson)) {',
        "  let out = '';",
        '  process.stdout.write = (chunk) => ((out += String(chunk)), true);',
        '  try { await runDraft({ ...JSON.parse(baseJson), eml }); }',
        "  catch (error) { out = `error ${error.code ?? ''} ${error.message}`; }",
        '  finally { process.stdout.write = write; }',
        '  lines.push(out);',
        '}',
        'write(JSON.stringify(lines));',
      ].join('\n'),
    );
    const base = JSON.stringify({
      storeHash: store.hash,
      accessToken: DEFAULT_TOKEN,
      apiUrl: simulator.url,
      inbox: [SUPPORT_ADDRESS],
      llm: false,
      json: true,
    });
    const draftAll = async (entry: string): Promise<unknown[]> => {
      const result = await run(
        process.execPath,
        [driver, pathToFileURL(entry).href, JSON.stringify(files), base],
        180_000,
      );
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as string[]).map((line) => {
        if (!line.startsWith('{')) return line;
        const json = JSON.parse(line) as DraftJson;
        // Everything a merchant sees; evidence carries the time it was gathered.
        const { intent, skipped, skipReason, language, customer, orders, focusOrderId, draft, notices } = json;
        return { intent, skipped, skipReason, language, customer, orders, focusOrderId, draft, notices };
      });
    };
    const [bundled, compiled] = await Promise.all([
      draftAll(join(BUNDLE, 'draft-run.js')),
      draftAll(join(BUILD_DIR, 'src/cli/commands/draft-run.js')),
    ]);
    expect(bundled.filter((entry) => typeof entry === 'object').length).toBeGreaterThan(50);
    for (const [i, file] of files.entries()) expect(bundled[i], file).toEqual(compiled[i]);
  }, 200_000);
});

describe('snoooz draft with bad input: a non-zero exit and one line on stderr', () => {
  const expectOneLineFailure = (result: Run): void => {
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]?.trim()).not.toBe('');
  };

  // Exit 2 is bad input; the error is thrown inside the bundle, the exit code decided outside it.
  it('an unreadable file (exit 2)', async () => {
    const result = await snoooz(['draft', '--eml', join(EMAIL_DIR, 'no-such-email.eml'), ...storeArgs(), '--json']);
    expectOneLineFailure(result);
    expect(result.code).toBe(2);
  });

  it('a file that is not an email (exit 2)', async () => {
    const result = await snoooz(['draft', '--eml', STORE_FILE, ...storeArgs(), '--json']);
    expectOneLineFailure(result);
    expect(result.code).toBe(2);
  });

  it('a malformed store hash (exit 2)', async () => {
    const email = join(EMAIL_DIR, 'en-wismo-shipped.eml');
    const args = ['--access-token', DEFAULT_TOKEN, '--api-url', simulator.url, '--json'];
    const result = await snoooz(['draft', '--eml', email, '--store-hash', 'Not_A_Hash!', ...args]);
    expectOneLineFailure(result);
    expect(result.code).toBe(2);
  });

  it('a store hash the token does not belong to', async () => {
    const email = join(EMAIL_DIR, 'en-wismo-shipped.eml');
    const args = ['--access-token', DEFAULT_TOKEN, '--api-url', simulator.url, '--json'];
    expectOneLineFailure(await snoooz(['draft', '--eml', email, '--store-hash', 'nosuchstore1', ...args]));
  });

  it('a bad token, without echoing the token', async () => {
    const token = 'sekrit0bad0token0xyz987';
    const result = await snoooz([
      'draft',
      '--eml',
      join(EMAIL_DIR, 'en-wismo-shipped.eml'),
      '--store-hash',
      store.hash,
      '--access-token',
      token,
      '--api-url',
      simulator.url,
      '--json',
    ]);
    expectOneLineFailure(result);
    expect(result.stderr).not.toContain(token);
  });
});

describe('snoooz connect-test', () => {
  const scoped = async (scopes: string[], body: (url: string) => Promise<void>): Promise<void> => {
    const sim = await startSimulator({
      stores: [{ data: loadCorpusStore(), tokens: [{ token: DEFAULT_TOKEN, scopes }] }],
      rateLimit: null,
    });
    try {
      await body(sim.url);
    } finally {
      await sim.close();
    }
  };
  const READ = [
    'store_v2_customers_read_only',
    'store_v2_orders_read_only',
    'store_v2_products_read_only',
    'store_v2_information_read_only',
  ];

  it('prints the store name and the working read scopes, exit 0, never the token', async () => {
    const result = await snoooz(['connect-test', ...storeArgs()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(store.name);
    for (const scope of ['customers', 'orders', 'products', 'store information', 'shipments']) {
      expect(result.stdout).toContain(scope);
    }
    expect(result.stdout + result.stderr).not.toContain(DEFAULT_TOKEN);
  });

  it('accepts a pasted API path as the store hash and prints JSON', async () => {
    const pasted = `https://api.bigcommerce.com/stores/${store.hash}/v3/customers`;
    const args = ['--access-token', DEFAULT_TOKEN, '--api-url', simulator.url, '--json'];
    const result = await snoooz(['connect-test', '--store-hash', pasted, ...args]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { ok: boolean; scopes: Record<string, boolean> };
    expect(json.ok).toBe(true);
    expect(json.scopes).toMatchObject({ customers: true, orders: true, shipments: true });
  });

  it.each([
    ['a wrong store hash', ['--store-hash', 'nosuchstore1'], /store hash/i],
    ['an invalid store hash', ['--store-hash', '../../v2/orders'], /store hash/i],
  ])('fails in one line for %s', async (_name, args, pattern) => {
    const result = await snoooz(['connect-test', ...args, '--access-token', DEFAULT_TOKEN, '--api-url', simulator.url]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
  });

  it('fails in one line for a deleted or wrong token, without printing it', async () => {
    const token = 'deletedtoken00000000000000000x1';
    const result = await snoooz([
      'connect-test',
      '--store-hash',
      store.hash,
      '--access-token',
      token,
      '--api-url',
      simulator.url,
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/token/i);
    expect(result.stderr).not.toContain(token);
  });

  it('names the missing Orders scope', async () => {
    await scoped(
      READ.filter((scope) => !scope.includes('orders')),
      async (url) => {
        const result = await snoooz([
          'connect-test',
          '--store-hash',
          store.hash,
          '--access-token',
          DEFAULT_TOKEN,
          '--api-url',
          url,
        ]);
        expect(result.code).not.toBe(0);
        expect(result.stderr).toMatch(/orders/i);
        expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      },
    );
  });
});

describe('snoooz --help', () => {
  it.each([[[]], [['draft']], [['connect-test']], [['simulator']], [['demo']], [['serve']]])(
    'documents %j',
    async (command) => {
      const result = await snoooz([...command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Usage: snoooz/);
    },
  );
});

describe('snoooz demo (what npm start runs)', () => {
  it('prints the URL and the demo login from the environment, and serves the login page', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'snoooz-demo-cli-'));
    const child = spawn(process.execPath, [CLI, 'demo'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: '0',
        SNOOOZ_DATA_DIR: dataDir,
        SNOOOZ_DEMO_EMAIL: 'owner@demo.test',
        SNOOOZ_DEMO_PASSWORD: 'correct-horse-battery',
      },
    });
    try {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const deadline = Date.now() + 60_000;
      while (!/Press Ctrl\+C/.test(stdout) && child.exitCode === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(stdout).toMatch(/Log in as owner@demo\.test with password correct-horse-battery/);
      const url = /running at (http:\/\/\S+)/.exec(stdout)?.[1];
      expect(url).toBeDefined();
      const page = await fetch(`${url}/login`);
      expect(page.status).toBe(200);
      const body = await page.text();
      expect(body).toMatch(/<label[^>]*>\s*Email/);
      expect(body).toMatch(/<label[^>]*>\s*Password/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('snoooz simulator', () => {
  it('prints its URL, store hash and token, and answers connect-test with them', async () => {
    const child = spawn(process.execPath, [CLI, 'simulator', '--port', '0', '--customers', '5', '--seed', '3']);
    try {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const deadline = Date.now() + 30_000;
      while (!/Access token: \S+/.test(stdout) && child.exitCode === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      const hash = /Store hash: (\S+)/.exec(stdout)?.[1];
      const token = /Access token: (\S+)/.exec(stdout)?.[1];
      expect(url && hash && token).toBeTruthy();
      const result = await snoooz([
        'connect-test',
        '--store-hash',
        hash ?? '',
        '--access-token',
        token ?? '',
        '--api-url',
        url ?? '',
        '--json',
      ]);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, scopes: { customers: true, orders: true } });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 60_000);
});

describe('operator commands', () => {
  const inDataDir = (dataDir: string) => (args: string[]) =>
    new Promise<Run>((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        { cwd: REPO_ROOT, env: { ...process.env, SNOOOZ_DATA_DIR: dataDir, DATABASE_URL: '' }, timeout: 30_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });

  it('create a workspace, enable BigCommerce for it, add an owner and rotate the key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'snoooz-admin-cli-'));
    const run = inDataDir(dataDir);
    try {
      expect((await run(['workspace', 'create', 'acme', '--name', 'Acme Outdoor'])).code).toBe(0);
      expect((await run(['workspace', 'enable-integration', 'acme', 'bigcommerce'])).code).toBe(0);
      const user = await run([
        'user',
        'create',
        '--email',
        'ann@acme.example',
        '--password',
        'a-long-password',
        '--workspace',
        'acme',
        '--role',
        'owner',
      ]);
      expect(user.code).toBe(0);
      expect(user.stdout + user.stderr).not.toContain('a-long-password');
      const keyBefore = readFileSync(join(dataDir, 'secret.key'), 'utf8');
      expect((await run(['secrets', 'rotate'])).code).toBe(0);
      expect(readFileSync(join(dataDir, 'secret.key'), 'utf8')).not.toBe(keyBefore);

      const db = await openDatabase({ dataDir });
      try {
        const repos = createRepositories(db, loadSecretKey({ env: {}, dataDir }));
        const workspace = await repos.workspaces.bySlug('acme');
        expect(workspace).toBeTruthy();
        expect(await repos.workspaces.isIntegrationEnabled(workspace?.id ?? 0, 'bigcommerce')).toBe(true);
        expect(await repos.users.byEmail('ann@acme.example')).toBeTruthy();
      } finally {
        await db.close();
      }

      expect((await run(['workspace', 'disable-integration', 'acme', 'bigcommerce'])).code).toBe(0);
      const unknown = await run(['workspace', 'enable-integration', 'no-such-shop', 'bigcommerce']);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr.trimEnd().split('\n')).toHaveLength(1);
      const duplicate = await run(['workspace', 'create', 'acme', '--name', 'Again']);
      expect(duplicate.code).not.toBe(0);
      expect(duplicate.stderr.trimEnd().split('\n')).toHaveLength(1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
