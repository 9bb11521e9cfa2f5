/** Dev aid: `npx tsx eval/plan-debug.ts <id part>...` prints the answer plan of matching eval cases. */
import { loadEvalCases, readCaseEmail, EVAL_NOW } from './lib/cases.js';
import { parseEmail, toIncomingMessage } from '../src/email/index.js';
import { understand } from '../src/assistant/understanding/understand.js';
const only = process.argv.slice(2);
for (const c of loadEvalCases()) {
  if (!only.some((o) => c.id.includes(o))) continue;
  const email = await parseEmail(readCaseEmail(c));
  const u = understand(toIncomingMessage(email), EVAL_NOW);
  console.log(
    c.id,
    '| lang',
    u.plan?.language,
    u.plan?.detectedLanguage,
    u.plan?.unsupportedLanguage,
    '| feeling',
    u.plan?.feeling,
  );
  console.log('   expected', c.items.map((i) => `${i.type}/${i.topic}`).join(', '), 'empathy', c.empathy);
  for (const i of u.plan?.items ?? [])
    console.log('   got', `${i.type}/${i.topic}`, JSON.stringify(i.quote), i.asks ?? '');
}
