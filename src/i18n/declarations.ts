// Messages of `declarations import`: every problem with a file, and what to
// do about it, in English and Persian. Placeholders are {named}.
import { format, type Lang } from './messages.ts';

const COLUMNS = 'agency_id, indicator_id, declared, service_url, note';

const en = {
  'file.unreadable': 'cannot read the file ({detail}). Check the path.',
  'file.format': 'a .{ext} file cannot be read: save it as .xlsx (Excel workbook) or .csv.',
  'file.empty': `the file holds no declarations: add a header row (${COLUMNS}) and one row per claim.`,
  'csv.unterminated': 'a quoted value opened here is never closed, so the file looks truncated: close the quote, or export the file again.',
  'csv.invalid': 'not valid CSV ({detail}): export the file again as CSV.',
  'csv.delimiter': 'the header reads as one column separated by "{delimiter}": save the file comma-separated (CSV, comma delimited).',
  'json.invalid': 'not valid JSON ({detail}): fix the syntax.',
  'json.shape': `expected an array of objects with the keys ${COLUMNS}.`,
  'json.row': `expected an object with the keys ${COLUMNS}.`,
  'json.cell': 'expected text, a number or true/false, not {type}.',
  'xlsx.invalid': 'not a readable XLSX workbook ({detail}): save it again as .xlsx.',
  'xlsx.sheets': 'the workbook has {count} sheets ({names}): keep the declarations on one sheet and delete the others.',
  'xlsx.formula': 'the cell holds a formula ({formula}): replace it with its value (copy, then paste values only).',
  'column.missing': `the header has no {column} column: the columns are ${COLUMNS} (the last two optional).`,
  'column.unknown': `unknown column "{column}": the columns are ${COLUMNS}; rename or delete it.`,
  'column.repeated': 'the column "{column}" appears twice: keep one.',
  'row.extra': 'the row has {count} cells but the header names {expected} columns: delete the extra cells, or quote values that contain commas.',
  'value.missing': 'is empty: fill it in.',
  'agency.unknown': 'unknown agency "{value}": use an id from {registry}.',
  'indicator.unknown': 'unknown indicator "{value}": use an id from the indicator catalog (INDICATORS.md).',
  'indicator.notDeclarable': '"{value}" is not a declarable indicator (agencies do not self-declare it): delete the row.',
  'declared.unreadable': '"{value}" is not a declared value: use yes/no/true/false/1/0/بله/خیر or a percentage such as 80%.',
  'declared.range': '"{value}" is over 100%: a percentage runs from 0% to 100%.',
  'declared.count': '"{value}" is a number, which only service-catalog takes (its service count): write yes/no or a percentage such as 80%.',
  'url.invalid': '"{value}" is not an http(s) URL: write the full address (https://…) or a path on the portal (/services/…).',
  'url.host': '{host} is not a host of {agency} ({hosts}): use a URL on the agency\'s portal, or add the host to its "hosts" in {registry}.',
  'row.duplicate': 'repeats row {first} (same agency_id, indicator_id and service_url): keep one of them.',
  'failed': '{file}: {count} error(s); nothing was imported. Fix them and run the import again.',
  'imported': 'Imported {rows} declarations for {agencies} agencies from {file} ({format}, {encoding}) as round "{round}".',
  'replaced': 'Round "{round}" already existed: its {count} earlier rows were replaced.',
  'next': 'Verdicts: {command}',
  'demo.report': 'The council\'s tables as one HTML file: {command}',
  'cli.oneFile': 'declarations import: name one file, e.g. `declarations import data/declarations.example.csv`.',
  'cli.roundName': '--round: give the round a name, e.g. --round 1404-h1.',
  'cli.subcommand': 'declarations {sub}: unknown subcommand; use `declarations import FILE`.',
  'export.round': '--round {name}: no such round. {known}',
  'export.rounds': 'Imported rounds: {names}.',
  'export.noRounds': 'Nothing has been imported: run `declarations import FILE` first.',
  'export.table': '--table {table}: no such table; use one of {tables}.',
  'export.tableCsv': '--table applies to --format csv only.',
  'export.lang': '--lang {lang}: use fa or en.',
  'export.langHtml': '--lang applies to --format html, pdf and xlsx only.',
} as const;

export type DeclMessageKey = keyof typeof en;

const fa: Record<DeclMessageKey, string> = {
  'file.unreadable': 'پرونده خوانده نمی‌شود ({detail}). مسیر را بررسی کنید.',
  'file.format': 'پروندهٔ ‎.{ext} خوانده نمی‌شود: آن را با قالب ‎.xlsx (کارپوشهٔ اکسل) یا ‎.csv ذخیره کنید.',
  'file.empty': `پرونده هیچ خوداظهاری‌ای ندارد: یک سطر سرستون (${COLUMNS}) و برای هر ادعا یک سطر بیفزایید.`,
  'csv.unterminated': 'نقل‌قولی که اینجا باز شده هرگز بسته نشده است و پرونده ناقص به نظر می‌رسد: نقل‌قول را ببندید یا پرونده را دوباره بسازید.',
  'csv.invalid': 'CSV معتبر نیست ({detail}): پرونده را دوباره با قالب CSV ذخیره کنید.',
  'csv.delimiter': 'سرستون یک ستون است که با «{delimiter}» جدا شده: پرونده را با جداکنندهٔ ویرگول (CSV, comma delimited) ذخیره کنید.',
  'json.invalid': 'JSON معتبر نیست ({detail}): نحو آن را درست کنید.',
  'json.shape': `آرایه‌ای از شیءها با کلیدهای ${COLUMNS} انتظار می‌رفت.`,
  'json.row': `شیئی با کلیدهای ${COLUMNS} انتظار می‌رفت.`,
  'json.cell': 'متن، عدد یا true/false انتظار می‌رفت، نه {type}.',
  'xlsx.invalid': 'کارپوشهٔ XLSX خوانا نیست ({detail}): آن را دوباره با قالب ‎.xlsx ذخیره کنید.',
  'xlsx.sheets': 'کارپوشه {count} برگه دارد ({names}): خوداظهاری‌ها را در یک برگه نگه دارید و بقیه را حذف کنید.',
  'xlsx.formula': 'این خانه فرمول دارد ({formula}): به‌جای آن مقدارش را بگذارید (کپی و سپس «چسباندن فقط مقدار»).',
  'column.missing': `سرستون ستون {column} را ندارد: ستون‌ها ${COLUMNS} هستند (دو ستون آخر اختیاری‌اند).`,
  'column.unknown': `ستون ناشناختهٔ «{column}»: ستون‌ها ${COLUMNS} هستند؛ آن را تغییر نام دهید یا حذف کنید.`,
  'column.repeated': 'ستون «{column}» دو بار آمده است: یکی را نگه دارید.',
  'row.extra': 'این سطر {count} خانه دارد اما سرستون {expected} ستون دارد: خانه‌های اضافه را حذف کنید یا مقدارهای دارای ویرگول را در نقل‌قول بگذارید.',
  'value.missing': 'خالی است: آن را پر کنید.',
  'agency.unknown': 'دستگاه ناشناختهٔ «{value}»: شناسه‌ای از {registry} به کار ببرید.',
  'indicator.unknown': 'شاخص ناشناختهٔ «{value}»: شناسه‌ای از فهرست شاخص‌ها (INDICATORS.md) به کار ببرید.',
  'indicator.notDeclarable': '«{value}» شاخص خوداظهاری نیست (دستگاه‌ها آن را اظهار نمی‌کنند): سطر را حذف کنید.',
  'declared.unreadable': '«{value}» مقدار اظهارشدهٔ معتبری نیست: yes/no/true/false/1/0/بله/خیر یا درصدی مانند ۸۰٪ بنویسید.',
  'declared.range': '«{value}» بیش از ۱۰۰٪ است: درصد از ۰٪ تا ۱۰۰٪ است.',
  'declared.count': '«{value}» عدد است و عدد فقط برای service-catalog (شمار خدمات) پذیرفته می‌شود: بله/خیر یا درصدی مانند ۸۰٪ بنویسید.',
  'url.invalid': '«{value}» نشانی http(s) نیست: نشانی کامل (https://…) یا مسیری در درگاه (/services/…) بنویسید.',
  'url.host': '{host} از میزبان‌های {agency} ({hosts}) نیست: نشانی‌ای در درگاه همان دستگاه به کار ببرید یا میزبان را به hosts آن در {registry} بیفزایید.',
  'row.duplicate': 'تکرار سطر {first} است (همان agency_id، indicator_id و service_url): یکی را نگه دارید.',
  'failed': '{file}: {count} خطا؛ هیچ چیز وارد نشد. خطاها را رفع کنید و دوباره وارد کنید.',
  'imported': '{rows} خوداظهاری برای {agencies} دستگاه از {file} ({format}، {encoding}) با نام دورهٔ «{round}» وارد شد.',
  'replaced': 'دورهٔ «{round}» پیش‌تر وجود داشت: {count} سطر قبلی آن جایگزین شد.',
  'next': 'نتیجهٔ راستی‌آزمایی: {command}',
  'demo.report': 'جدول‌های شورا در یک پروندهٔ HTML: {command}',
  'cli.oneFile': 'declarations import: یک پرونده نام ببرید، مثلاً `declarations import data/declarations.example.csv`.',
  'cli.roundName': '--round: برای دوره نامی بگذارید، مثلاً --round 1404-h1.',
  'cli.subcommand': 'declarations {sub}: زیرفرمان ناشناخته؛ `declarations import FILE` را به کار ببرید.',
  'export.round': '--round {name}: چنین دوره‌ای نیست. {known}',
  'export.rounds': 'دوره‌های واردشده: {names}.',
  'export.noRounds': 'هنوز چیزی وارد نشده است: نخست `declarations import FILE` را اجرا کنید.',
  'export.table': '--table {table}: چنین جدولی نیست؛ یکی از {tables} را به کار ببرید.',
  'export.tableCsv': '--table فقط با --format csv به کار می‌رود.',
  'export.lang': '--lang {lang}: fa یا en را به کار ببرید.',
  'export.langHtml': '--lang فقط با --format html، pdf و xlsx به کار می‌رود.',
};

export const DECLARATION_CATALOGS: Record<Lang, Record<DeclMessageKey, string>> = { en, fa };
const CATALOGS = DECLARATION_CATALOGS;

export function td(lang: Lang, key: DeclMessageKey, params?: Record<string, unknown>): string {
  return format(CATALOGS[lang][key], params);
}
