/**
 * `snoooz shadow`: run the assistant over an inbox's past mail against the workspace's connected
 * store, sending nothing, and print the per-intent summary (drafts vs the team's real replies).
 */
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { createMailOAuth, resolveMailOAuthConfig } from '../../app/mail-oauth.js';
import { PUBLIC_URL_ENV } from '../../app/webhooks.js';
import type { Repositories } from '../../db/index.js';
import { readEnv } from '../../shared/config.js';
import { egressPolicyFromEnv } from '../../shared/egress.js';
import { InputError } from '../../shared/errors.js';
import { createLogger, type Logger } from '../../shared/logger.js';
import { runWorkspaceShadow, type WorkspaceShadowDeps } from '../../shadow/index.js';
import type { IntentSummary, ShadowSummary } from '../../shadow/index.js';
import { withDatabase } from './admin-db.js';

interface ShadowOptions {
  workspace: string;
  inbox: string;
  folder?: string;
  since?: string;
  until?: string;
  json?: boolean;
  limit?: string;
}

const DEFAULT_API_URL = 'https://api.bigcommerce.com';

/**
 * What a shadow run from the command line needs besides the store URL: the egress policy and, when
 * the operator configured Sign in with Google / Microsoft (the same environment `serve` reads), the
 * access tokens of signed-in inboxes. Refreshes take the same lease as the server's, so a rotating
 * refresh token is never used twice.
 */
export function shadowDepsFromEnv(
  repos: Repositories,
  env: NodeJS.ProcessEnv,
  logger: Logger,
): Omit<WorkspaceShadowDeps, 'apiUrl'> {
  const oauth = resolveMailOAuthConfig(env, env[PUBLIC_URL_ENV]?.trim() || null);
  const configured = Object.keys(oauth.providers).length > 0;
  return {
    repos,
    egress: egressPolicyFromEnv(env),
    ...(configured
      ? {
          accessToken: createMailOAuth({
            config: oauth,
            repos,
            logger,
            processId: `cli:${hostname()}:${process.pid}`,
          }).accessToken,
        }
      : {}),
  };
}

export function registerShadowCommand(program: Command): void {
  program
    .command('shadow')
    .description(
      "Shadow mode: draft replies to an inbox's past emails without sending anything, and compare them with the replies the team sent",
    )
    .requiredOption('--workspace <slug>', 'workspace slug')
    .requiredOption('--inbox <id>', 'inbox id (it needs IMAP settings)')
    .option('--folder <name>', 'IMAP folder to read (default INBOX)')
    .option('--since <YYYY-MM-DD>', 'only emails on or after this day')
    .option('--until <YYYY-MM-DD>', 'only emails before this day (needs --since)')
    .option('--limit <n>', 'at most this many emails, the newest (default 500)')
    .option('--json', 'print the run and its summary as JSON')
    .addHelpText(
      'after',
      `
The mailbox is opened read-only (EXAMINE, BODY.PEEK): nothing is sent, filed, flagged or marked as
read. Store data is read through the workspace's BigCommerce connection (GET only). The team's
replies come from the Sent folder (special-use \\Sent, else "Sent"), matched by In-Reply-To or
References. The run is stored and shown on the web app's Shadow mode page. An inbox connected with
Sign in with Google / Microsoft needs the same SNOOOZ_GOOGLE_* / SNOOOZ_MICROSOFT_* and
SNOOOZ_PUBLIC_URL settings as "snoooz serve".

Examples:
  snoooz shadow --workspace acme --inbox 1 --folder "Archive/2025"
  snoooz shadow --workspace acme --inbox 1 --since 2025-10-01 --until 2025-11-01 --json`,
    )
    .action(async (options: ShadowOptions) => {
      const inboxId = Number(options.inbox);
      if (!/^[1-9]\d{0,9}$/.test(options.inbox)) throw new InputError('invalid_option', '--inbox must be an inbox id');
      if (options.until && !options.since) throw new InputError('invalid_option', '--until needs --since');
      const limit = options.limit === undefined ? undefined : Number(options.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 10_000)) {
        throw new InputError('invalid_option', '--limit must be a number from 1 to 10000');
      }
      const apiUrl = readEnv().BIGCOMMERCE_API_URL ?? DEFAULT_API_URL;
      const run = await withDatabase(async (repos) => {
        const workspace = await repos.workspaces.bySlug(options.workspace);
        if (!workspace) throw new InputError('not_found', `No workspace "${options.workspace}"`);
        return runWorkspaceShadow(
          {
            ...shadowDepsFromEnv(repos, process.env, createLogger({ level: process.env.LOG_LEVEL ?? 'warn' })),
            apiUrl,
            ...(limit ? { mailboxOptions: { maxMessages: limit } } : {}),
          },
          workspace.id,
          {
            inboxId,
            folder: options.folder ?? null,
            since: options.since ?? null,
            until: options.until ?? null,
          },
          'cli',
        );
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ run }, null, 2)}\n`);
      } else {
        process.stdout.write(formatRun(run.id, run.status, run.error, run.summary as ShadowSummary | null));
      }
      if (run.status === 'failed') process.exitCode = 1;
    });
}

const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);
const num = (n: number | null) => (n === null ? '—' : n.toFixed(2));

export function formatRun(id: number, status: string, error: string | null, summary: ShadowSummary | null): string {
  const lines = [`Shadow run ${id}: ${status}${error ? ` (${error})` : ''}. Nothing was sent.`];
  if (summary) {
    const header = ['intent', 'emails', 'skipped', 'team reply', 'mean sim.', 'accepted', 'unchanged'];
    const row = (s: IntentSummary) => [
      s.intent,
      String(s.emails),
      String(s.skipped),
      String(s.withTeamReply),
      num(s.meanSimilarity),
      pct(s.acceptedShare),
      pct(s.unchangedShare),
    ];
    const rows = [header, ...summary.intents.map(row), row(summary.total)];
    const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    for (const r of rows)
      lines.push(
        r
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      );
    lines.push('accepted: similarity ≥ 0.8 (sent unchanged or with small edits); unchanged: ≥ 0.98.');
  }
  return `${lines.join('\n')}\n`;
}
