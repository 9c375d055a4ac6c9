// Where things are: the repository, the results folder, the engine and the native programs.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const resultsDir = join(repo, 'build/bench');
