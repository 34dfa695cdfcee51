// The alert options shared by audit and schedule, and the step after a run
// that posts its alert: whatever happens there, the run stays complete.
import { MODEL } from '../../rules/catalog.ts';
import { DEFAULT_ALERT_AFTER_NIGHTS } from '../alerts/build.ts';
import { notifyRun, type NotifyOptions } from '../alerts/notify.ts';
import { DEFAULT_WEBHOOK_OPTIONS } from '../alerts/webhook.ts';
import { em, UserError } from '../errors.ts';
import { t } from '../i18n/messages.ts';
import { openStoreReadOnly } from '../store/db.ts';
import { type Io, nonNegativeInt, operatorLog, positiveInt } from './common.ts';

export const NOTIFY_FLAGS = {
  notify: { type: 'string', multiple: true },
  'ui-url': { type: 'string' },
  'alert-after-nights': { type: 'string' },
  'notify-retries': { type: 'string' },
} as const;

export const NOTIFY_USAGE = `  --notify URL         after the run, POST its alert (JSON) to this webhook; repeat for more.
                       Sent only when something is new: an agency down, or an indicator regressed,
                       for N nights in a row (reported once), or a new over-claim. A webhook that
                       fails is retried with backoff and logged; it never fails the run
  --alert-after-nights N  nights in a row that must agree before an agency counts as down or a drop
                       as a regression (default ${DEFAULT_ALERT_AFTER_NIGHTS})
  --ui-url BASE        the review UI's address, e.g. https://audit.example.ir/: alert items then
                       carry full links (without it, only their path in the UI)
  --notify-retries N   tries again after a failed post, waiting 2 s, 8 s, 32 s… (default ${DEFAULT_WEBHOOK_OPTIONS.retries})`;

interface NotifyValues { notify?: string[]; 'ui-url'?: string; 'alert-after-nights'?: string; 'notify-retries'?: string }

function httpUrl(value: string, flag: string): string {
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw new UserError(em('alerts.url', { flag, value }));
  return value;
}

/** Null when no webhook is given; the other alert flags then have nothing to act on and are refused. */
export function notifyOptions(values: NotifyValues): NotifyOptions | null {
  const urls = (values.notify ?? []).map((u) => httpUrl(u, '--notify'));
  if (urls.length === 0) {
    const stray = (['ui-url', 'alert-after-nights', 'notify-retries'] as const).find((k) => values[k] !== undefined);
    if (stray) throw new UserError(em('alerts.needsNotify', { flag: stray }));
    return null;
  }
  return {
    urls,
    nights: positiveInt(values['alert-after-nights'], '--alert-after-nights', DEFAULT_ALERT_AFTER_NIGHTS),
    uiUrl: values['ui-url'] === undefined ? undefined : httpUrl(values['ui-url'], '--ui-url'),
    webhook: { ...DEFAULT_WEBHOOK_OPTIONS, retries: nonNegativeInt(values['notify-retries'], '--notify-retries', DEFAULT_WEBHOOK_OPTIONS.retries) },
  };
}

/** Post the run's alert; never throws. */
export async function notifyAfterRun(db: string, runId: number, o: NotifyOptions, io: Io): Promise<void> {
  const log = operatorLog(io, 'alert');
  try {
    const store = openStoreReadOnly(db);
    try {
      await notifyRun({ db: store, model: MODEL, lang: io.lang, ...log }, runId, o);
    } finally {
      store.close();
    }
  } catch (err) {
    const reason = err instanceof UserError ? err.text(io.lang) : (err as Error).message;
    log.warn(t(io.lang, 'alert.failed', { runId, reason: reason.split('\n')[0] }));
  }
}
