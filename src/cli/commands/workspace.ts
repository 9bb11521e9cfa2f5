/**
 * Operator commands: workspaces, the integration switch (enabling BigCommerce is an operator's
 * decision, connecting it is the merchant's), and users.
 */
import type { Command } from 'commander';
import type { MembershipRole, Repositories, Workspace } from '../../db/index.js';
import { InputError } from '../../shared/errors.js';
import { hashPassword } from '../../web/auth/password.js';
import { withDatabase } from './admin-db.js';

const KINDS = ['bigcommerce'] as const;

export function registerWorkspaceCommands(program: Command): void {
  const workspace = program.command('workspace').description('Create workspaces and enable integrations for them');

  workspace
    .command('create <slug>')
    .description('Create a workspace')
    .requiredOption('--name <name>', 'display name')
    .action(async (slug: string, options: { name: string }) => {
      const created = await withDatabase((repos) => repos.workspaces.create({ slug, name: options.name }));
      process.stdout.write(`Created workspace "${created.slug}" (${created.name}), id ${created.id}.\n`);
    });

  workspace
    .command('enable-integration <workspace> <kind>')
    .description('Allow a workspace to connect an integration (bigcommerce)')
    .action(async (slug: string, kind: string) => {
      const checked = checkKind(kind);
      await withDatabase(async (repos) => {
        const found = await findWorkspace(repos, slug);
        await repos.workspaces.enableIntegration(found.id, checked, 'cli');
        await repos.audit.append(found.id, { actor: 'cli', action: 'integration.enabled', target: checked });
      });
      process.stdout.write(`Enabled ${checked} for "${slug}": its owners can now connect a store.\n`);
    });

  workspace
    .command('disable-integration <workspace> <kind>')
    .description('Stop a workspace from connecting an integration; existing connections stay until disconnected')
    .action(async (slug: string, kind: string) => {
      const checked = checkKind(kind);
      await withDatabase(async (repos) => {
        const found = await findWorkspace(repos, slug);
        await repos.workspaces.disableIntegration(found.id, checked);
        await repos.audit.append(found.id, { actor: 'cli', action: 'integration.disabled', target: checked });
      });
      process.stdout.write(`Disabled ${checked} for "${slug}".\n`);
    });
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Manage users');
  user
    .command('create')
    .description('Create a user (or add an existing one) in a workspace')
    .requiredOption('--email <email>', 'login email')
    .requiredOption('--password <password>', 'password (at least 8 characters)')
    .requiredOption('--workspace <slug>', 'workspace slug')
    .option('--role <role>', 'owner or agent', 'agent')
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .action(async (options: { email: string; password: string; workspace: string; role: string; name?: string }) => {
      if (options.role !== 'owner' && options.role !== 'agent') {
        throw new InputError('invalid_option', '--role must be owner or agent');
      }
      if (options.password.length < 8)
        throw new InputError('invalid_option', 'The password needs at least 8 characters');
      const role: MembershipRole = options.role;
      const hash = await hashPassword(options.password);
      const result = await withDatabase(async (repos) => {
        const found = await findWorkspace(repos, options.workspace);
        const existing = await repos.users.byEmail(options.email);
        const account =
          existing ??
          (await repos.users.create({
            email: options.email,
            name: options.name ?? options.email.split('@')[0] ?? options.email,
            passwordHash: hash,
          }));
        if (existing) await repos.users.setPasswordHash(existing.id, hash);
        await repos.users.setMembership(found.id, account.id, role);
        return { account, created: !existing };
      });
      process.stdout.write(
        `${result.created ? 'Created' : 'Updated'} ${result.account.email} as ${role} of "${options.workspace}".\n`,
      );
    });
}

async function findWorkspace(repos: Repositories, slug: string): Promise<Workspace> {
  const found = await repos.workspaces.bySlug(slug);
  if (!found)
    throw new InputError(
      'not_found',
      `No workspace "${slug}" (create it with: snoooz workspace create ${slug} --name NAME)`,
    );
  return found;
}

function checkKind(kind: string): (typeof KINDS)[number] {
  const known = KINDS.find((k) => k === kind);
  if (!known) throw new InputError('invalid_option', `Unknown integration "${kind}" (known: ${KINDS.join(', ')})`);
  return known;
}
