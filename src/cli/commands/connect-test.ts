import type { Command } from 'commander';
import { testConnection } from '../../bigcommerce/index.js';
import { readEnv } from '../../shared/config.js';
import { InputError } from '../../shared/errors.js';

interface ConnectTestOptions {
  storeHash?: string;
  accessToken?: string;
  apiUrl?: string;
  json?: boolean;
}

export function registerConnectTestCommand(program: Command): void {
  program
    .command('connect-test')
    .description('Test a BigCommerce connection exactly as the Connect button does (read-only)')
    .option(
      '--store-hash <hash>',
      'store hash, or a pasted API path such as https://api.bigcommerce.com/stores/abc123/v3/',
    )
    .option('--access-token <token>', 'access token of a store-level API account (default: $BIGCOMMERCE_ACCESS_TOKEN)')
    .option('--api-url <url>', 'API base URL (default: $BIGCOMMERCE_API_URL or https://api.bigcommerce.com)')
    .option('--json', 'print the result as one JSON object')
    .addHelpText(
      'after',
      '\nExit status 0 when the connection works; otherwise one line says what to check\n' +
        '(the store hash, the token, or the missing read scope). The token is never printed.',
    )
    .action(async (options: ConnectTestOptions) => {
      const env = readEnv();
      const storeHash = options.storeHash ?? env.BIGCOMMERCE_STORE_HASH;
      const accessToken = options.accessToken ?? env.BIGCOMMERCE_ACCESS_TOKEN;
      if (!storeHash) throw new InputError('missing_store_hash', 'A --store-hash is required');
      if (!accessToken) throw new InputError('missing_token', 'An --access-token is required');
      const apiUrl = options.apiUrl ?? env.BIGCOMMERCE_API_URL;
      const report = await testConnection({ storeHash, accessToken, ...(apiUrl ? { apiUrl } : {}) });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ok: true, ...report })}\n`);
        return;
      }
      const working = Object.entries(report.scopes)
        .filter(([, ok]) => ok)
        .map(([scope]) => scopeName(scope));
      process.stdout.write(`Connected to ${report.store?.name ?? 'the store'}.\n`);
      process.stdout.write(`Read access: ${working.join(', ')}.\n`);
      for (const warning of report.warnings) process.stdout.write(`Warning: ${warning}\n`);
    });
}

function scopeName(scope: string): string {
  return scope === 'information' ? 'store information' : scope;
}
