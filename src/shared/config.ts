import { z } from 'zod';
import { InputError } from './errors.js';

/**
 * Every environment variable Snoooz reads, validated once. Commands take explicit options first
 * and fall back to these.
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  SNOOOZ_DATA_DIR: z.string().default('./data'),
  SNOOOZ_SECRET_KEY: z.string().optional(),
  BIGCOMMERCE_API_URL: z.string().url().optional(),
  BIGCOMMERCE_STORE_HASH: z.string().optional(),
  BIGCOMMERCE_ACCESS_TOKEN: z.string().optional(),
  SNOOOZ_DEMO_EMAIL: z.string().default('demo@snoooz.local'),
  SNOOOZ_DEMO_PASSWORD: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof EnvSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError('invalid_config', `Invalid environment variable ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return result.data;
}
