/**
 * Bundles what `snoooz draft` runs (`commands/draft-run.js` and everything it imports
 * statically) into `dist/src/cli/bundle/`, so a one-email run loads a handful of files instead of
 * about 410 ES modules. `commands/draft.ts` uses the bundle only while none of the files it was
 * built from changed (see `draft-run-loader.ts`); otherwise the unbundled modules run, with the
 * same result.
 *
 * - Dynamic imports (the LLM SDKs, eld's full table, the store generator) stay separate chunks,
 *   loaded only when a run needs them, as they are unbundled.
 * - A module that finds a file next to itself (`new URL('./x', import.meta.url)`: the eld pack,
 *   the packed demo store) gets its own location back: `import.meta.url` is rewritten to the
 *   module's original file, relative to the bundle.
 * - Native packages stay external (they are loaded from node_modules as before).
 * - Not minified: a stack trace from a draft run stays readable, and minifying did not load faster
 *   (measured: the same CPU time).
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';
import { BUNDLE_ENTRY, BUNDLE_INPUTS, UNBUNDLED_ENTRY } from './draft-run-loader.js';

const BUNDLE_DIR = dirname(fileURLToPath(BUNDLE_ENTRY));
/** The build's root (`dist/`): the bundle is at src/cli/bundle/ under it. */
const BUILD_ROOT = resolve(BUNDLE_DIR, '../../..');
const NATIVE = ['better-sqlite3', 'argon2', 'pg-native'];

/** `import.meta.url` as the original file's URL, computed from wherever the bundle file is. */
export function rewriteImportMetaUrl(source: string, file: string, bundleDir: string): string {
  if (!source.includes('import.meta.url')) return source;
  let rel = relative(bundleDir, file).split('\\').join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return source.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
}

export async function bundleDraftRun(): Promise<'bundled' | 'skipped'> {
  // Whatever happens next, an earlier bundle never outlives this build.
  await rm(BUNDLE_DIR, { recursive: true, force: true });
  let esbuild: typeof Esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    // An install without dev dependencies: the unbundled modules run.
    process.stderr.write('esbuild is not installed: snoooz draft runs unbundled.\n');
    return 'skipped';
  }
  const result = await esbuild.build({
    metafile: true,
    absWorkingDir: process.cwd(),
    entryPoints: { 'draft-run': fileURLToPath(UNBUNDLED_ENTRY) },
    outdir: BUNDLE_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: NATIVE,
    logLevel: 'warning',
    // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'import-meta-url',
        setup(build) {
          build.onLoad({ filter: /\.[cm]?js$/ }, async (args) => {
            const source = await readFile(args.path, 'utf8');
            if (!source.includes('import.meta.url')) return undefined;
            return {
              contents: rewriteImportMetaUrl(source, args.path, BUNDLE_DIR),
              loader: 'js',
              resolveDir: dirname(args.path),
            };
          });
        },
      },
    ],
  });
  // What it was built from, so the loader can tell when it went stale: every compiled file (a
  // later tsc), and for the packages inside it the lockfile npm rewrites on every install or
  // update of node_modules (one file, not thousands).
  const files = Object.keys(result.metafile.inputs).map((input) => resolve(input));
  const compiled = files.filter((file) => !relative(BUILD_ROOT, file).startsWith('..'));
  const lockfiles = [...new Set(files.flatMap((file) => packageLockOf(file) ?? []))];
  const inputs = [...compiled, ...lockfiles].map((file) => relative(BUNDLE_DIR, file).split('\\').join('/'));
  await writeFile(BUNDLE_INPUTS, `${JSON.stringify(inputs)}\n`);
  return 'bundled';
}

/** `node_modules/.package-lock.json` of the node_modules folder a package file is in, if any. */
function packageLockOf(file: string): string | null {
  const parts = file.split(sep);
  const at = parts.indexOf('node_modules');
  if (at < 0) return null;
  const lockfile = [...parts.slice(0, at + 1), '.package-lock.json'].join(sep);
  return existsSync(lockfile) ? lockfile : null;
}
