/**
 * Bundles the demo page's browser code (with the SDK it imports) in memory with esbuild, once per
 * process: no build step to forget, no generated file to commit, and nothing fetched from a network.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('./browser/demo.ts', import.meta.url));

let bundled: Promise<string> | undefined;

/** The page's script as one ES module for current browsers. */
export function demoPageScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  }).then((result) => {
    const file = result.outputFiles[0];
    if (!file) throw new Error('esbuild produced no output for the demo page');
    return file.text;
  });
  return bundled;
}
