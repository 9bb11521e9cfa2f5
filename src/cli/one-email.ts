import { setFlagsFromString } from 'node:v8';

/**
 * Tunes V8 for a process that answers one email and exits (`snoooz draft`). V8 runs a regular
 * expression's first match in its interpreter and compiles it to machine code on the next; for the
 * pipeline's large patterns (chrono-node's date phrases, the cue lists) that compilation costs more
 * than the few matches one email makes: about 50 ms for one of chrono-node's, some 150 ms in all.
 * With this a pattern is compiled only after 100 matches. Matches are the same either way: only how
 * V8 runs a pattern changes. Long-running processes (`serve`, `shadow`) keep V8's default, where
 * compiling pays for itself.
 */
export function tuneForOneEmail(): void {
  setFlagsFromString('--regexp-tier-up-ticks=100');
}
