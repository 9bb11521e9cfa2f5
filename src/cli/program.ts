/**
 * The `snoooz` program, loading only the command it runs: each command's module (and everything
 * it imports: the web app, the database drivers, the pipeline) is imported when that command is
 * named, so `snoooz --help` and `snoooz draft` do not pay for `serve`. The top-level help lists
 * every command from the table below; a test keeps it identical to the help with all commands
 * loaded.
 */
import { Command, Option } from 'commander';

type Register = (program: Command) => void;

interface CommandEntry {
  name: string;
  description: string;
  /** Whether the command has options (the help shows "[options]"). */
  hasOptions: boolean;
  load: () => Promise<Register>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'demo',
    description: 'Run the whole product on a simulated BigCommerce store with sample emails (npm start)',
    hasOptions: true,
    load: async () => (await import('./commands/demo.js')).registerDemoCommand,
  },
  {
    name: 'draft',
    description: 'Run the whole pipeline (guard, intent, store context, compose) on one email and print the draft',
    hasOptions: true,
    load: async () => (await import('./commands/draft.js')).registerDraftCommand,
  },
  {
    name: 'connect-test',
    description: 'Test a BigCommerce connection exactly as the Connect button does (read-only)',
    hasOptions: true,
    load: async () => (await import('./commands/connect-test.js')).registerConnectTestCommand,
  },
  {
    name: 'simulator',
    description: 'Run the BigCommerce API simulator (a faithful local stand-in for api.bigcommerce.com)',
    hasOptions: true,
    load: async () => (await import('./commands/simulator.js')).registerSimulatorCommand,
  },
  {
    name: 'serve',
    description: 'Run Snoooz: web app, SMTP receiver, job worker and IMAP watchers (--role all), or one side of them',
    hasOptions: true,
    load: async () => (await import('./commands/serve.js')).registerServeCommand,
  },
  {
    name: 'workspace',
    description: 'Create workspaces and enable integrations for them',
    hasOptions: false,
    load: async () => (await import('./commands/workspace.js')).registerWorkspaceCommands,
  },
  {
    name: 'user',
    description: 'Manage users',
    hasOptions: false,
    load: async () => (await import('./commands/workspace.js')).registerUserCommands,
  },
  {
    name: 'secrets',
    description: 'Manage the key that encrypts stored tokens and passwords',
    hasOptions: false,
    load: async () => (await import('./commands/secrets.js')).registerSecretsCommands,
  },
  {
    name: 'shadow',
    description:
      "Shadow mode: draft replies to an inbox's past emails without sending anything, and compare them with the replies the team sent",
    hasOptions: true,
    load: async () => (await import('./commands/shadow.js')).registerShadowCommand,
  },
  {
    name: 'webhooks',
    description: 'Opt-in BigCommerce webhooks: order and shipment changes refresh drafts at once',
    hasOptions: false,
    load: async () => (await import('./commands/webhooks.js')).registerWebhooksCommand,
  },
];

function baseProgram(): Command {
  return new Command()
    .name('snoooz')
    .description('Snoooz: AI email replies grounded in your BigCommerce store data (read-only)')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
}

/** The command `argv` names (`snoooz draft …`, `snoooz help draft`), if any. */
export function commandNamed(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((entry) => entry.name === name);
}

/**
 * The program for `argv`: the named command loaded in full, the others as one-line entries for
 * the help (never run: naming one loads it instead).
 */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = baseProgram();
  const named = commandNamed(argv);
  for (const entry of COMMANDS) {
    if (entry === named) (await entry.load())(program);
    else if (!named || entry.name !== named.name) stub(program, entry);
  }
  return program;
}

/** Every command loaded, as before lazy loading (for tests comparing the help). */
export async function buildFullProgram(): Promise<Command> {
  const program = baseProgram();
  const loaded = new Set<Register>();
  for (const entry of COMMANDS) {
    const register = await entry.load();
    if (!loaded.has(register)) register(program);
    loaded.add(register);
  }
  return program;
}

function stub(program: Command, entry: CommandEntry): void {
  const command = program.command(entry.name).description(entry.description);
  // Only so the help line reads "name [options]" like the loaded command's.
  if (entry.hasOptions) command.addOption(new Option('--options').hideHelp());
}
