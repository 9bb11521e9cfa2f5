import { PLACEHOLDER_BUSINESS_NAME, type WorkspaceSettings } from '../shared/workspace-settings.js';

// The schema lives with the settings' shape, where storage reads it too.
export { parseSettings } from '../shared/workspace-settings.js';

/**
 * The settings a reply is written with. A business name still at its placeholder was never set:
 * the reply signs with the store's own name (from the store data) rather than "The Our store
 * team", and with a neutral sign-off when the store's name is unknown too.
 */
export function settingsForReply(settings: WorkspaceSettings, storeName: string | null | undefined): WorkspaceSettings {
  const name = settings.businessName.replace(/\s+/g, ' ').trim();
  if (name !== '' && name.toLowerCase() !== PLACEHOLDER_BUSINESS_NAME.toLowerCase()) return settings;
  const fromStore = (storeName ?? '').replace(/\s+/g, ' ').trim().slice(0, 120);
  return { ...settings, businessName: fromStore };
}
