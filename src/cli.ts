#!/usr/bin/env node
// Entry point: `node src/cli.ts <command> [options]`. A UserError (or an SQLite
// error, named with its database file) prints one line and exits non-zero;
// anything else is a bug and shows its stack.
import { auditCommand } from './commands/audit.ts';
import { dbFlag, dbPath, type Command, type Io } from './commands/common.ts';
import { declarationsCommand } from './commands/declarations.ts';
import { demoCommand } from './commands/demo.ts';
import { exportCommand } from './commands/export.ts';
import { headCommand } from './commands/head.ts';
import { keysCommand } from './commands/keys.ts';
import { pruneCommand } from './commands/prune.ts';
import { scheduleCommand } from './commands/schedule.ts';
import { serveCommand } from './commands/serve.ts';
import { usersCommand } from './commands/users.ts';
import { verifyCommand } from './commands/verify.ts';
import { workerCommand } from './commands/worker.ts';
import { UserError } from './errors.ts';
import { errorText } from './i18n/errors.ts';
import { langFrom, t } from './i18n/messages.ts';
import { storeError } from './store/errors.ts';

export const COMMANDS: Command[] = [auditCommand, workerCommand, scheduleCommand, exportCommand, declarationsCommand, verifyCommand, headCommand, keysCommand, pruneCommand, serveCommand, usersCommand, demoCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `portal-audit: audits government agency portals and keeps the evidence.

Usage: portal-audit <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`portal-audit <command> --help\` for a command's options.
`;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`${t(io.lang, 'error.prefix')}: ${errorText(io.lang, 'cli.unknownCommand', { name, commands: COMMANDS.map((c) => c.name).join(', ') })}\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (caught) {
    // A full disk, a read-only or damaged database: one line naming the file, not a stack.
    const err = storeError(caught, dbPath(dbFlag(rest), io.env));
    if (err instanceof UserError) {
      io.err(`${t(io.lang, 'error.prefix')}: ${err.text(io.lang)}\n`);
      return err.exitCode;
    }
    throw err;
  }
}

if (import.meta.main) {
  const io: Io = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    isTty: !!process.stderr.isTTY,
    env: process.env,
    lang: langFrom(process.env),
    cwd: process.cwd(),
  };
  process.exitCode = await main(process.argv.slice(2), io);
}
