/** Build step: bundles what `snoooz draft` runs into dist/src/cli/bundle/ (see draft-run-bundle.ts). */
import { bundleDraftRun } from './draft-run-bundle.js';

await bundleDraftRun();
