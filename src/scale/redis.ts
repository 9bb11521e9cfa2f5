/** One Redis connection per process (`REDIS_URL`), for the shared rate-limit budget and cache. */
import { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.js';
import { describeError } from '../shared/errors.js';

export function connectRedis(url: string, logger?: Logger): Redis {
  const redis = new Redis(url, {
    // Fail a command after a few reconnect attempts rather than queueing it forever.
    maxRetriesPerRequest: 3,
    enableAutoPipelining: true,
    lazyConnect: false,
  });
  redis.on('error', (error: unknown) => logger?.warn({ err: describeError(error) }, 'redis error'));
  return redis;
}

/** `redis://host:port/db` without a password, for logs. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'the configured REDIS_URL';
  }
}
