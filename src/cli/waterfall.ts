import type { TracedRequest } from '../context/trace.js';

/** The request waterfall as text: one line per request, a bar where it was in flight. */
export function renderWaterfall(requests: readonly TracedRequest[], roundTrips: number, width = 40): string {
  const end = Math.max(1, ...requests.map((r) => r.endMs));
  const scale = width / end;
  const label = (r: TracedRequest) => `${r.call}${r.target ? ` ${r.target}` : ''}`;
  const pad = Math.max(0, ...requests.map((r) => label(r).length));
  const lines = requests.map((r) => {
    const from = Math.floor(r.startMs * scale);
    const to = Math.max(from + 1, Math.ceil(r.endMs * scale));
    const bar = `${' '.repeat(from)}${'█'.repeat(to - from)}`.padEnd(width);
    const took = `${Math.round(r.endMs - r.startMs)} ms`.padStart(7);
    return `  ${String(r.wave)}  ${label(r).padEnd(pad)}  |${bar}| ${took}${r.ok ? '' : '  failed'}`;
  });
  return `BigCommerce requests: ${requests.length} in ${roundTrips} round trip${roundTrips === 1 ? '' : 's'} (${Math.round(end)} ms)\n${lines.join('\n')}\n`;
}
