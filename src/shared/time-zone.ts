/**
 * The workspace's time zone (setting `timeZone`): an IANA name such as `Europe/Berlin`. A name is
 * valid when this process's Intl knows it, so every stored zone can be formatted.
 */
export const DEFAULT_TIME_ZONE = 'UTC';

// Region/City shape. Offsets ("+01:00") are refused: newer Intl versions accept them, but an
// offset has no daylight saving time, so a merchant's clock would be an hour off half the year.
const IANA_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

let known: Map<string, string> | null = null;

/** Every zone this Node's Intl lists, plus UTC (which `supportedValuesOf` leaves out), sorted. */
export function timeZoneNames(): string[] {
  return [...knownZones().values()];
}

function knownZones(): Map<string, string> {
  if (!known) {
    const names = [DEFAULT_TIME_ZONE, ...Intl.supportedValuesOf('timeZone').filter((n) => n !== DEFAULT_TIME_ZONE)];
    known = new Map(names.map((n) => [n.toLowerCase(), n]));
  }
  return known;
}

/**
 * The zone as it is stored, or null when it is not one: a listed zone in its listed spelling
 * ("europe/berlin" → "Europe/Berlin"); another name Intl accepts (an alias such as Asia/Kolkata,
 * which this ICU lists as Asia/Calcutta) as written.
 */
export function normaliseTimeZone(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length > 64 || !IANA_SHAPE.test(trimmed)) return null;
  const listed = knownZones().get(trimmed.toLowerCase());
  if (listed) return listed;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: trimmed });
    return trimmed;
  } catch {
    return null;
  }
}

export function isTimeZone(name: string): boolean {
  return normaliseTimeZone(name) !== null;
}
