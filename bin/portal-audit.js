#!/usr/bin/env node
// `portal-audit` after `npm link`: runs src/cli.ts (Node >= 22.18 strips the types).
import { main } from '../src/cli.ts';
import { langFrom } from '../src/i18n/messages.ts';

process.exitCode = await main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTty: !!process.stderr.isTTY,
  env: process.env,
  lang: langFrom(process.env),
  cwd: process.cwd(),
});
