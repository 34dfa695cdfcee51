// Smart channels: a mobile app (an app-store link or an .apk, or a menu item
// to the app), an SMS notification service (a menu item, an sms: link, or a
// label with its short code such as «سامانه پیامکی: ۳۰۰۰۱۲۳۴»), or a chatbot
// or virtual assistant (a bot account on Bale/Eitaa/Telegram/Rubika, or a
// menu item, button or labelled section). Any one passes; all found are
// recorded. A block of the home page whose own name is an app or an SMS
// service («اپلیکیشن همراه …», «اطلاع‌رسانی پیامکی») offers it too, and
// so does an image whose alt names one (a QR code «اپلیکیشن آبفای من», a
// store badge «دریافت از کافه بازار»).
// A mention in a sentence of prose is never a channel, nor a news
// entry, nor a promise («به‌زودی», «راه‌اندازی خواهد شد», a section that only
// says it is coming). A sentence that tells citizens how to use one is an
// offer, prose or not: a link to the app's store page («… را از کافه‌بازار
// نصب کنید»), or a short code to send a message to («… را به ۳۰۰۰۱۲۳۴
// بفرستید»), outside news and reports.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { ancestors, labelText, rawText } from '../../crawlers/dom.ts';
import { matchesAny } from '../../src/text/match.ts';
import type { LinkArtifact, PageArtifact } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { normalize } from '../../src/text/persian.ts';
import { APP_STORES } from '../lib/apps.ts';
import { blockOf, inRunningText } from '../lib/blocks.ts';
import { inPageChrome } from '../lib/chrome.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { saysFuture, saysPlaceholder, saysPlaceholderIn } from '../lib/decoy.ts';
import { cueHeadings, endsLikeHeadline, matchesWhole, opensWithCue, readsLikeLabel, words } from '../lib/labels.ts';
import { labelLinks, linkElement, onHosts } from '../lib/links.ts';
import { inDatedItem, isNewsPage, isNewsUrl } from '../lib/lists.ts';
import { sectionOf, within } from '../lib/sections.ts';

type Channel = 'app' | 'sms' | 'chatbot';

const APK = /\.apk$/i;
const APP_CUES = [
  'اپلیکیشن', 'اپلیکیشن موبایل', 'نرم افزار موبایل', 'نرم افزار همراه', 'نرم افزار تلفن همراه', 'برنامه موبایل', 'برنامه همراه',
  'اپ موبایل', 'دانلود اپلیکیشن', 'دریافت اپلیکیشن', 'دانلود اپ', 'mobile app', 'android app', 'ios app', 'our app', 'download the app', 'get the app',
  // Banks call their app a mobile bank: «همراه‌بانک …», «موبایل‌بانک …».
  'همراه بانک', 'موبایل بانک', 'mobile bank', 'mobile banking',
];
const SMS_CUES = [
  'سامانه پیامکی', 'سامانه پیامک', 'سامانه پیام کوتاه', 'اطلاع رسانی پیامکی', 'خدمات پیامکی', 'سرویس پیامکی', 'خدمات پیام کوتاه',
  'پیامک اطلاع رسانی', 'سرشماره پیامکی', 'سرشماره پیامک', 'شماره پیامک', 'شماره پیامکی', 'sms service', 'sms notification', 'sms notifications', 'sms alerts', 'text alerts', 'text message alerts',
];
/** An SMS number beside an SMS label: four to fourteen digits that are not a year. */
const SMS_NUMBER = /(?<!\d)\d{4,14}(?!\d)/g;
/** A short code of an SMS line (3000…, 1000…, 2000…, 5000…, 9830…): enough beside the bare word «پیامک» / "SMS". */
const SHORT_CODE = /(?<!\d)(\+?98|0098)?(3000|1000|2000|5000|9830)\d{2,10}(?!\d)/;
const SMS_WORDS = ['پیامک', 'پیام کوتاه', 'sms', 'text'];
const YEAR = /^(1[34]\d\d|19\d\d|20\d\d)$/;
/** A label with its number («سامانه پیامکی: ۳۰۰۰۱۲۳۴»), not a paragraph. */
const MAX_LABEL_WORDS = 10;
const LABEL_ELEMENTS = 'li,td,dd,dt,p,div,span,strong,b,small,address';
const CHATBOT_CUES = [
  'دستیار هوشمند', 'دستیار مجازی', 'دستیار صوتی', 'چت بات', 'ربات پاسخگو', 'ربات پاسخگویی', 'ربات هوشمند', 'بات پاسخگو', 'پاسخگوی هوشمند',
  // The bare «ربات» also names industrial robots; a messenger bot is named with its messenger.
  'ربات بله', 'ربات ایتا', 'ربات تلگرام', 'ربات روبیکا', 'ربات سروش',
  'پشتیبان هوشمند', 'chatbot', 'chat bot', 'virtual assistant', 'smart assistant', 'ai assistant',
];
/** Messengers whose bot accounts end in "bot" (ble.ir/xyz_bot, eitaa.com/xyzbot, t.me/XyzBot). */
const BOT_HOSTS = ['ble.ir', 'bale.ai', 'web.bale.ai', 'eitaa.com', 't.me', 'telegram.me', 'rubika.ir', 'splus.ir', 'igap.net'];
const BOT_NAME = /bot$/i;

interface Found { channel: Channel; citation: Citation }

/** Offered now: not in prose, not an entry of a news list, not a promise. */
function offeredEl($: CheerioAPI, el: Element): boolean {
  return !inRunningText(el) && !inDatedItem($, el) && !saysFuture(labelText(el)) && !saysPlaceholder(labelText(el));
}

function offered($: CheerioAPI, link: LinkArtifact): boolean {
  const el = linkElement($, link);
  return !el || offeredEl($, el);
}

/** Words of a report about a channel (someone else's news), not an offer of it. */
const REPORT_CUES = ['به گزارش', 'اعلام کرد', 'خبر داد', 'reported'];

/** A block of prose that tells citizens to use a channel: on a page that is not news, not in a dated entry, not a report or a promise. */
function instructs(page: PageArtifact, $: CheerioAPI, el: Element): boolean {
  if (isNewsPage(page) || inDatedItem($, el)) return false;
  const text = normalize(rawText(blockOf(el)));
  return !saysFuture(text) && !saysPlaceholder(text) && !matchesAny(text, REPORT_CUES);
}

/** An app's store link offered in a sentence of prose. */
function instructedLink(page: PageArtifact, $: CheerioAPI, link: LinkArtifact): boolean {
  const el = linkElement($, link);
  return !!el && instructs(page, $, el);
}

function lastSegment(href: string): string {
  return new URL(href).pathname.split('/').filter(Boolean).pop() ?? '';
}

/** A store page of an app (not the store's front page) or an .apk download. */
function isAppLink(link: LinkArtifact): boolean {
  const path = new URL(link.href).pathname;
  return (onHosts(link.href, APP_STORES) && path.replace(/\/+$/, '') !== '') || APK.test(path);
}

function isBotLink(link: LinkArtifact): boolean {
  return onHosts(link.href, BOT_HOSTS) && BOT_NAME.test(lastSegment(link.href));
}

function linkChannels(page: PageArtifact, $: CheerioAPI): Found[] {
  const out: Found[] = [];
  for (const link of page.links) {
    if (isAppLink(link) && (offered($, link) || instructedLink(page, $, link))) out.push({ channel: 'app', citation: citeLink(page, link) });
    if (isBotLink(link) && offered($, link)) out.push({ channel: 'chatbot', citation: citeLink(page, link) });
  }
  const named: Array<[Channel, readonly string[]]> = [['app', APP_CUES], ['sms', SMS_CUES], ['chatbot', CHATBOT_CUES]];
  for (const [channel, cues] of named) {
    for (const link of [...labelLinks($, page, cues), ...namingWhere($, page, cues)]) if (matchesWhole(link.text, cues) && offered($, link)) out.push({ channel, citation: citeLink(page, link) });
  }
  return out;
}

/** A link that opens with the channel and says where it is: «پاسخگوی هوشمند اداره کل در پیام‌رسان ایتا». */
function namingWhere($: CheerioAPI, page: PageArtifact, cues: readonly string[]): LinkArtifact[] {
  return page.links.filter((l) => {
    const text = normalize(l.text);
    return words(text) <= MAX_LABEL_WORDS && opensWithCue(text, cues) && readsLikeLabel(text, cues);
  });
}

function hasSmsNumber(text: string): boolean {
  return [...text.matchAll(SMS_NUMBER)].some((m) => !YEAR.test(m[0]));
}

/** sms: links, and short labels that give the SMS service with its number. */
function smsLabels(page: PageArtifact, $: CheerioAPI): Found[] {
  const out: Found[] = $('a[href^="sms:"], a[href^="SMS:"]').toArray().filter((a) => !inRunningText(a))
    .map((a) => ({ channel: 'sms' as const, citation: cite(page, a, `${labelText(a)} → ${a.attribs.href}`) }));
  for (const el of $(LABEL_ELEMENTS).toArray()) {
    const text = normalize(rawText(el));
    if (words(text) > MAX_LABEL_WORDS) continue;
    const labelled = matchesWhole(text, SMS_CUES) && hasSmsNumber(text);
    if (!labelled && !(matchesAny(text, SMS_WORDS) && SHORT_CODE.test(text))) continue;
    if (readsLikeLabel(text, SMS_CUES) && offeredEl($, el)) out.push({ channel: 'sms', citation: cite(page, el) });
  }
  return out;
}

/** Verbs of sending a message: «ارسال …»، «… بفرستید». */
const SEND_CUES = ['ارسال', 'بفرستید', 'send', 'text'];
const PROSE_ELEMENTS = 'p, li, dd, td';

/** Sentences that give a short code to send a message to, to get notices by SMS. */
function smsInstructions(page: PageArtifact, $: CheerioAPI): Found[] {
  return $(PROSE_ELEMENTS).toArray().filter((el) => {
    const text = normalize(rawText(el));
    return words(text) > MAX_LABEL_WORDS && SHORT_CODE.test(text) && matchesAny(text, [...SMS_WORDS, ...SMS_CUES])
      && matchesAny(text, SEND_CUES) && instructs(page, $, el);
  }).map((el) => ({ channel: 'sms' as const, citation: cite(page, el) }));
}

/** A link to a news story («اطلاعات بیشتر» → /news/55): it tells about the channel, it does not open it. */
function isNewsLink(a: Element): boolean {
  return /[/_=.-](news|khabar|akhbar)[/_=.-]/i.test(a.attribs.href ?? '');
}

/** Something to use in a section: a form field, a button, a link or an embedded widget. */
function interactive($: CheerioAPI, nodes: Element[]): Element | null {
  return within($, nodes, 'form,input,textarea,button,iframe,a[href]').find((el) => !inRunningText(el)) ?? null;
}

/** Headings that name a channel as a label: not a headline, not a news entry, not a promise, over a section that is more than a notice. */
function channelHeadings($: CheerioAPI, cues: readonly string[]): Array<{ h: Element; nodes: Element[] }> {
  return cueHeadings($, cues, { labelsOnly: true })
    .filter((h) => matchesWhole(labelText(h), cues) && offeredEl($, h))
    .map((h) => ({ h, nodes: sectionOf($, h) }))
    .filter(({ nodes }) => !saysPlaceholderIn($, nodes) && !saysFuture(normalize(nodes.map(rawText).join(' '))));
}

/**
 * Headed blocks (not headlines) that offer a channel: an SMS block with its
 * number or a sign-up field, a chatbot box, an app block with its download
 * link or store badge («اپلیکیشن همراه …» over a link or button).
 */
function sections(page: PageArtifact, $: CheerioAPI): Found[] {
  const out: Found[] = [];
  for (const { h, nodes } of channelHeadings($, SMS_CUES)) {
    const text = normalize(nodes.map(rawText).join(' '));
    if (hasSmsNumber(text) || within($, nodes, 'input[type=tel], input[type=number], input:not([type])').length) {
      out.push({ channel: 'sms', citation: cite(page, h, `${labelText(h)} · ${text}`) });
    }
  }
  for (const [channel, cues] of [['chatbot', CHATBOT_CUES], ['app', APP_CUES]] as const) {
    for (const { h, nodes } of channelHeadings($, cues)) {
      const el = interactive($, nodes);
      if (el && !(el.name === 'a' && isNewsLink(el))) out.push({ channel, citation: cite(page, el, `${labelText(h)} · ${labelText(el)}`) });
    }
  }
  return out;
}

/**
 * Buttons and labelled widgets (a floating chat launcher, an embedded chat
 * frame) that open an assistant. Images are left out: a news photo's title
 * names its subject.
 */
function chatWidgets(page: PageArtifact, $: CheerioAPI): Found[] {
  return $('button, [role=button], [aria-label], [title]').toArray()
    .filter((el) => !['a', 'img', 'html', 'body', 'title', 'abbr'].includes(el.name) && !ancestors(el).some((a) => a.name === 'a'))
    .filter((el) => {
      const text = labelText(el);
      return words(text) <= MAX_LABEL_WORDS && matchesWhole(text, CHATBOT_CUES) && readsLikeLabel(text, CHATBOT_CUES) && offeredEl($, el);
    })
    .map((el) => ({ channel: 'chatbot' as const, citation: cite(page, el, labelText(el)) }));
}

/** App stores named on a badge image («دریافت از کافه بازار», "Get it on Google Play"). */
const STORE_NAMES = ['کافه بازار', 'مایکت', 'سیب اپ', 'انار دونی', 'سیبچه', 'گوگل پلی', 'اپ استور', 'google play', 'app store'];

/** True when the image is, or links to, a news story: its alt names the story's subject. */
function newsImage($: CheerioAPI, img: Element): boolean {
  const a = ancestors(img).find((el) => el.name === 'a');
  return !!a && (isNewsLink(a) || isNewsUrl(a.attribs.href ?? ''));
}

/**
 * Images whose alt names an app, a store or an SMS service as a label (a QR
 * code, a store badge): offered now, not a news photo, not a headline or a promise.
 */
function imageAlts(page: PageArtifact, $: CheerioAPI): Found[] {
  if (isNewsPage(page)) return [];
  const named: Array<[Channel, readonly string[]]> = [['app', [...APP_CUES, ...STORE_NAMES]], ['sms', SMS_CUES], ['chatbot', CHATBOT_CUES]];
  const out: Found[] = [];
  for (const img of $('img[alt], input[type=image][alt]').toArray()) {
    const alt = normalize(img.attribs.alt);
    if (words(alt) === 0 || words(alt) > MAX_LABEL_WORDS || endsLikeHeadline(alt) || newsImage($, img) || !offeredEl($, img)) continue;
    for (const [channel, cues] of named) {
      // A chatbot is used, not scanned or downloaded: its picture counts only when it opens something.
      if (channel === 'chatbot' && !clickable(img)) continue;
      if (matchesAny(alt, cues)) out.push({ channel, citation: cite(page, img, alt) });
    }
  }
  return out;
}

/** An image that is a control: an image button, or inside a link, a button or a scripted element. */
function clickable(img: Element): boolean {
  if (img.name === 'input') return true;
  return [img, ...ancestors(img)].some((el) => (el.name === 'a' && !!el.attribs.href) || el.name === 'button'
    || el.attribs.role === 'button' || el.attribs.onclick !== undefined);
}

/** A card is this short: its name, a line and a badge. */
const MAX_CARD_WORDS = 30;

/** A name whose own card says it is coming («به‌زودی در کافه‌بازار», a «به‌زودی» badge): a promise, not an offer. */
function promisedInCard(el: Element): boolean {
  const card = el.parent;
  if (!card || card.type !== 'tag') return false;
  const text = normalize(rawText(card as Element));
  return words(text) <= MAX_CARD_WORDS && (saysFuture(text) || saysPlaceholder(text));
}

/** A home-page block's name is this short: «اپلیکیشن همراه بهزیستی», «اطلاع‌رسانی پیامکی». */
const MAX_BLOCK_NAME_WORDS = 6;

/**
 * Blocks of the home page's content that name an app or an SMS service as a
 * label of their own (a tile, a box title), not in prose, a news entry, a
 * promise or the page frame: the home page offers what its blocks name.
 */
function homeBlocks(page: PageArtifact, $: CheerioAPI): Found[] {
  const out: Found[] = [];
  // The whole body: a page laid out in a table inside a page-wide form is content too; the frame is left out below.
  for (const el of $('body *').toArray()) {
    if (!['p', 'span', 'div', 'li', 'strong', 'b', 'h2', 'h3', 'h4', 'h5', 'h6', 'figcaption'].includes(el.name)) continue;
    if ($(el).children().toArray().some((c) => !['br', 'img', 'i', 'svg', 'span', 'strong', 'b'].includes(c.name))) continue;
    const text = normalize(rawText(el));
    if (words(text) === 0 || words(text) > MAX_BLOCK_NAME_WORDS || inPageChrome(el) || !offeredEl($, el) || promisedInCard(el)) continue;
    for (const [channel, cues] of [['app', APP_CUES], ['sms', SMS_CUES]] as const) {
      if (matchesWhole(text, cues) && readsLikeLabel(text, cues)) out.push({ channel, citation: cite(page, el, text) });
    }
  }
  return out;
}

export default defineRule({
  id: 'smart-channels',
  pillar: 'integrated',
  title: { fa: 'کانال‌های هوشمند (اپلیکیشن، پیامک، دستیار هوشمند)', en: 'Smart channels (app, SMS, assistant)' },
  messages: {
    found: { fa: 'کانال‌های هوشمند: {channels}', en: 'Smart channels: {channels}' },
    'not-found': { fa: 'اپلیکیشن، سامانه پیامکی یا دستیار هوشمند یافت نشد', en: 'No mobile app, SMS service or chatbot was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    const first = new Map<Channel, Found>();
    for (const page of site.pages) {
      const $ = ctx.dom(page);
      const home = page === site.home ? homeBlocks(page, $) : [];
      for (const f of [...linkChannels(page, $), ...smsLabels(page, $), ...smsInstructions(page, $), ...sections(page, $), ...chatWidgets(page, $), ...imageAlts(page, $), ...home]) {
        if (!first.has(f.channel)) first.set(f.channel, f);
      }
    }
    if (first.size === 0) return result.fail('not-found');
    const channels = [...first.keys()];
    return result.pass([...first.values()].map((f) => f.citation), 'found', { channels: channels.join(', '), channelList: channels });
  },
});
