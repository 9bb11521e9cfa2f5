/**
 * What a principal may do. Four permissions, which are also the API token scopes:
 * - read:  see messages, drafts, settings and connections;
 * - draft: write, edit, regenerate and discard drafts (and hand in raw mail);
 * - send:  approve and send a draft to a customer;
 * - admin: change how the workspace behaves (settings, autonomy, data sharing, AI model,
 *          stores, webhooks, inboxes, shadow runs). Owners only.
 * Sessions get theirs from the membership role; tokens only the scopes chosen at creation.
 */
import { z } from 'zod';
import { API_TOKEN_SCOPES, type ApiTokenScope } from '../../db/index.js';
import type { MembershipRole } from '../../db/schema.js';

export const SCOPES = API_TOKEN_SCOPES;
export type Scope = ApiTokenScope;
export type Permission = Scope;

export const scopeSchema = z.enum(SCOPES);
const ROLE_PERMISSIONS: Record<MembershipRole, readonly Permission[]> = {
  owner: SCOPES,
  agent: ['read', 'draft', 'send'],
};

export function permissionsOfRole(role: MembershipRole): ReadonlySet<Permission> {
  return new Set(ROLE_PERMISSIONS[role]);
}

/** Scopes a member may put on a new token: never more than they hold themselves. */
export function grantableScopes(role: MembershipRole): readonly Scope[] {
  return ROLE_PERMISSIONS[role];
}

export const SCOPE_LABELS: Record<Scope, string> = {
  read: 'Read messages, drafts and settings',
  draft: 'Write, edit and regenerate drafts; hand in raw mail',
  send: 'Approve and send replies to customers',
  admin: 'Change settings, autonomy, stores, webhooks and inboxes',
};
