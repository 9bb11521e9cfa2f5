/** `snoooz demo` on a temp data directory: it serves, its samples become drafts, and it restarts cleanly. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/commands/demo.js';
import { silentLogger } from '../../src/shared/logger.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-demo-test-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function options() {
  return { port: 0, host: '127.0.0.1', dataDir, smtpPort: 0, smtpDomain: 'snoooz.localhost', logger: silentLogger };
}

describe('snoooz demo', () => {
  it('serves the product with the sample emails processed, and runs again on the same data', async () => {
    const first = await runDemo(options());
    try {
      const page = await fetch(first.server.url.replace('localhost', '127.0.0.1'));
      expect(page.status).toBe(200);
      const messages = await first.server.repos.messages.list(first.workspaceId, { limit: 100 });
      expect(messages.length).toBe(first.samples.total);
      expect(first.samples.new).toBe(first.samples.total);
      expect(messages.every((m) => m.state === 'drafted' || m.state === 'skipped')).toBe(true);
      expect(messages.some((m) => m.state === 'drafted')).toBe(true);
      expect(first.login.password.length).toBeGreaterThanOrEqual(12);
      expect(first.inbox.forwardingAddress).toMatch(/^inbox-[a-z2-7]{26}@snoooz\.localhost$/);
      const integrations = await first.server.repos.integrations.list(first.workspaceId);
      expect(integrations.map((i) => i.status)).toEqual(['connected']);
    } finally {
      await first.close();
    }

    const second = await runDemo({ ...options(), password: 'second-run-password' });
    try {
      expect(second.workspaceId).toBe(first.workspaceId);
      expect(second.samples.new).toBe(0);
      const user = await second.server.repos.users.credentialsByEmail(second.login.email);
      expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
      const page = await fetch(second.server.url.replace('localhost', '127.0.0.1'));
      expect(page.status).toBe(200);
      const messages = await second.server.repos.messages.list(second.workspaceId, { limit: 100 });
      expect(messages.length).toBe(first.samples.total);
    } finally {
      await second.close();
    }
  }, 60_000);
});
