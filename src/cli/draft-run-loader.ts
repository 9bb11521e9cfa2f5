/**
 * Which build of `snoooz draft`'s run to load: the bundle `npm run build` writes
 * (`draft-run-bundle.ts`), or the compiled modules. The bundle is used only while it is current:
 * none of the files it was built from (listed in `bundle/inputs.json`: the compiled files and
 * node_modules' lockfile) is newer than it, so after a bare `tsc`, a `tsc --watch` rebuild or an
 * `npm install` that did not build again, the compiled modules run, never stale code.
 */
import { readFileSync, statSync } from 'node:fs';
import type * as DraftRun from './commands/draft-run.js';

export const BUNDLE_ENTRY = new URL('./bundle/draft-run.js', import.meta.url);
export const BUNDLE_INPUTS = new URL('./bundle/inputs.json', import.meta.url);
export const UNBUNDLED_ENTRY = new URL('./commands/draft-run.js', import.meta.url);

export type DraftRunModule = typeof DraftRun;

/** True when the bundle exists and none of its compiled inputs changed since it was built. */
export function bundleIsCurrent(entry: URL = BUNDLE_ENTRY, inputsFile: URL = BUNDLE_INPUTS): boolean {
  try {
    const built = statSync(entry).mtimeMs;
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8')) as unknown;
    if (!Array.isArray(inputs) || inputs.length === 0) return false;
    return inputs.every((input) => typeof input === 'string' && statSync(new URL(input, entry)).mtimeMs <= built);
  } catch {
    return false; // no bundle, or an input is gone
  }
}

export async function loadDraftRun(): Promise<DraftRunModule> {
  if (bundleIsCurrent()) return (await import(BUNDLE_ENTRY.href)) as DraftRunModule;
  return import('./commands/draft-run.js');
}
