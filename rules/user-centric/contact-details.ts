// Contact details: at least two of an address, a phone number (a `tel:` link
// or a written number), an email address and a contact form, shown where a
// portal puts them (its footer, header, <address>, a contact page or a section
// labelled «تماس با ما»). A number or an address inside a news story is not
// the agency's contact details.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { labelText, rawText } from '../../crawlers/dom.ts';
import type { PageArtifact } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { normalize } from '../../src/text/persian.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { isSampleEmail } from '../lib/decoy.ts';
import { isLoginForm } from '../lib/forms.ts';
import { endsLikeHeadline, words } from '../lib/labels.ts';
import { uncrawledNavLinks } from '../lib/links.ts';
import { labelledSections, linkedSections, outermost, within } from '../lib/sections.ts';

/** What a portal calls itself in «تماس با …»: a ministry's «ارتباط با وزارتخانه», a governorate's «تماس با فرمانداری». */
const ORG_NOUNS = [
  'سازمان', 'اداره', 'وزارت', 'شرکت', 'فرمانداری', 'استانداری', 'بخشداری', 'شهرداری', 'دانشگاه', 'دانشکده',
  'بنیاد', 'مرکز', 'ستاد', 'دفتر', 'دبیرخانه', 'پژوهشگاه', 'بیمارستان', 'بانک', 'صندوق', 'کمیته', 'شورا', 'نهاد',
];
/** The head of an agency, whose «ارتباط با شهردار» page is often where a small portal gives its phone and a form. */
const HEAD_TITLES = ['شهردار', 'فرماندار', 'استاندار', 'بخشدار', 'مدیرکل', 'مدیر کل', 'رئیس', 'ریاست'];
const CUES = [
  'تماس با ما', 'ارتباط با ما', 'اطلاعات تماس', 'راه های ارتباطی', 'راه های تماس', 'نشانی و تلفن', 'آدرس و تلفن',
  // «تماس با» names the portal's contact block whatever noun follows («تماس با شبکه», «تماس با گمرک»);
  // «ارتباط با» also heads units («ارتباط با صنعت»), so it needs an agency noun.
  'تماس با',
  ...[...ORG_NOUNS, ...HEAD_TITLES].map((noun) => `ارتباط با ${noun}`),
  'contact us', 'contact', 'get in touch',
];
type Kind = 'address' | 'phone' | 'email' | 'form';
const MIN_KINDS = 2;
/** A block longer than this is a text, not an address line. */
const MAX_ADDRESS_WORDS = 60;

// Phone numbers, on normalised text (ASCII digits). With an area or mobile
// code («021-88888888», «+98 21 8888 8888», «09121234567»), also written the
// RTL way round («88888888-021»); or any number of 4+ digits after a phone
// label («تلفن: ۳۳۴۴۵۵۶۶», «مرکز تماس: ۱۵۷۰»). Dates start 13xx/14xx/20xx, not 0.
const AREA = String.raw`(?:\+98[\s-]*|0098[\s-]*|0)\d{2,3}`;
const PHONE_WITH_AREA = new RegExp(String.raw`(?<![\d/.])(?:\(?${AREA}\)?[\s-]*\d{3,4}[\s-]?\d{4}|\d{3,4}[\s-]?\d{4}\s*(?:-\s*\(?0\d{2,3}\)?|\(0\d{2,3}\)))(?![\d/])`);
const PHONE_LABEL = String.raw`(?:تلفن|تلفکس|تلفاکس|شماره تماس|شماره تلفن|شماره های تماس|تلفن گویا|مرکز تماس|مرکز پاسخگویی|پاسخگویی تلفنی|phone|tel|telephone|call center|hotline)`;
const LABELLED_PHONE = new RegExp(String.raw`(?<![\p{L}])${PHONE_LABEL.replace(/ /g, String.raw`\s?`)}(?:(?:\s+\p{L}+){1,3}\s*:|\s*:?)\s*\(?\+?(\d[\d\s()\-–]{2,}\d)`, 'u');
const EMAIL = /[a-z0-9._%+-]+(?:@|\s?[[({]at[\])}]\s?)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/;
// «نشانی:» or «آدرس دفتر مرکزی:» with a value; not «آتش‌نشانی», nor a web or email address.
const ADDRESS_LABEL = /(?<![\p{L}])(?<!آتش ?)(?:آدرس|نشانی|address)(?! ?(?:اینترنتی|الکترونیک|ایمیل|پست الکترونیک|سایت|وب|email|e-mail|web|ip\b))(?:\s+\p{L}+){0,3}\s*:\s*\S+\s+\S+/u;
/** Street-address words; two of them make an address line («تهران، خیابان آزادی، پلاک ۱۲»). */
const ADDRESS_MARKERS = [
  'خیابان', 'بلوار', 'میدان', 'کوچه', 'پلاک', 'کد پستی', 'صندوق پستی', 'جاده', 'بزرگراه', 'اتوبان', 'چهارراه', 'تقاطع', 'نبش',
  'طبقه', 'ساختمان', 'شهرک', 'کیلومتر', 'ضلع', 'بن بست', 'روبروی', 'جنب', 'نرسیده به', 'بالاتر از', 'پایین تر از', 'کوی',
  'سه راه', 'فلکه', 'street', 'st.', 'avenue', 'ave.', 'blvd', 'boulevard', 'square', 'sq.',
  'road', 'floor', 'building', 'postal code', 'p.o. box', 'po box',
].map((m) => new RegExp(`(?<![\\p{L}])${m.replace(/[.]/g, '\\.').replace(/ /g, '\\s?')}(?![\\p{L}])`, 'u'));
const ADDRESS_ICON = /(^|[\s_-])(address|location|map-marker|map-pin|marker|pin)([\s_.-]|$)/i;
const CONTACT_ICON = /(^|[\s_/-])(phone|mobile|tel|telephone|envelope|mail|email|map-marker|marker|location|address|fax)([\s_.-]|$)/i;
const SCOPE_SELECTOR = 'footer, header, address, [role=contentinfo], [role=banner], [id*=footer i], [class*=footer i], [id*=contact i], [class*=contact i]';

interface Hit { kind: Kind; citation: Citation }

function phoneText(text: string): boolean {
  if (PHONE_WITH_AREA.test(text)) return true;
  const m = LABELLED_PHONE.exec(text);
  return !!m && m[1].replace(/\D/g, '').length >= 4;
}

function addressText(text: string, markedByIcon = false): boolean {
  if (words(text) > MAX_ADDRESS_WORDS || endsLikeHeadline(text)) return false;
  return ADDRESS_LABEL.test(text) || ADDRESS_MARKERS.filter((m) => m.test(text)).length >= (markedByIcon ? 1 : 2);
}

/** A line that a location icon (`fa-map-marker`, `.address`) introduces needs only one street word. */
function hasAddressIcon($: CheerioAPI, el: Element): boolean {
  return ADDRESS_ICON.test(el.attribs.class ?? '') || $(el).children('i,span,svg,img').toArray().some((c) => ADDRESS_ICON.test(`${c.attribs.class ?? ''} ${c.attribs.src ?? ''}`));
}

/** The smallest element in scope whose text passes the test: it is what the evidence outlines. */
function smallest($: CheerioAPI, scope: Element[], test: (text: string) => boolean, accept: (el: Element) => boolean = () => true): Element | null {
  let best: { el: Element; len: number } | null = null;
  for (const el of within($, scope, '*')) {
    if (!accept(el)) continue;
    const text = normalize(rawText(el));
    if (text && (!best || text.length < best.len) && test(text)) best = { el, len: text.length };
  }
  return best?.el ?? null;
}

/** Where a portal shows how to reach it: page furniture, and contact sections or pages. */
function scopes($: CheerioAPI, page: PageArtifact, linked: Element[]): Element[] {
  const furniture = $(SCOPE_SELECTOR).toArray().filter((el) => el.name !== 'body' && el.name !== 'html');
  const labelled = labelledSections($, page, CUES, { labelsOnly: true }).flatMap((s) => [s.anchor, ...s.nodes]).filter((el) => el.name !== 'title');
  return outermost([...furniture, ...labelled, ...linked, ...iconLines($)]);
}

/**
 * Lines that a contact icon introduces (`fa-phone`, `icon-envelope`,
 * `fa-map-marker`): div-soup templates mark their contact block this way
 * rather than with <footer> or a heading.
 */
function iconLines($: CheerioAPI): Element[] {
  return $('i[class], span[class], svg[class], img[src]').toArray()
    .filter((el) => CONTACT_ICON.test(`${el.attribs.class ?? ''} ${el.name === 'img' ? el.attribs.src : ''}`))
    .flatMap((el) => (el.parent && el.parent.type === 'tag' ? [el.parent as Element] : []));
}

function contactForm($: CheerioAPI, scope: Element[]): Element | null {
  return within($, scope, 'form').find((f) => !isLoginForm($, f) && $(f).find('textarea').length > 0) ?? null;
}

function hitsOnPage($: CheerioAPI, page: PageArtifact, linked: Element[]): Hit[] {
  const scope = scopes($, page, linked);
  const hits: Hit[] = [];
  const add = (kind: Kind, el: Element | null, text?: string) => { if (el) hits.push({ kind, citation: cite(page, el, text) }); };
  const tel = within($, scope, 'a[href^="tel:" i]').find((a) => /^tel:\s*\+?\d[\d\s()-]{2,}/.test(normalize(a.attribs.href))) ?? smallest($, scope, phoneText);
  add('phone', tel);
  // «mailto:?subject=…» is a share-by-email button, not an address.
  // A template's sample address (info@example.com) is nobody's.
  const mail = within($, scope, 'a[href^="mailto:" i]').find((a) => /^mailto:[^?@\s]+@/i.test(a.attribs.href) && !isSampleEmail(a.attribs.href))
    ?? smallest($, scope, (t) => EMAIL.test(t) && !isSampleEmail(t));
  add('email', mail, mail ? `${rawText(mail)} ${mail.attribs.href ?? ''}`.trim() : undefined);
  // A row of footer links («… خیابان …», «ساختمان …») is a menu, not an address line.
  const address = smallest($, scope, addressText, (el) => $(el).find('a').length <= 1)
    ?? smallest($, scope, (t) => addressText(t, true), (el) => $(el).find('a').length <= 1 && hasAddressIcon($, el));
  add('address', address);
  const form = contactForm($, scope);
  add('form', form, form ? labelText(form).slice(0, 120) : undefined);
  return hits;
}

export default defineRule({
  id: 'contact-details',
  pillar: 'user-centric',
  title: { fa: 'اطلاعات تماس در دسترس است', en: 'Contact details are published' },
  messages: {
    found: { fa: 'اطلاعات تماس: {kinds}', en: 'Contact details: {kinds}' },
    'one-kind': { fa: 'تنها یک راه تماس ({kinds}) یافت شد؛ دست‌کم دو مورد از نشانی، تلفن، ایمیل و فرم تماس لازم است', en: 'Only one way of contact ({kinds}); at least two of address, phone, email and contact form are needed' },
    'link-unverified': { fa: 'پیوند تماس با ما به صفحه‌ای بیرون از محدوده خزش؛ نیاز به بررسی', en: 'A contact link leads outside the crawl; needs review' },
    'not-found': { fa: 'نشانی، تلفن، ایمیل یا فرم تماس یافت نشد', en: 'No address, phone, email or contact form was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    let best: { page: PageArtifact; hits: Hit[] } | null = null;
    // The page a «تماس با ما» menu item leads to is the contact page, whatever its title says.
    const linked = linkedSections(site, ctx.dom, CUES);
    for (const page of site.pages) {
      const hits = hitsOnPage(ctx.dom(page), page, linked.filter((s) => s.page === page).flatMap((s) => s.nodes));
      if (!best || hits.length > best.hits.length) best = { page, hits };
      // Page furniture repeats on every page, so the first page that has enough usually stands for all.
      if (hits.length >= MIN_KINDS) break;
    }
    const hits = best?.hits ?? [];
    const data = { kinds: hits.map((h) => h.kind).join(', '), url: best?.page.finalUrl ?? null };
    if (hits.length >= MIN_KINDS) return result.pass(hits.map((h) => h.citation), 'found', data);
    // The contact page itself may be past the crawl budget or on another host.
    const outside = uncrawledNavLinks(site, CUES)[0];
    if (outside) return result.needsReview([citeLink(outside.page, outside.link)], 'link-unverified', { href: outside.link.href });
    return hits.length ? result.fail('one-kind', data, hits.map((h) => h.citation)) : result.fail('not-found');
  },
});
