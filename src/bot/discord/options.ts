// The command registry as Discord application commands, and back: the slash command's options
// become the same `key=value` line every other platform sends, so the router stays the one validator.
import { z } from 'zod';
import { AUTOCOMPLETE_KEYS, autocompleteChoices, type Choice } from './autocomplete.ts';
import type { Core } from '../../core/pipeline.ts';
import type { APIApplicationCommandBasicOption, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Command } from '../../core/types.ts';
import { describedAs, enumValues, isNumberTransform, stages } from '../../core/schema.ts';
import { cut } from './embed.ts';
import { COMMAND_WORDS } from '../../core/i18n/index.ts';

// Discord's numbers, spelled out so the web playground can use this file without loading discord.js.
const CHAT_INPUT = 1;
const OPTION = { String: 3, Integer: 4, Number: 10 } as const;

/** Discord's limits on application commands. */
export const COMMAND_LIMITS = { name: 32, description: 100, options: 25, choices: 25, stringLength: 6000 } as const;

export type CommandPayload = RESTPostAPIChatInputApplicationCommandsJSONBody;
type BasicOption = APIApplicationCommandBasicOption;

/** Cut at a word boundary where one is near the limit (descriptions read better whole-worded). */
export function cutWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max - 1);
  // \u2013: an en dash, escaped so the bundle stays ASCII (scripts/bundle.mjs)
  return space >= max * 0.6 ? `${text.slice(0, space).replace(/[\s,;:\u2013-]+$/, '')}…` : cut(text, max);
}

/** The PUT body of /applications/{id}/commands: one chat-input command per registry entry. */
export function registrationPayload(commands: readonly Command[]): CommandPayload[] {
  return commands.map((command) => {
    const names = optionNames(command);
    const ko = COMMAND_WORDS.ko[command.name];
    const options = Object.entries(command.args.shape)
      .map(([key, schema]) => {
        const word = ko?.args[key];
        return {
          ...optionOf(key, schema as z.ZodType, command),
          name: names.get(key) ?? key,
          ...(word ? localized(word.name, word.description) : {}),
        };
      })
      // Every command takes lang= (the router reads it); Discord users pick it here.
      .concat('lang' in command.args.shape ? [] : [LANG_OPTION])
      // Discord rejects a required option listed after an optional one.
      .sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false))
      .slice(0, COMMAND_LIMITS.options);
    return {
      type: CHAT_INPUT,
      name: command.name,
      description: cutWords(command.summary, COMMAND_LIMITS.description),
      ...(ko ? localized(ko.name, ko.summary) : {}),
      ...(options.length ? { options } : {}),
    };
  });
}

/** Korean name and description, as Discord shows them to users whose client speaks Korean. */
function localized(name: string, description: string) {
  return {
    name_localizations: { ko: discordName(name) },
    description_localizations: { ko: cutWords(description, COMMAND_LIMITS.description) },
  };
}

/** Discord names: lowercase letters (any script), digits, - and _, at most 32. */
const discordName = (word: string): string => word.toLowerCase().replace(/[^-_\p{L}\p{N}]/gu, '').slice(0, COMMAND_LIMITS.name);

const LANG_OPTION: BasicOption = {
  type: OPTION.String,
  name: 'lang',
  description: 'answer language: ko (Korean) or en (English)',
  choices: [
    { name: 'English', value: 'en', name_localizations: { ko: '영어' } },
    { name: 'Korean (한국어)', value: 'ko', name_localizations: { ko: '한국어' } },
  ],
  ...localized('언어', '답변 언어: 한국어(ko) 또는 영어(en)'),
};

/**
 * Arg key → Discord option name. Discord allows lowercase letters, digits, - and _ only, so a key
 * shaped for typing (`score>` of `score>=80`) loses the rest; a clash takes a numeric suffix.
 */
export function optionNames(command: Command): Map<string, string> {
  const keys = Object.keys(command.args.shape);
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const key of keys) {
    const base = key.toLowerCase().replace(/[^-_\p{L}\p{N}]/gu, '').slice(0, COMMAND_LIMITS.name - 3) || 'arg';
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    names.set(key, name);
  }
  return names;
}

/**
 * One Discord option from one zod argument. NUMBER/INTEGER only where the text is read with plain
 * `Number` (so Discord's number, printed back, parses to itself); anything typed with units
 * (`move=-3` percent, `aum=50b`, dates) stays STRING and the router validates it.
 */
export function optionOf(key: string, schema: z.ZodType, command: Command): BasicOption {
  const parts = stages(schema);
  const required = !schema.safeParse(undefined).success;
  const description = cutWords(describedAs(schema) ?? fallbackDescription(key, command), COMMAND_LIMITS.description);
  const base = { name: key, description, ...(required ? { required } : {}) };

  const values = enumValues(schema);
  if (values) {
    return {
      ...base,
      type: OPTION.String,
      ...(values.length <= COMMAND_LIMITS.choices ? { choices: values.map((v) => ({ name: v, value: v })) } : {}),
    };
  }

  const numbers = parts.filter((p) => p instanceof z.ZodNumber);
  const plainNumber =
    numbers.length > 0 &&
    parts.at(-1) instanceof z.ZodNumber &&
    parts.every((p) => p instanceof z.ZodString || p instanceof z.ZodNumber || isNumberTransform(p));
  if (plainNumber) {
    const mins = numbers.map((n) => n.minValue).filter((v): v is number => v !== null && Number.isFinite(v));
    const maxs = numbers.map((n) => n.maxValue).filter((v): v is number => v !== null && Number.isFinite(v));
    const isInt = numbers.some((n) => n.isInt);
    const bound = (v: number) => Math.abs(v) <= Number.MAX_SAFE_INTEGER;
    const min = mins.length ? Math.max(...mins) : undefined;
    const max = maxs.length ? Math.min(...maxs) : undefined;
    const range = {
      ...(min !== undefined && bound(min) ? { min_value: min } : {}),
      ...(max !== undefined && bound(max) ? { max_value: max } : {}),
    };
    return isInt ? { ...base, type: OPTION.Integer, ...range } : { ...base, type: OPTION.Number, ...range };
  }

  const strings = parts.filter((p) => p instanceof z.ZodString);
  const maxLength = Math.min(COMMAND_LIMITS.stringLength, ...strings.map((s) => s.maxLength ?? Infinity));
  const minLength = Math.max(0, ...strings.map((s) => s.minLength ?? 0));
  return {
    ...base,
    type: OPTION.String,
    ...(AUTOCOMPLETE_KEYS.has(key) ? { autocomplete: true } : {}),
    ...(minLength > 0 ? { min_length: Math.min(minLength, COMMAND_LIMITS.stringLength) } : {}),
    ...(maxLength < COMMAND_LIMITS.stringLength ? { max_length: maxLength } : {}),
  };
}

/** "window, e.g. window=120" from the command's own examples when the schema has no description. */
function fallbackDescription(key: string, command: Command): string {
  const example = command.examples.flatMap((e) => e.split(/\s+/)).find((w) => w.toLowerCase().startsWith(`${key}=`));
  return example ? `${key}, e.g. ${example}` : `${key} (see /help ${command.name})`;
}

/** The option values of an interaction, as Discord sends them (top level: no subcommands). */
export interface OptionValue {
  name: string;
  value?: string | number | boolean;
}

/**
 * `/corr` + [{window: 120}] → "/corr window=120", option names mapped back to the command's arg keys
 * (`score` → `score>=80`); values with spaces keep together in quotes.
 */
export function lineFromOptions(name: string, options: readonly OptionValue[], commands: readonly Command[]): string {
  const command = commands.find((c) => c.name === name);
  const keyOf = new Map([...(command ? optionNames(command) : [])].map(([key, option]) => [option, key]));
  const words = options
    .filter((o) => o.value !== undefined && o.value !== '')
    .map((o) => {
      const key = keyOf.get(o.name) ?? o.name;
      const value = String(o.value).replace(/["']/g, '');
      return /\s/.test(value) ? `${key}="${value}"` : `${key}=${value}`;
    });
  return [`/${name}`, ...words].join(' ');
}

/** The choices for the option being typed, by its Discord name (`score` for `score>=`): both transports. */
export async function focusedChoices(core: Core, commandName: string, option: string, typed: string): Promise<Choice[]> {
  const command = core.commands.find((c) => c.name === commandName);
  const key = command ? [...optionNames(command)].find(([, name]) => name === option)?.[0] : undefined;
  return key ? autocompleteChoices(core, commandName, key, typed) : [];
}
