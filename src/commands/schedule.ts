import { Cron } from 'croner';
import { UserError } from '../errors.ts';
import { t } from '../i18n/messages.ts';
import { loadRegistry } from '../registry/registry.ts';
import { auditOptions, AUDIT_FLAGS, executeAudit } from './audit.ts';
import { type Command, type Io, DEFAULT_AGENCIES, dbPath, parse, todayIso } from './common.ts';

export const DEFAULT_CRON = '0 2 * * *';

function compile(pattern: string): Cron {
  try {
    return new Cron(pattern, { paused: true });
  } catch (err) {
    throw new UserError(`--cron "${pattern}": not a cron expression (${(err as Error).message}). Example: "0 2 * * *" for 02:00 every night.`);
  }
}

/** Stop on SIGINT/SIGTERM: no more ticks, and the current run (if any) finishes; a second signal exits now. */
function stopSignal(io: Io, isRunning: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    let asked = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (asked) process.exit(130);
      asked = true;
      if (isRunning()) io.err(t(io.lang, 'schedule.stopping', { signal }) + '\n');
      resolve();
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  });
}

export const scheduleCommand: Command = {
  name: 'schedule',
  summary: 'Run the audit on a cron schedule until stopped.',
  usage: `Usage: portal-audit schedule [--cron "EXPR"] [audit options]

Runs \`audit --resume\` on a cron schedule (croner syntax, 5 or 6 fields, in
local time) until SIGINT or SIGTERM: an interrupted run is finished first,
otherwise a new run starts, audited as of that day. A tick that finds another
audit still running is skipped with a warning. On a signal it exits at once
when idle, or after the current run; a second signal exits immediately (the
next \`audit --resume\` finishes that run).

Options:
  --cron "EXPR"        when to run (default "${DEFAULT_CRON}": 02:00 every night)
  --agencies FILE, --db FILE, --max-pages N, --concurrency N, --host-delay-ms N, --timeout-ms N,
  --agency-timeout-ms N: as for audit
  -h, --help           show this help`,
  async run(argv, io) {
    const { values } = parse(argv, { ...AUDIT_FLAGS, agencies: { type: 'string' }, cron: { type: 'string' } }, 'schedule');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    if (values['as-of']) throw new UserError('schedule: --as-of is not taken; each scheduled run is audited as of its own day.');
    const file = values.agencies ?? DEFAULT_AGENCIES;
    loadRegistry(file);
    const pattern = values.cron ?? DEFAULT_CRON;
    const cron = compile(pattern);
    let running = false;
    const tick = async () => {
      if (running) return io.err(t(io.lang, 'schedule.skipped') + '\n');
      running = true;
      try {
        const options = auditOptions({ ...values, 'as-of': undefined }, { asOf: todayIso });
        await executeAudit(loadRegistry(file), dbPath(values.db, io.env), options, io, { resume: true });
      } catch (err) {
        io.err(`${t(io.lang, 'error.prefix')}: ${(err as Error).message.split('\n')[0]}\n`);
      } finally {
        running = false;
        io.err(t(io.lang, 'schedule.next', { next: cron.nextRun()?.toISOString() ?? '—' }) + '\n');
      }
    };
    const job = new Cron(pattern, { protect: true }, tick);
    io.err(t(io.lang, 'schedule.started', { cron: pattern, next: job.nextRun()?.toISOString() ?? '—' }) + '\n');
    await stopSignal(io, () => running);
    job.stop();
    while (running) await new Promise((r) => setTimeout(r, 200));
    return 0;
  },
};
