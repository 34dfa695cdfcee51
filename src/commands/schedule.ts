import { Cron } from 'croner';
import { em, UserError } from '../errors.ts';
import { signingKeyFrom } from '../evidence/signing.ts';
import { t } from '../i18n/messages.ts';
import { loadRegistry } from '../registry/registry.ts';
import { NOTIFY_FLAGS, NOTIFY_USAGE, notifyAfterRun, notifyOptions } from './alerts.ts';
import { auditOptions, AUDIT_FLAGS, executeAudit, REDIS_FLAGS, redisTarget } from './audit.ts';
import { type Command, type Io, DEFAULT_AGENCIES, dbPath, parse, todayIso } from './common.ts';

export const DEFAULT_CRON = '0 2 * * *';

function compile(pattern: string): Cron {
  try {
    return new Cron(pattern, { paused: true });
  } catch (err) {
    throw new UserError(em('schedule.cron', { pattern, detail: (err as Error).message }));
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
  --max-probes N, --no-external-probes, --national-systems FILE, --agency-timeout-ms N: as for audit
  --signing-key FILE   sign each completed run (default $PORTAL_AUDIT_SIGNING_KEY), as for audit
  --redis URL, --redis-wait-ms N: hand each night's agencies to queue workers, as for audit
                       (Redis unreachable at a tick: that night's error is printed, the next tick tries again)
${NOTIFY_USAGE}
  -h, --help           show this help`,
  async run(argv, io) {
    const { values } = parse(argv, { ...AUDIT_FLAGS, ...NOTIFY_FLAGS, ...REDIS_FLAGS, agencies: { type: 'string' }, cron: { type: 'string' } }, 'schedule');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    if (values['as-of']) throw new UserError(em('schedule.asOf'));
    const notify = notifyOptions(values);
    const file = values.agencies ?? DEFAULT_AGENCIES;
    loadRegistry(file);
    const signingKey = signingKeyFrom(values['signing-key'], io.env);
    const redis = redisTarget(values);
    // Bad options (a national-systems file that does not load) fail now, not at 02:00.
    auditOptions({ ...values, 'as-of': undefined }, { asOf: todayIso });
    const pattern = values.cron ?? DEFAULT_CRON;
    const cron = compile(pattern);
    let running = false;
    const tick = async () => {
      if (running) return io.err(t(io.lang, 'schedule.skipped') + '\n');
      running = true;
      try {
        const options = auditOptions({ ...values, 'as-of': undefined }, { asOf: todayIso });
        const db = dbPath(values.db, io.env);
        const summary = await executeAudit(loadRegistry(file), db, options, io, { resume: true, signingKey, redis });
        if (notify) await notifyAfterRun(db, summary.runId, notify, io);
      } catch (err) {
        const message = err instanceof UserError ? err.text(io.lang) : (err as Error).message;
        io.err(`${t(io.lang, 'error.prefix')}: ${message.split('\n')[0]}\n`);
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
