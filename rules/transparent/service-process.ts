// The service's steps are shown: under a process label («مراحل انجام خدمت»,
// «فرآیند», «گردش کار», «روند انجام», "Steps", "How it works") a list of at
// least two items, numbered lines («۱- … ۲- …», «مرحله اول …»), arrows
// («ثبت ← بررسی ← صدور»), a table of steps, or a flowchart image or file; or
// a flowchart anywhere in the content named by its alt, caption or file name.
//
// A process label over a sentence or two of prose (≥ 6 words), with no
// steps set out, is a partial 0.5: the process is described but not shown
// step by step. A process word in running text without a label is nothing.
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { rawText } from '../../crawlers/dom.ts';
import { findSteps, pageFields, processFields } from '../lib/service-page.ts';
import { cite } from '../lib/cite.ts';
import { words } from '../lib/labels.ts';

const PROSE_SCORE = 0.5;
const MIN_PROSE_WORDS = 6;

export default defineRule({
  id: 'service-process',
  pillar: 'transparent',
  title: { fa: 'مراحل انجام خدمت اعلام شده است', en: 'The steps of the service are shown' },
  messages: {
    steps: { fa: 'مراحل انجام خدمت ({kind})', en: 'The steps of the service ({kind})' },
    prose: { fa: 'فرآیند خدمت تنها در قالب متن توصیف شده است', en: 'The process is described in prose, not as steps' },
    'not-found': { fa: 'مراحل یا نمودار فرآیند خدمت یافت نشد', en: 'No steps or process chart were found' },
  },
  needs: ['pages'],
  evaluateService(service, _site, ctx) {
    const $ = ctx.dom(service);
    const fields = pageFields(service, ctx);
    const found = findSteps($, fields);
    if (found) {
      const { steps, field } = found;
      const what = steps.el.name === 'img' ? `${steps.el.attribs.alt ?? ''} ${steps.el.attribs.src ?? ''}` : rawText(steps.el);
      const evidence = [cite(service, steps.el, `${field ? `${field.name}: ` : ''}${what}`)];
      return result.pass(evidence, 'steps', { kind: steps.kind, steps: steps.count, label: field?.name ?? null });
    }
    const prose = processFields(fields).find((f) => words(f.value) >= MIN_PROSE_WORDS);
    if (prose) return result.partial(PROSE_SCORE, [cite(service, prose.box, `${prose.name}: ${prose.value}`)], 'prose', { label: prose.name });
    return result.fail('not-found');
  },
});
