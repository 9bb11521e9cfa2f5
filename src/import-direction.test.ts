/**
 * Imports flow one way: entry points (cli, server) at the top, adapters (web, email, bigcommerce,
 * db) and pure domain logic below, `shared` at the bottom. This reads every source file's relative
 * imports (static and dynamic) and checks the folder graph, so a new back edge fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Top-level folder under src → the other top-level folders (or outside paths) it imports. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const from = path.relative(SRC, file).split(path.sep)[0] ?? '';
    if (!from.includes('.')) graph.set(from, graph.get(from) ?? new Set());
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:\bfrom|\bimport\()\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = path.relative(SRC, path.resolve(path.dirname(file), match[1] ?? ''));
      const to = target.startsWith('..')
        ? `outside:${target.split(path.sep).slice(0, 2).join('/')}`
        : target.split(path.sep)[0];
      if (to !== undefined && to !== from && !to.endsWith('.ts') && !to.endsWith('.js')) graph.get(from)?.add(to);
    }
  }
  return graph;
}

function importersOf(graph: Map<string, Set<string>>, folder: string): string[] {
  return [...graph].filter(([, targets]) => targets.has(folder)).map(([from]) => from);
}

function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...trail.slice(trail.indexOf(node)), node];
    state.set(node, 'open');
    trail.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('import direction', () => {
  const graph = folderGraph();

  it('reads the source tree', () => {
    expect([...graph.keys()]).toEqual(expect.arrayContaining(['app', 'cli', 'db', 'server', 'shared', 'web']));
  });

  it('has no cycle between top-level folders', () => {
    expect(findCycle(graph)).toBeNull();
  });

  it('keeps shared at the bottom and storage free of domain modules', () => {
    expect([...(graph.get('shared') ?? [])]).toEqual([]);
    expect([...(graph.get('db') ?? [])]).toEqual(['shared']);
  });

  it('has one composition root for the server, used only by the CLI', () => {
    expect(importersOf(graph, 'server')).toEqual(['cli']);
    expect(importersOf(graph, 'cli')).toEqual([]);
    for (const below of ['app', 'pipeline', 'assistant', 'context', 'email', 'bigcommerce', 'db', 'shared']) {
      expect({ below, web: graph.get(below)?.has('web') ?? false }).toEqual({ below, web: false });
    }
  });

  it('lets only entry points reach the simulator outside src', () => {
    const users = [...graph].filter(([, t]) => [...t].some((x) => x.startsWith('outside:'))).map(([f]) => f);
    expect(users.every((f) => f === 'cli' || f === 'server')).toBe(true);
  });
});
