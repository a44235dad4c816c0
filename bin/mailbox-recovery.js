#!/usr/bin/env node
// The CLI runs straight from the TypeScript sources: no build step after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
