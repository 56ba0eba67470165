// The message catalog: one typed object per language, built from one file per area
// (catalog/*.ts). English is the reference shape; every Korean area is typed against it, so a
// missing or misshapen translation fails `tsc`. Plain typed objects rather than i18next or
// @formatjs/intl: messages are functions with typed parameters (a wrong argument is a type
// error, which string templates with `{{var}}` cannot give), Korean needs no plural rules, and
// number/date formats are the few Intl calls in ./format.ts.
import * as common from './catalog/common.ts';
import * as kospiStress from './catalog/kospiStress.ts';
import * as help from './catalog/help.ts';
import * as digest from './catalog/digest.ts';
import * as platform from './catalog/platform.ts';
import * as gamma from './catalog/gamma.ts';
import * as notes from './catalog/notes.ts';
import * as volRatio from './catalog/volRatio.ts';
import * as actions from './catalog/actions.ts';
import * as corr from './catalog/corr.ts';
import * as theta from './catalog/theta.ts';
import * as aiBasket from './catalog/aiBasket.ts';
import * as alert from './catalog/alert.ts';
import * as calendar from './catalog/calendar.ts';
import { ko as commandsKo, type CommandWords } from './catalog/commands.ts';
import { FORMATS, type Formats } from './format.ts';
import type { Locale } from './locale.ts';
import type { Command } from '../types.ts';

export * from './locale.ts';
export { FORMATS, koreanUnits, type Formats } from './format.ts';
export type { CommandWords } from './catalog/commands.ts';
export type { AlertMessages, ConditionProblem } from './catalog/alert.ts';

export interface Messages {
  locale: Locale;
  f: Formats;
  common: common.CommonMessages;
  kospiStress: kospiStress.KospiStressMessages;
  help: help.HelpMessages;
  digest: digest.DigestMessages;
  platform: platform.PlatformMessages;
  gamma: gamma.GammaMessages;
  notes: notes.NotesMessages;
  volRatio: volRatio.VolRatioMessages;
  corr: corr.CorrMessages;
  theta: theta.ThetaMessages;
  aiBasket: aiBasket.AiBasketMessages;
  alert: alert.AlertMessages;
  calendar: calendar.CalendarMessages;
  actions: actions.ActionMessages;
}

const CATALOG: Record<Locale, Messages> = {
  en: { locale: 'en', f: FORMATS.en, common: common.en, kospiStress: kospiStress.en, help: help.en, digest: digest.en, platform: platform.en, gamma: gamma.en, notes: notes.en, volRatio: volRatio.en, corr: corr.en, theta: theta.en, aiBasket: aiBasket.en, alert: alert.en, calendar: calendar.en, actions: actions.en },
  ko: { locale: 'ko', f: FORMATS.ko, common: common.ko, kospiStress: kospiStress.ko, help: help.ko, digest: digest.ko, platform: platform.ko, gamma: gamma.ko, notes: notes.ko, volRatio: volRatio.ko, corr: corr.ko, theta: theta.ko, aiBasket: aiBasket.ko, alert: alert.ko, calendar: calendar.ko, actions: actions.ko },
};

/** The messages of a language (English when none is given). */
export function messages(locale: Locale | undefined): Messages {
  return CATALOG[locale ?? 'en'];
}

/** Korean words for commands, by command name (English is the command's own text). */
export const COMMAND_WORDS: { readonly ko: Readonly<Record<string, CommandWords>> } = { ko: commandsKo };

/** A zod message from src/commands/args.ts in the asker's language (unknown ones stay as written). */
export function translateIssue(m: Messages, message: string): string {
  const known = m.common.zod[message];
  if (known) return known;
  const bound = /^must be at (least|most) (.+)$/.exec(message);
  if (bound) return bound[1] === 'least' ? m.common.atLeast(bound[2]!) : m.common.atMost(bound[2]!);
  return message;
}

/** Command word → command name, for Korean names and aliases typed in mentions and the console. */
export function aliasIndex(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, w] of Object.entries(commandsKo)) {
    for (const word of [w.name, ...(w.aliases ?? [])]) out.set(word.toLowerCase(), name);
  }
  return out;
}

export interface CommandTexts {
  summary: string;
  explains: readonly string[];
  /** The description of an argument, or undefined where there is none. */
  arg(key: string, english: string | undefined): string | undefined;
}

/** A command's summary, explanations and argument descriptions in `locale` (English: its own). */
export function commandTexts(command: Pick<Command, 'name' | 'summary' | 'explains'>, locale: Locale | undefined): CommandTexts {
  const ko = locale === 'ko' ? COMMAND_WORDS.ko[command.name] : undefined;
  if (!ko) return { summary: command.summary, explains: command.explains ?? [], arg: (_key, english) => english };
  return { summary: ko.summary, explains: ko.explains, arg: (key, english) => ko.args[key]?.description ?? english };
}
