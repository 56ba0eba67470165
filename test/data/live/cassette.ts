// Reads the request bodies and single-quoted response strings of a vcrpy YAML cassette (the KRX
// data-portal recordings). Only what those files use: YAML single-quoted scalars, where a line
// break plus the next line's indentation folds to one space and '' stands for a quote.
export interface Exchange {
  requestBody: string;
  responseBody: string;
}

export function readCassette(yaml: string): Exchange[] {
  const out: Exchange[] = [];
  let requestBody = '';
  const lines = yaml.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const req = /^ {4}body: (.*)$/.exec(line);
    if (req) requestBody = req[1]!;
    const start = line.indexOf("string: '");
    if (start < 0) continue;
    let text = line.slice(start + "string: '".length);
    while (!/(^|[^'])('')*'$/.test(text) || text.length === 0) {
      i++;
      const next = lines[i];
      if (next === undefined) throw new Error('unterminated single-quoted scalar');
      text += next.trim() === '' ? '\n' : ` ${next.trim()}`;
    }
    out.push({ requestBody, responseBody: text.slice(0, -1).replace(/''/g, "'") });
  }
  return out;
}
