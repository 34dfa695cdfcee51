// Mobile-friendly: a viewport meta tag that follows the device width, and no
// sideways scrolling at 375 px (the browser's own measurement of the home page,
// and of the page a citizen opens next: a language splash or a new front page
// may fit a phone while the service pages behind it do not).
// Scrolling sideways fails whatever the tag says: the measurement is what a
// citizen on a phone meets; a home page that fits without the tag is partial.
import type { MobileCheck } from '../../crawlers/mobile.ts';
import { defineRule, result } from '../../src/engine/define-rule.ts';

/** Tolerate a pixel of rounding. */
const SLACK_PX = 1;

const fits = (m: MobileCheck) => m.scrollWidth !== null && m.scrollWidth <= m.viewportWidth + SLACK_PX;
const measured = (m: MobileCheck | undefined): m is MobileCheck => !!m && !m.error && m.scrollWidth !== null;
const evidenceOf = (m: MobileCheck) => ({ pageUrl: m.url, selector: null, snippet: `viewport: ${m.viewportMeta ?? '(none)'} · ${m.scrollWidth}px / ${m.viewportWidth}px`, attachment: 'mobile' as const });

export default defineRule({
  id: 'mobile-friendly',
  pillar: 'user-centric',
  title: { fa: 'درگاه برای موبایل مناسب است', en: 'The portal is mobile-friendly' },
  messages: {
    ok: { fa: 'viewport تنظیم است و در عرض {width} پیکسل پیمایش افقی ندارد', en: 'Viewport set, and no sideways scrolling at {width} px' },
    'no-viewport': { fa: 'تگ viewport با width=device-width وجود ندارد', en: 'No viewport meta tag with width=device-width' },
    'scrolls-sideways': { fa: 'در عرض {width} پیکسل، صفحه {scrollWidth} پیکسل پهنا دارد', en: 'At {width} px the page is {scrollWidth} px wide and scrolls sideways' },
    'behind-scrolls-sideways': { fa: 'صفحهٔ اصلی جا می‌شود، اما در عرض {width} پیکسل صفحهٔ {url} {behindWidth} پیکسل پهنا دارد', en: 'The home page fits, but at {width} px {url} is {behindWidth} px wide and scrolls sideways' },
    neither: { fa: 'نه viewport دارد و نه در عرض {width} پیکسل جا می‌شود', en: 'No viewport tag, and the page does not fit {width} px' },
    'not-measured': { fa: 'بررسی موبایل انجام نشد: {error}', en: 'The phone-width check did not run: {error}' },
  },
  needs: ['home'],
  evaluate(site) {
    const m = site.mobile;
    if (!measured(m)) return result.needsReview([], 'not-measured', { error: site.mobile?.error ?? 'not run' });
    const viewport = /width\s*=\s*device-width/i.test(m.viewportMeta ?? '');
    // The page behind counts when it was measured; a failed second check leaves the home page's verdict.
    const behind = measured(site.mobileBehind) ? site.mobileBehind : null;
    const data = { width: m.viewportWidth, scrollWidth: m.scrollWidth, viewportMeta: m.viewportMeta, behind: site.mobileBehind ? { url: site.mobileBehind.url, scrollWidth: site.mobileBehind.scrollWidth, error: site.mobileBehind.error } : null };
    if (!fits(m)) return result.fail(viewport ? 'scrolls-sideways' : 'neither', data, [evidenceOf(m)]);
    if (behind && !fits(behind)) return result.fail('behind-scrolls-sideways', { ...data, url: behind.url, behindWidth: behind.scrollWidth }, [evidenceOf(behind)]);
    const evidence = [evidenceOf(m), ...(behind ? [evidenceOf(behind)] : [])];
    if (viewport) return result.pass(evidence, 'ok', data);
    return result.partial(0.5, evidence, 'no-viewport', data);
  },
});
