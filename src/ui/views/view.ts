// What every view is handed: the language, its formatters and labels, the
// signed-in user, and names from the model and the rules.
import type { Model } from '../../../rules/catalog.ts';
import type { RuleDefinition } from '../../engine/define-rule.ts';
import { ENGINE_MESSAGES } from '../../engine/messages.ts';
import { format, type Lang } from '../../i18n/messages.ts';
import { hasUiKey, tu, type UiKey } from '../../i18n/ui.ts';
import { formatters, type Formatters } from '../../report/format.ts';
import type { SessionUser } from '../../store/users.ts';

export interface View extends Formatters {
  lang: Lang;
  dir: 'rtl' | 'ltr';
  t: (key: UiKey, params?: Record<string, unknown>) => string;
  user: SessionUser | null;
  /** This page in the other language. */
  langHref: string;
  model: Model;
  indicatorTitle: (id: string) => string;
  pillarTitle: (id: string) => string;
  /** A finding's message (the rule's own, or the engine's), with its data filled in. */
  message: (ruleId: string, key: string | null, data: Record<string, unknown>) => string;
  /** An indicator score in [0,1] as a percentage, or "not assessed". */
  share: (score: number | null) => string;
  /** The label of a coded value (an outcome, verdict, role…); the code itself when the catalog has none. */
  label: (group: LabelGroup, value: string) => string;
}

export type LabelGroup = 'outcome' | 'verdict' | 'status' | 'role' | 'kind' | 'direction' | 'action';

export interface ViewInput {
  lang: Lang;
  user: SessionUser | null;
  langHref: string;
  model: Model;
  rules: ReadonlyMap<string, RuleDefinition>;
  timeZone: string;
}

export function makeView(input: ViewInput): View {
  const { lang, model, rules } = input;
  const t = (key: UiKey, params?: Record<string, unknown>) => tu(lang, key, params);
  const f = formatters(lang, t('dash'), input.timeZone);
  return {
    ...f, lang, dir: lang === 'fa' ? 'rtl' : 'ltr', t, user: input.user, langHref: input.langHref, model,
    indicatorTitle: (id) => rules.get(id)?.title[lang] ?? id,
    pillarTitle: (id) => model.pillars.find((p) => p.id === id)?.title[lang] ?? id,
    message: (ruleId, key, data) => {
      if (!key) return '';
      const text = rules.get(ruleId)?.messages[key] ?? ENGINE_MESSAGES[key];
      // Numbers in the language's digits; text (hosts, URLs) as recorded.
      const params = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'number' ? f.num(v, 2) : v]));
      return text ? format(text[lang], params) : key;
    },
    share: (score) => (score === null ? t('notAssessed') : f.pct(score)),
    label: (group, value) => {
      const key = `${group}.${value}`;
      return hasUiKey(key) ? t(key) : value;
    },
  };
}
