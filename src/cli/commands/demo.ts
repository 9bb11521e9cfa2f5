import type { Command } from 'commander';
import { DEFAULT_SETTINGS } from '../../assistant/types.js';
import { createBigCommerceStore } from '../../bigcommerce/index.js';
import { createCachedStore } from '../../context/index.js';
import { processEmail } from '../../pipeline/process-email.js';
import { readEnv } from '../../shared/config.js';
import { describeError } from '../../shared/errors.js';
import { buildDemoApp, type DemoEntry } from '../../web/demo-app.js';
import { buildDemoEmails } from '../demo-emails.js';
import { DEMO_STORE, startDemoStore } from '../demo-store.js';

interface DemoOptions {
  port?: string;
}

export const DEMO_INBOX = 'support@northwind-outfitters.example';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run the demo: a simulated BigCommerce store, sample customer emails and their drafts (npm start)')
    .option('--port <port>', 'web port (default: $PORT or 3000)')
    .action(async (options: DemoOptions) => {
      const env = readEnv();
      const port = options.port === undefined ? env.PORT : Number(options.port);
      const demo = await startDemoStore();
      const store = createCachedStore(
        createBigCommerceStore({ storeHash: demo.storeHash, accessToken: demo.accessToken, apiUrl: demo.apiUrl }),
      );
      const settings = { ...DEFAULT_SETTINGS, businessName: DEMO_STORE.name, signature: `Sam\n${DEMO_STORE.name} support` };
      const entries: DemoEntry[] = [];
      const emails = buildDemoEmails(demo.simulator.store(demo.storeHash), DEMO_INBOX);
      for (const [index, raw] of emails.entries()) {
        try {
          const result = await processEmail(raw, { store, settings, inboxAddresses: [DEMO_INBOX] });
          entries.push({ id: index + 1, receivedAt: new Date().toISOString(), result });
        } catch (error) {
          process.stderr.write(`demo email ${index + 1} failed: ${describeError(error)}\n`);
        }
      }
      const app = buildDemoApp({ storeName: DEMO_STORE.name, entries: () => entries });
      await app.listen({ port, host: env.HOST });
      const address = app.server.address();
      const boundPort = typeof address === 'object' && address ? address.port : port;
      const shown = env.HOST === '0.0.0.0' || env.HOST === '127.0.0.1' ? 'localhost' : env.HOST;
      process.stdout.write(
        [
          `Snoooz demo running at http://${shown}:${boundPort}`,
          `  ${entries.length} sample emails processed into drafts from the demo store "${DEMO_STORE.name}".`,
          `  BigCommerce simulator: ${demo.apiUrl} (store hash ${demo.storeHash}, token ${demo.accessToken})`,
          '  Press Ctrl+C to stop.',
          '',
        ].join('\n'),
      );
      const stop = (): void => {
        void Promise.all([app.close(), demo.simulator.close()]).then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
