// Message catalogs for the command line. Views and reports take their strings
// from here too; rule titles and findings live in each rule's own catalog.
export type Lang = 'fa' | 'en';

const en = {
  'progress.done': '{done}/{total} {agency}: {status}',
  'worker.ready': 'worker ready: queue {queue}, {concurrency} agencies at a time',
  'worker.taken': 'run {runId}: {agency} taken',
  'worker.done': 'run {runId}: {agency} done ({bytes} bytes gzipped in {key})',
  'worker.warn': 'warning: {message}',
  'worker.lighthouseReady': 'Lighthouse ready: queue {queue}, one agency at a time',
  'worker.measuring': 'run {runId}: {agency}: Lighthouse on {pages} pages',
  'worker.measured': 'run {runId}: {agency}: Lighthouse done (in {key})',
  'progress.score': 'score {score}, coverage {coverage}%, {pages} pages',
  'progress.failed': 'failed: {error}',
  'summary.title': 'Run {runId} · as of {asOf} · {agencies} agencies · {duration}',
  'summary.rank': '#',
  'summary.agency': 'agency',
  'summary.score': 'score',
  'summary.coverage': 'coverage',
  'summary.status': 'status',
  'summary.national': 'National score: {score} (mean of {scored} scored agencies)',
  'summary.lowCoverage': 'low coverage',
  'summary.error': 'error',
  'summary.blocked': 'BLOCKED, not assessed (scores empty, not zero)',
  'summary.ok': 'ok',
  'summary.database': 'Database: {path}',
  'summary.signed': 'Run {runId} signed with the operator\'s key {fingerprint}. Publish its head: portal-audit head --out FILE',
  'summary.unsigned': 'Run {runId} is NOT signed: no --signing-key and no $PORTAL_AUDIT_SIGNING_KEY. Its export carries no signature; only a published head (portal-audit head) can show it was not replaced later.',
  'summary.totals': 'Agencies: {audited} audited, {failed} failed, {retried} with retried pages, {resumed} kept from the interrupted run · {pages} pages, {rendered} of them rendered in Chromium · {duration} · peak memory {peak} · database {growth}',
  'progress.eta': 'about {seconds} s left',
  'schedule.started': 'scheduled: "{cron}"; next run at {next}. Stop with Ctrl-C or SIGTERM.',
  'schedule.next': 'next run at {next}',
  'schedule.skipped': 'skipped a tick: the previous run is still going',
  'schedule.stopping': '{signal}: stopping after the current run (send it again to stop now)',
  'audit.interrupted': 'run {runId} was interrupted ({done} of {total} agencies stored); `audit --resume` finishes it. Starting a new run.',
  'audit.resuming': 'resuming run {runId}: {done} of {total} agencies already stored',
  'summary.export': 'Export: {command}',
  'demo.serving': 'Serving {count} sample portals on loopback',
  'demo.note': 'The sample portals were written for an audit date of {asOf}; freshness is measured from it.',
  'demo.secondNight': 'Second night ({asOf}): {portal} now answers {path} with HTTP {status}.',
  'demo.changes': 'Changes from run {from} to run {to}, regressions first:',
  'demo.scoreOnly': 'score only',
  'demo.compare': 'History: {command}',
  'alert.text': 'portal-audit run {runId} ({asOf}): agencies down {down}{downList} · regressions {regressions} · new over-claims {overClaims} · national score {score}.{link}',
  'alert.none': 'alerts: nothing new for run {runId} that {nights} nights agree on; no webhook called',
  'alert.sent': 'alert for run {runId} sent to {url} (attempt {attempt})',
  'alert.retrying': 'webhook {url}: attempt {attempt} of {attempts} failed ({reason}); trying again in {seconds} s',
  'alert.gaveUp': 'webhook {url}: gave up after {attempts} attempts ({reason}); the run itself is complete and stored',
  'alert.failed': 'alerts for run {runId} could not be built ({reason}); the run itself is complete and stored',
  'error.prefix': 'error',
} as const;

export type MessageKey = keyof typeof en;

const fa: Record<MessageKey, string> = {
  'progress.done': '{done}/{total} {agency}: {status}',
  'worker.ready': 'کارگر آماده است: صف {queue}، {concurrency} دستگاه هم‌زمان',
  'worker.taken': 'اجرای {runId}: {agency} گرفته شد',
  'worker.done': 'اجرای {runId}: {agency} انجام شد ({bytes} بایت فشرده در {key})',
  'worker.warn': 'هشدار: {message}',
  'worker.lighthouseReady': 'Lighthouse آماده است: صف {queue}، یک دستگاه در هر نوبت',
  'worker.measuring': 'اجرای {runId}: {agency}: Lighthouse روی {pages} صفحه',
  'worker.measured': 'اجرای {runId}: {agency}: Lighthouse انجام شد (در {key})',
  'progress.score': 'امتیاز {score}، پوشش {coverage}٪، {pages} صفحه',
  'progress.failed': 'ناموفق: {error}',
  'summary.title': 'اجرای {runId} · تاریخ ارزیابی {asOf} · {agencies} دستگاه · {duration}',
  'summary.rank': 'رتبه',
  'summary.agency': 'دستگاه',
  'summary.score': 'امتیاز',
  'summary.coverage': 'پوشش',
  'summary.status': 'وضعیت',
  'summary.national': 'امتیاز ملی: {score} (میانگین {scored} دستگاه دارای امتیاز)',
  'summary.lowCoverage': 'پوشش کم',
  'summary.error': 'خطا',
  'summary.blocked': 'مسدود، ارزیابی نشد (امتیاز خالی، نه صفر)',
  'summary.ok': 'انجام شد',
  'summary.database': 'پایگاه داده: {path}',
  'summary.signed': 'اجرای {runId} با کلید گرداننده امضا شد ({fingerprint}). سر زنجیره را منتشر کنید: portal-audit head --out FILE',
  'summary.unsigned': 'اجرای {runId} امضا نشده است: نه --signing-key داده شد و نه $PORTAL_AUDIT_SIGNING_KEY. خروجی آن امضایی ندارد؛ تنها سر زنجیره‌ی منتشرشده (portal-audit head) نشان می‌دهد که بعداً جایگزین نشده است.',
  'summary.totals': 'دستگاه‌ها: {audited} ارزیابی‌شده، {failed} ناموفق، {retried} با صفحات تکرارشده، {resumed} از اجرای قطع‌شده · {pages} صفحه، {rendered} صفحه با Chromium · {duration} · بیشینهٔ حافظه {peak} · پایگاه داده {growth}',
  'progress.eta': 'حدود {seconds} ثانیه مانده',
  'schedule.started': 'زمان‌بندی: «{cron}»؛ اجرای بعدی {next}. برای توقف Ctrl-C یا SIGTERM.',
  'schedule.next': 'اجرای بعدی: {next}',
  'schedule.skipped': 'یک نوبت رد شد: اجرای قبلی هنوز ادامه دارد',
  'schedule.stopping': '{signal}: پس از پایان اجرای جاری متوقف می‌شود (برای توقف فوری دوباره بفرستید)',
  'audit.interrupted': 'اجرای {runId} نیمه‌کاره ماند ({done} از {total} دستگاه ذخیره شده)؛ `audit --resume` آن را تمام می‌کند. اجرای تازه آغاز می‌شود.',
  'audit.resuming': 'ادامهٔ اجرای {runId}: {done} از {total} دستگاه پیش‌تر ذخیره شده',
  'summary.export': 'خروجی: {command}',
  'demo.serving': '{count} درگاه نمونه روی loopback در حال سرویس‌دهی است',
  'demo.note': 'درگاه‌های نمونه برای تاریخ ارزیابی {asOf} نوشته شده‌اند؛ تازگی از این تاریخ سنجیده می‌شود.',
  'demo.secondNight': 'شب دوم ({asOf}): {portal} اکنون به {path} با HTTP {status} پاسخ می‌دهد.',
  'demo.changes': 'تغییرات از اجرای {from} تا اجرای {to}، پسرفت‌ها نخست:',
  'demo.scoreOnly': 'فقط امتیاز',
  'demo.compare': 'تاریخچه: {command}',
  'alert.text': 'ارزیابی درگاه‌ها، اجرای {runId} ({asOf}): دستگاه‌های از دسترس خارج {down}{downList} · پسرفت‌ها {regressions} · بیش‌اظهاری‌های تازه {overClaims} · امتیاز ملی {score}.{link}',
  'alert.none': 'هشدارها: برای اجرای {runId} چیز تازه‌ای که {nights} شب بر آن هم‌داستان باشند نیست؛ هیچ وب‌هوکی فراخوانده نشد',
  'alert.sent': 'هشدار اجرای {runId} به {url} فرستاده شد (تلاش {attempt})',
  'alert.retrying': 'وب‌هوک {url}: تلاش {attempt} از {attempts} ناموفق بود ({reason})؛ {seconds} ثانیهٔ دیگر دوباره تلاش می‌شود',
  'alert.gaveUp': 'وب‌هوک {url}: پس از {attempts} تلاش رها شد ({reason})؛ خود اجرا کامل و ذخیره شده است',
  'alert.failed': 'هشدارهای اجرای {runId} ساخته نشد ({reason})؛ خود اجرا کامل و ذخیره شده است',
  'error.prefix': 'خطا',
};

export const MESSAGE_CATALOGS: Record<Lang, Record<MessageKey, string>> = { en, fa };
const CATALOGS = MESSAGE_CATALOGS;

export function format(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

export function t(lang: Lang, key: MessageKey, params?: Record<string, unknown>): string {
  return format(CATALOGS[lang][key], params);
}

export function langFrom(env: NodeJS.ProcessEnv): Lang {
  return env.PORTAL_AUDIT_LANG === 'fa' ? 'fa' : 'en';
}
