import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('logger', () => {
  it('redacts secrets wherever they sit in a logged object', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } });
    const token = 'k3xampl3t0k3n0nly4t3sts0000000';
    logger.info({ accessToken: token, options: { accessToken: token, password: 'hunter22', apiKey: 'sk-abc' } }, 'x');
    logger.info({ request: { headers: { 'x-auth-token': token } } }, 'y');
    const output = lines.join('');
    expect(output).not.toContain(token);
    expect(output).not.toContain('hunter22');
    expect(output).not.toContain('sk-abc');
    expect(output).toContain('[redacted]');
  });
});
