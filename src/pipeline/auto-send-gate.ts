/**
 * The last check before a reply goes out without a person: the sender must be verified (a forged
 * From would otherwise receive the real customer's order data on the attacker's schedule), and
 * the automatic replies of the last hour must be under the workspace's caps, per sender and per
 * inbox. Counted in the database, so every worker process sees the same numbers. Two workers
 * deciding at the same instant can each see one reply fewer than the other sends: the caps are
 * a brake on loops and probing, not an exact quota.
 */
import type { Repositories, StoredMessage } from '../db/index.js';
import { DEFAULT_AUTO_REPLY_CAPS, type WorkspaceSettings } from '../assistant/types.js';

const HOUR_MS = 60 * 60 * 1000;

/** Why the reply must wait for a person, or null when it may be sent automatically. */
export async function autoSendHold(
  repos: Repositories,
  message: StoredMessage,
  settings: WorkspaceSettings,
  options: { agentLinked?: boolean } = {},
): Promise<string | null> {
  // A person chose whose data this conversation gets; a person also sends its replies.
  if (options.agentLinked) return 'Kept as a draft: an agent linked this conversation to a store customer by hand.';
  if (!message.auth?.verified) {
    return `Kept as a draft: sender not verified: ${message.auth?.reason ?? 'received before sender checks'}.`;
  }
  const caps = settings.autoReplyCaps ?? DEFAULT_AUTO_REPLY_CAPS;
  const toSender = await repos.messages.countAutomaticReplies(message.workspaceId, {
    withinMs: HOUR_MS,
    sender: message.fromAddress,
  });
  if (toSender >= caps.perSenderPerHour) {
    return `Kept as a draft: ${toSender} automatic replies to ${message.fromAddress} in the last hour (the cap is ${caps.perSenderPerHour}).`;
  }
  const fromInbox = await repos.messages.countAutomaticReplies(message.workspaceId, {
    withinMs: HOUR_MS,
    inboxId: message.inboxId,
  });
  if (fromInbox >= caps.perInboxPerHour) {
    return `Kept as a draft: ${fromInbox} automatic replies from this inbox in the last hour (the cap is ${caps.perInboxPerHour}).`;
  }
  return null;
}
