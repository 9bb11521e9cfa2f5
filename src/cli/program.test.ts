import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildFullProgram, buildProgram, commandNamed, COMMANDS } from './program.js';

const help = (command: Command | undefined): string => command?.helpInformation() ?? '(missing)';
const sub = (program: Command, name: string) => program.commands.find((c) => c.name() === name);

describe('the lazily loaded program', () => {
  it('lists every command exactly as the program with all commands loaded does', async () => {
    const full = await buildFullProgram();
    expect(help(await buildProgram(['node', 'snoooz', '--help']))).toBe(help(full));
    expect(COMMANDS.map((c) => c.name)).toEqual(full.commands.map((c) => c.name()));
  });

  it('loads the named command in full (its own options and help), and keeps the others listed', async () => {
    const full = await buildFullProgram();
    for (const { name } of COMMANDS) {
      const program = await buildProgram(['node', 'snoooz', name, '--some-flag']);
      expect(help(sub(program, name))).toBe(help(sub(full, name)));
      expect(help(program)).toBe(help(full));
    }
    expect(help(sub(await buildProgram(['node', 'snoooz', 'help', 'serve']), 'serve'))).toContain('--role');
  });

  it('finds the command after global flags and for "help <command>"', () => {
    expect(commandNamed(['node', 'snoooz', '--verbose', 'draft', '--eml', 'x'])?.name).toBe('draft');
    expect(commandNamed(['node', 'snoooz', 'help', 'shadow'])?.name).toBe('shadow');
    expect(commandNamed(['node', 'snoooz', 'nope'])).toBeUndefined();
  });
});
