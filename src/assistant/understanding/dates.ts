// Each language's parser from its own entry: the package root also loads a dozen locales we never use.
import type * as chrono from 'chrono-node';
import { casual as deCasual } from 'chrono-node/de';
import { casual as enCasual } from 'chrono-node/en';
import { casual as esCasual } from 'chrono-node/es';
import { casual as frCasual } from 'chrono-node/fr';
import type { Language } from '../types.js';
import { normalize } from './normalize.js';

/**
 * Date phrases in the customer's words ("last week", "on Monday", "am 20.11.", "lundi dernier"),
 * read with chrono-node in the message's language, as inclusive ranges of calendar days (UTC)
 * around what the phrase names. Only the past counts: an order cannot be placed in the future, so
 * "Monday" is the last Monday. A few phrases chrono's Spanish and French parsers miss are added.
 */
export interface DateRange {
  from: string;
  to: string;
}

const DAY = 86_400_000;
const PARSERS: Record<Language, chrono.Chrono> = {
  en: enCasual,
  es: esCasual,
  de: deCasual,
  fr: frCasual,
};

/** Relative weeks chrono does not read in some languages, as days ago. */
const LAST_WEEK = /\b(?:semana pasada|la semaine derniere|semaine passee|vorige woche|letzte woche|last week)\b/;

export function dateRanges(text: string, language: Language, now: Date): DateRange[] {
  const out: DateRange[] = [];
  const add = (center: Date, before: number, after: number): void => {
    let time = center.getTime();
    if (time > now.getTime() + DAY / 2) time -= 7 * DAY; // "Monday" said on a Wednesday: the one before
    if (time > now.getTime() + DAY / 2) return;
    out.push({ from: iso(time - before * DAY), to: iso(Math.min(time + after * DAY, now.getTime())) });
  };
  let parsed: chrono.ParsedResult[] = [];
  try {
    parsed = PARSERS[language].parse(text, now);
  } catch {
    parsed = [];
  }
  for (const result of parsed) {
    // Years alone, times alone and ranges far in the past are not about a recent order.
    if (
      !result.start.isCertain('day') &&
      !result.start.isCertain('weekday') &&
      !/week|woche|semana|semaine/i.test(result.text)
    )
      continue;
    const date = result.start.date();
    if (Number.isNaN(date.getTime())) continue;
    const week = /week|woche|semana|semaine/i.test(result.text);
    add(date, week ? 5 : 1, week ? 5 : 1);
  }
  if (out.length === 0 && LAST_WEEK.test(normalize(text))) add(new Date(now.getTime() - 7 * DAY), 5, 5);
  return out;
}

function iso(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
