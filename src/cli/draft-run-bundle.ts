/**
 * Bundles what `snoooz draft` runs (`commands/draft-run.js` and everything it imports
 * statically) into `dist/src/cli/bundle/`, so a one-email run loads a handful of files instead of
 * about 410 ES modules. `commands/draft.ts` uses the bundle when it is at least as new as the
 * compiled files it was built from (see `draft-run-loader.ts`); otherwise the unbundled modules run, with
 * the same result.
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
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
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
  let esbuild: typeof Esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    // An install without dev dependencies: the unbundled modules run.
    process.stderr.write('esbuild is not installed: snoooz draft runs unbundled.\n');
    return 'skipped';
  }
  await rm(BUNDLE_DIR, { recursive: true, force: true });
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
  // The compiled files it was built from (not packages: `npm install` builds again anyway), so
  // the loader can tell when a later tsc made the bundle stale.
  const inputs = Object.keys(result.metafile.inputs)
    .map((input) => resolve(input))
    .filter((file) => !relative(BUILD_ROOT, file).startsWith('..'))
    .map((file) => relative(BUNDLE_DIR, file).split('\\').join('/'));
  await writeFile(BUNDLE_INPUTS, `${JSON.stringify(inputs)}\n`);
  return 'bundled';
}
