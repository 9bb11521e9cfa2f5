/**
 * `snoooz secrets rotate`: re-encrypt every stored secret with a new key, all or nothing.
 * With a key file (the default) a new file replaces it; with SNOOOZ_SECRET_KEY the operator
 * supplies the new key in another variable, because only they can change the environment.
 */
import type { Command } from 'commander';
import { SECRET_KEY_ENV, loadSecretKey, parseSecretKey, rotateSecretKeyFile, rotateSecrets } from '../../db/index.js';
import { InputError } from '../../shared/errors.js';
import { withDatabase } from './admin-db.js';

export function registerSecretsCommands(program: Command): void {
  const secrets = program.command('secrets').description('Manage the key that encrypts stored tokens and passwords');
  secrets
    .command('rotate')
    .description('Re-encrypt every secret with a new key (stop other Snoooz processes first)')
    .option(
      '--new-key-env <VAR>',
      `with ${SECRET_KEY_ENV} set: the variable holding the new key (64 hex digits or base64)`,
    )
    .action(async (options: { newKeyEnv?: string }) => {
      const fromEnv = process.env[SECRET_KEY_ENV]?.trim();
      if (fromEnv) {
        if (!options.newKeyEnv) {
          throw new InputError(
            'invalid_option',
            `${SECRET_KEY_ENV} is set: pass --new-key-env VAR naming a variable that holds the new key`,
          );
        }
        const text = process.env[options.newKeyEnv]?.trim();
        if (!text) throw new InputError('invalid_option', `${options.newKeyEnv} is not set`);
        const newKey = parseSecretKey(text, 'env', options.newKeyEnv);
        const result = await withDatabase(async (_repos, db) => rotateSecrets(db, loadSecretKey(), newKey));
        process.stdout.write(
          `Re-encrypted ${result.rotated} secrets (${result.skipped} already used the new key) with key ${newKey.id}.\n` +
            `Next: set ${SECRET_KEY_ENV} to the value of ${options.newKeyEnv} for every Snoooz process, restart them, ` +
            'then remove the old key.\n',
        );
        return;
      }
      if (options.newKeyEnv) {
        throw new InputError(
          'invalid_option',
          `--new-key-env applies only when ${SECRET_KEY_ENV} is set; the key file is rotated otherwise`,
        );
      }
      const result = await withDatabase(async (_repos, db, dataDir) => rotateSecretKeyFile(db, { dataDir }));
      process.stdout.write(
        `Re-encrypted ${result.rotated} secrets (${result.skipped} already used the new key); the key file now holds key ${result.keyId}.\n` +
          'Next: restart every Snoooz process using this data directory, and replace any backup of the old key file with the new one.\n',
      );
    });
}
