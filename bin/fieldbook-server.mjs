#!/usr/bin/env node
// The server's admin command: users, teams, grants, devices and clearances. Runs the TypeScript through tsx.
import { register } from 'tsx/esm/api';

register();
const { adminMain } = await import('../server/admin.ts');
process.exitCode = await adminMain(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
