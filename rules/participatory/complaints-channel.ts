// A complaint form, or a navigation link to one (the agency's own system, the
// 111 system or سامد). A news headline about complaints is not a channel.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { labelText } from '../../crawlers/dom.ts';
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { matchesAny } from '../../src/text/match.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { formHeadedBy, isLoginForm } from '../lib/forms.ts';
import { HEADING_SELECTOR } from '../lib/labels.ts';
import { navLinks } from '../lib/links.ts';

const CUES = [
  'ثبت شکایت', 'فرم شکایت', 'سامانه شکایات', 'شکایات', 'شکایت', 'سامانه 111', 'سامد', 'سامانه پاسخگویی',
  // سامد's full name; «سامانه‌ی ۱۱۱» (the ZWNJ'd ezafe reads «سامانه ی»); a form's «مشخصات شاکی».
  'ارتباط مردم و دولت', 'سامانه ی 111', 'شاکی',
  'رسیدگی به شکایات', 'complaint', 'complaints', 'grievance',
];

/** A form for writing a complaint: a free-text field, named by its heading, legend, button or fields. */
function complaintForms($: CheerioAPI): Element[] {
  return $('form').toArray().filter((form) => {
    if (isLoginForm($, form) || $(form).find('textarea').length === 0) return false;
    const labels = $(form).find(`${HEADING_SELECTOR},label,button,input[type=submit]`).toArray().map(labelText).join(' ');
    return matchesAny(labels, CUES) || formHeadedBy($, form, CUES);
  });
}

export default defineRule({
  id: 'complaints-channel',
  pillar: 'participatory',
  title: { fa: 'امکان ثبت شکایت وجود دارد', en: 'Complaints can be filed' },
  messages: {
    form: { fa: 'فرم ثبت شکایت', en: 'A complaint form' },
    link: { fa: 'پیوند به سامانه شکایات', en: 'A link to a complaints system' },
    'not-found': { fa: 'فرم یا پیوند ثبت شکایت یافت نشد', en: 'No complaint form or link was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    for (const page of site.pages) {
      const form = complaintForms(ctx.dom(page))[0];
      if (form) return result.pass([cite(page, form, `${page.title} · ${labelText(form).slice(0, 120)}`)], 'form', { url: page.finalUrl });
    }
    for (const page of site.pages) {
      const link = navLinks(page, CUES)[0];
      if (link) return result.pass([citeLink(page, link)], 'link', { href: link.href });
    }
    return result.fail('not-found');
  },
});
