import { redisOptions } from '../audit/agency-queue.ts';
import { runQueueWorker, type WorkerEvents } from '../audit/queue-worker.ts';
import { t, type MessageKey } from '../i18n/messages.ts';
import { startBrowser } from '../audit/run-audit.ts';
import { em, UserError } from '../errors.ts';
import { DEFAULT_AGENCY_CONCURRENCY } from './audit.ts';
import { type Command, type Io, parse, positiveInt } from './common.ts';

/** A job's lock: renewed every half of it; a killed worker's job goes to another worker after about this long. */
export const DEFAULT_STALL_MS = 30_000;

/** The worker's log, one line each on stdout, in the operator's language. */
function workerEvents(io: Io): WorkerEvents {
  const say = (key: MessageKey, params: Record<string, unknown>) => io.out(t(io.lang, key, params) + '\n');
  return {
    ready: (queue, concurrency) => say('worker.ready', { queue, concurrency }),
    taken: (runId, agency) => say('worker.taken', { runId, agency }),
    done: (runId, agency, key, bytes) => say('worker.done', { runId, agency, key, bytes }),
    warn: (message) => say('worker.warn', { message }),
    lighthouseReady: (queue) => say('worker.lighthouseReady', { queue }),
    measuring: (runId, agency, pages) => say('worker.measuring', { runId, agency, pages }),
    measured: (runId, agency, key) => say('worker.measured', { runId, agency, key }),
  };
}

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Audit agencies taken from a Redis queue, for `audit --redis` (never opens the database).',
  usage: `Usage: portal-audit worker --redis URL [options]

Takes agency jobs that \`audit --redis URL\` enqueues, audits each as the audit
does (crawl, probes, rules, evidence, under the run's agency time limit, with
the run's user agent, budgets, as-of date and national-systems list, which
travel in the job) and hands the result back through Redis. Never opens the
SQLite database. Runs until SIGINT or SIGTERM: then it finishes the agencies in
hand and exits (a second signal exits at once; a killed worker's agencies go
to another worker).

When the run measures with Lighthouse, the agencies' sampled pages go on a
Lighthouse queue, which only workers started with --lighthouse take: start
one such worker on each machine that should run Lighthouse (at least one in
all, or the agencies wait for it until their time limit).

Options:
  --redis URL          Redis ≥ 6.2 (redis://[user:password@]host:port[/db]); default $PORTAL_AUDIT_REDIS
  --concurrency N      agencies audited at once by this worker (default ${DEFAULT_AGENCY_CONCURRENCY})
  --lighthouse         also take Lighthouse jobs, one at a time, in a Chromium of this worker's own;
                       its performance runs hold back this worker's crawls (one such worker per machine)
  --stall-ms N         a job's lock, renewed every half of it: a killed worker's agency goes to another
                       worker after about this long (default ${DEFAULT_STALL_MS})
  -h, --help           show this help

Environment: PORTAL_AUDIT_REDIS, PORTAL_AUDIT_CHROMIUM (path to Chromium).`,
  async run(argv, io) {
    const { values } = parse(argv, { redis: { type: 'string' }, concurrency: { type: 'string' }, 'stall-ms': { type: 'string' }, lighthouse: { type: 'boolean' } }, 'worker');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    const url = values.redis ?? io.env.PORTAL_AUDIT_REDIS;
    if (!url) throw new UserError(em('redis.missing'));
    redisOptions(url); // A bad URL is refused before Chromium starts.
    const concurrency = positiveInt(values.concurrency, '--concurrency', DEFAULT_AGENCY_CONCURRENCY);
    const stallMs = positiveInt(values['stall-ms'], '--stall-ms', DEFAULT_STALL_MS);
    const host = await startBrowser(io.env, false);
    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
      controller.abort(signal);
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
    try {
      await runQueueWorker({ url, concurrency, stallMs, host, lighthouse: !!values.lighthouse, events: workerEvents(io) }, controller.signal);
    } finally {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    }
    return 0;
  },
};
