/** Headers on every response: a strict CSP (no inline script or style), no framing, no sniffing. */
import type { FastifyInstance } from 'fastify';

function csp(formActionOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    // A form's redirect counts too: "Connect Google" posts here and is sent on to the provider.
    ["form-action 'self'", ...formActionOrigins].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

export interface SecurityHeaderOptions {
  /** Origins a form may end up at after a redirect (the sign-in providers' authorization pages). */
  formActionOrigins?: readonly string[];
}

export function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions = {}): void {
  const policy = csp(options.formActionOrigins ?? []);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('content-security-policy', policy);
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    // Pages show customer data and secrets' masks: never let a shared cache keep them.
    if (!request.url.startsWith('/assets/')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
