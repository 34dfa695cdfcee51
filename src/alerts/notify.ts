// After a run: build its alert from the stored history and post it to every
// webhook, only when there is something new. Posting never throws; an error
// reading the history does, and the caller logs it without failing the run.
import type { Model } from '../../rules/catalog.ts';
import { t, type Lang } from '../i18n/messages.ts';
import { formatters } from '../report/format.ts';
import { buildExport } from '../report/json.ts';
import type { Db } from '../store/db.ts';
import { completedRunsUpTo } from '../store/history.ts';
import { buildAlert, hasNews, type AlertDoc } from './build.ts';
import { postJson, type WebhookLog, type WebhookOptions } from './webhook.ts';

export interface NotifyOptions {
  urls: string[];
  nights: number;
  uiUrl?: string;
  webhook: WebhookOptions;
}

export interface NotifyContext {
  db: Db;
  model: Model;
  lang: Lang;
  info: (line: string) => void;
  warn: (line: string) => void;
}

/** The run's history, newest first: tonight and up to N nights before it (the baseline). */
export function alertFor(ctx: Pick<NotifyContext, 'db' | 'model' | 'lang'>, runId: number, o: Pick<NotifyOptions, 'nights' | 'uiUrl'>): AlertDoc {
  const history = completedRunsUpTo(ctx.db, runId, o.nights + 1).map((id) => buildExport(ctx.db, String(id), { model: ctx.model, lang: ctx.lang }));
  const alert = buildAlert(history, o);
  return { ...alert, text: alertText(alert, ctx.lang) };
}

export function alertText(a: Omit<AlertDoc, 'text'>, lang: Lang): string {
  const f = formatters(lang, '—');
  const ids = a.agenciesDown.map((d) => d.agency);
  return t(lang, 'alert.text', {
    runId: f.num(a.run.id, 0), asOf: f.date(a.run.asOf), down: f.num(a.agenciesDown.length, 0), downList: ids.length ? ` (${ids.join(', ')})` : '',
    regressions: f.num(a.regressions.length, 0), overClaims: f.num(a.overClaims.length, 0), score: f.num(a.totals.nationalScore), link: a.run.url ? ` ${a.run.url}` : '',
  });
}

/** Build and post; returns the alert when one was posted, null when there was nothing new. */
export async function notifyRun(ctx: NotifyContext, runId: number, o: NotifyOptions): Promise<AlertDoc | null> {
  const alert = alertFor(ctx, runId, o);
  if (!hasNews(alert)) {
    ctx.info(t(ctx.lang, 'alert.none', { runId, nights: o.nights }));
    return null;
  }
  const log: WebhookLog = {
    sent: (url, attempt) => ctx.info(t(ctx.lang, 'alert.sent', { runId, url, attempt })),
    retrying: (url, attempt, attempts, reason, delayMs) => ctx.warn(t(ctx.lang, 'alert.retrying', { url, attempt, attempts, reason, seconds: delayMs / 1000 })),
    gaveUp: (url, attempts, reason) => ctx.warn(t(ctx.lang, 'alert.gaveUp', { url, attempts, reason })),
  };
  await Promise.all(o.urls.map((url) => postJson(url, alert, o.webhook, log)));
  return alert;
}
