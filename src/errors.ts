// An error the user can fix: printed as one line, no stack, exit code 2.
// Built from a catalog key (em), it is shown in the command line's language;
// a message already translated by its caller (td, t) is shown as it is.
import { errorText, type ErrorKey } from './i18n/errors.ts';
import type { Lang } from './i18n/messages.ts';

export interface ErrorMessage { key: ErrorKey; params: Record<string, unknown> }

/** A catalog message: the key and its values, translated when printed. */
export function em(key: ErrorKey, params: Record<string, unknown> = {}): ErrorMessage {
  return { key, params };
}

export class UserError extends Error {
  readonly exitCode: number;
  readonly localized: ErrorMessage | null;
  /** `message` in English (err.message) when built from a key. */
  constructor(message: string | ErrorMessage, exitCode = 2) {
    super(typeof message === 'string' ? message : errorText('en', message.key, message.params));
    this.name = 'UserError';
    this.exitCode = exitCode;
    this.localized = typeof message === 'string' ? null : message;
  }

  text(lang: Lang): string {
    return this.localized ? errorText(lang, this.localized.key, this.localized.params) : this.message;
  }
}
