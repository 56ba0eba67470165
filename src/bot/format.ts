// Report → plain text, for the console, the CLI and every platform's notification fallback.
import type { Report } from '../core/types.ts';
import type { Outcome } from '../core/router.ts';
import { sourcesLine } from '../commands/report.ts';
import { messages } from '../core/i18n/index.ts';
import { TONE_MARK } from '../core/presentation.ts';


export function reportText(report: Report): string {
  const lines = [`${TONE_MARK[report.tone]} ${report.title}`, report.headline, ''];
  // Hangul takes two terminal columns, so labels line up by display width, not by length.
  const width = Math.max(0, ...report.fields.map((f) => columns(f.label)));
  for (const f of report.fields) lines.push(`  ${f.tone ? TONE_MARK[f.tone] : ' '} ${f.label}${' '.repeat(width - columns(f.label))}  ${f.value}`);
  if (report.notes.length) lines.push('', ...report.notes.map((n) => `  · ${n}`));
  if (report.sources.length) lines.push('', `${messages(report.locale).common.sources}: ${sourcesLine(report.sources, report.locale)}`);
  return lines.join('\n');
}

/** One line for anything that is not an answer. */
export function outcomeText(o: Outcome): string {
  return o.kind === 'answer' ? reportText(o.report) : o.message;
}

/** Terminal columns of a label: East Asian wide characters (Hangul, CJK) take two. */
function columns(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFF00-\uFF60]/u.test(ch) ? 2 : 1;
  return n;
}
