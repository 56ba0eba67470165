// Report → plain text, for the console, the CLI and every platform's notification fallback.
import type { Report } from '../core/types.ts';
import type { Outcome } from '../core/router.ts';
import { sourcesLine } from '../commands/report.ts';
import { TONE_MARK } from '../core/presentation.ts';


export function reportText(report: Report): string {
  const lines = [`${TONE_MARK[report.tone]} ${report.title}`, report.headline, ''];
  const width = Math.max(0, ...report.fields.map((f) => f.label.length));
  for (const f of report.fields) lines.push(`  ${f.tone ? TONE_MARK[f.tone] : ' '} ${f.label.padEnd(width)}  ${f.value}`);
  if (report.notes.length) lines.push('', ...report.notes.map((n) => `  · ${n}`));
  if (report.sources.length) lines.push('', `Sources: ${sourcesLine(report.sources)}`);
  return lines.join('\n');
}

/** One line for anything that is not an answer. */
export function outcomeText(o: Outcome): string {
  return o.kind === 'answer' ? reportText(o.report) : o.message;
}
