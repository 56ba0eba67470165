// The playground page: sends a command line to /api/ask and shows the answer as the chat platforms
// would, with the payload their adapters would send one tab away. DOM built with textContent only.

// The page's own words in both languages. The page speaks ?lang=, else the browser's language, and
// then the language of the latest answer (a `lang=ko` ask, a Korean command word, the bot's default).
const WORDS = {
  en: {
    title: 'stressbot playground', sub: 'playground', hint: 'Same router, data and rate limit as Slack and Discord',
    try: 'Try', placeholder: 'Type a command, e.g. /kospi-stress window=21', command: 'Command', ask: 'Ask',
    argHint: ['Type ', ' to see the commands · ', ' completes · ', ' recalls'],
    digestAside: 'Build a command and the digest preview', conversation: 'Conversation', loading: 'Loading…',
    slackMissing: 'The Slack adapter is not in this build.', discordMissing: 'The Discord adapter is not in this build yet, so there is no embed to show.',
    tone: { calm: 'calm', elevated: 'elevated', high: 'high', extreme: 'extreme', missing: 'no data' },
    copy: 'Copy JSON', copied: 'Copied', copyFailed: 'Copy failed', sources: 'Sources (as of)', stale: ' (stale)', openPng: 'Open the PNG',
    followUps: 'Follow-ups', answer: 'Answer', usage: 'Usage', dataMissing: 'Data missing', slowDown: 'Slow down', error: 'Error',
    useExample: 'Use example', noAnswer: 'No answer.', working: 'Working…', noServer: 'The playground server did not answer. Is `npm start` still running?',
    weekdays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'], digestFailed: 'Could not load the digest preview.',
    postsNext: 'Posts next', noRun: 'no run scheduled', cron: (cron, tz) => ['KRX trading days · cron ', cron, ` in ${tz}`],
    digestSources: (n, asOf) => `Sources: ${n} series, as of ${asOf}`, noDigest: 'No digest.', nextDigest: 'Next morning digest',
    askDigest: 'Ask /digest in the chat', demoData: 'DEMO data', data: (kind) => `${kind} data`,
    noCommands: 'Could not load the command list; typing still works.',
    welcome: ['Ask what a trader would ask in Slack or Discord: type a command below or pick one above. ',
      'Each answer shows the headline, the numbers with their regime colour, the chart, and where every number came from; ',
      'the tabs show the exact payload the Slack and Discord adapters would send.'],
  },
  ko: {
    title: 'stressbot 플레이그라운드', sub: '플레이그라운드', hint: 'Slack·Discord와 같은 라우터, 데이터, 요청 한도',
    try: '예시', placeholder: '명령어를 입력하세요. 예: /kospi-stress window=21', command: '명령어', ask: '질문',
    argHint: ['', ' 입력 시 명령어 목록 · ', ' 자동 완성 · ', ' 이전 입력'],
    digestAside: '명령어 만들기와 브리핑 미리보기', conversation: '대화', loading: '불러오는 중…',
    slackMissing: '이 빌드에는 Slack 어댑터가 없습니다.', discordMissing: '이 빌드에는 아직 Discord 어댑터가 없어 임베드를 보여드릴 수 없습니다.',
    tone: { calm: '안정', elevated: '주의', high: '경계', extreme: '위험', missing: '데이터 없음' },
    copy: 'JSON 복사', copied: '복사됨', copyFailed: '복사 실패', sources: '출처 (기준일)', stale: ' (지연)', openPng: 'PNG 열기',
    followUps: '후속 질문', answer: '답변', usage: '사용법', dataMissing: '데이터 없음', slowDown: '잠시 후 다시', error: '오류',
    useExample: '예시 사용', noAnswer: '답변이 없습니다.', working: '계산 중…', noServer: '플레이그라운드 서버가 응답하지 않습니다. `npm start`가 실행 중인지 확인하세요.',
    weekdays: ['일', '월', '화', '수', '목', '금', '토'], digestFailed: '브리핑 미리보기를 불러오지 못했습니다.',
    postsNext: '다음 발송', noRun: '예정된 발송 없음', cron: (cron, tz) => ['KRX 거래일 · cron ', cron, ` (${tz})`],
    digestSources: (n, asOf) => `출처: ${n}개 시계열, 기준 ${asOf}`, noDigest: '브리핑이 없습니다.', nextDigest: '다음 아침 브리핑',
    askDigest: '대화창에서 /digest 질문', demoData: 'DEMO 데이터', data: (kind) => `${kind} 데이터`,
    noCommands: '명령어 목록을 불러오지 못했습니다. 직접 입력은 됩니다.',
    welcome: ['Slack이나 Discord에서 트레이더가 묻듯이 물어보세요: 아래에 명령어를 입력하거나 위에서 고르세요. ',
      '답변마다 헤드라인, 국면 색상이 붙은 수치, 차트, 모든 수치의 출처를 보여주고, ',
      '탭에서는 Slack·Discord 어댑터가 보낼 실제 페이로드를 볼 수 있습니다.'],
  },
};
const ui = { lang: initialLang() };
/** ?lang=ko|en, else the browser's language. */
function initialLang() {
  const asked = new URLSearchParams(location.search).get('lang')?.toLowerCase();
  if (asked === 'ko' || asked === 'en') return asked;
  return navigator.language?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
const w = () => WORDS[ui.lang];
const PLATFORMS = [
  { key: 'slack', label: 'Slack · Block Kit', missing: () => w().slackMissing },
  { key: 'discord', label: 'Discord · embed', missing: () => w().discordMissing },
];
const toneLabel = (tone) => w().tone[tone] ?? tone;

/** The page's fixed words (index.html) in the page's language. */
function applyWords() {
  const t = w();
  document.documentElement.lang = ui.lang;
  document.title = t.title;
  for (const el of document.querySelectorAll('[data-w]')) el.textContent = t[el.dataset.w];
  for (const el of document.querySelectorAll('[data-w-label]')) el.setAttribute('aria-label', t[el.dataset.wLabel]);
  input.placeholder = t.placeholder;
  input.setAttribute('aria-label', t.command);
  if (!input.value) defaultArgHint();
}

/** Follows the language of an answer: a `lang=ko` ask turns the page Korean, `lang=en` back. */
function follow(locale) {
  const next = locale === 'ko' ? 'ko' : locale === 'en' ? 'en' : undefined;
  if (!next || next === ui.lang) return;
  ui.lang = next;
  applyWords();
  void loadDigest();
}

function defaultArgHint() {
  const [a, b, c, d] = w().argHint;
  argHint.replaceChildren(a, h('kbd', {}, '/'), b, h('kbd', {}, 'Tab'), c, h('kbd', {}, '↑'), d);
}

const state = { commands: [], previews: [], history: [], historyAt: 0, items: [], active: -1 };
const $ = (id) => document.getElementById(id);
const log = $('log');
const input = $('line');
const suggest = $('suggest');
const argHint = $('argHint');

/** A tiny element builder: props become attributes (`on*` become listeners), children text nodes. */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const toneOf = (t) => (t in WORDS.en.tone ? t : 'none');
const findCommand = (word) => {
  const bare = (word || '').replace(/^\//, '').toLowerCase();
  return state.commands.find((c) => c.name === bare);
};

// ---- answers ------------------------------------------------------------------------------

function jsonView(value) {
  const text = JSON.stringify(value, null, 2);
  const pre = h('pre', { class: 'json' });
  const re = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
  let at = 0;
  for (const m of text.matchAll(re)) {
    pre.append(text.slice(at, m.index));
    const cls = m[1] ? (m[2] ? 'k' : 's') : m[3] ? 'b' : 'n';
    pre.append(h('span', { class: `j-${cls}` }, m[1] ?? m[0]));
    if (m[2]) pre.append(m[2]);
    at = m.index + m[0].length;
  }
  pre.append(text.slice(at));
  const copy = h('button', { type: 'button', class: 'copy' }, w().copy);
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      copy.textContent = w().copied;
    } catch {
      copy.textContent = w().copyFailed;
    }
    setTimeout(() => (copy.textContent = w().copy), 1500);
  });
  return h('div', { class: 'payload' }, copy, pre);
}

function fieldTile(f) {
  const parts = f.value.split(' · ');
  const wide = f.value.length > 44;
  const value =
    wide && parts.length > 2
      ? h('ul', { class: 'parts' }, parts.map((p) => h('li', {}, p)))
      : h('div', { class: 'value' }, f.value);
  return h(
    'div',
    { class: `field tone-${toneOf(f.tone)}${wide ? ' wide' : ''}` },
    h('div', { class: 'label' }, f.tone ? h('span', { class: 'dot', title: f.tone }) : null, f.label),
    value,
  );
}

function sourcesLine(sources) {
  if (!sources?.length) return null;
  return h(
    'div',
    { class: 'sources' },
    h('span', { class: 'label' }, w().sources),
    sources.map((s) => h('span', { class: `src${s.stale ? ' stale' : ''}` }, h('b', {}, s.symbol), ` ${s.source} ${s.asOf}`, s.stale ? w().stale : '')),
  );
}

function chartFigure(c, cls = 'chart') {
  return h(
    'figure',
    { class: cls },
    h('a', { href: c.url, target: '_blank', rel: 'noopener', title: w().openPng },
      h('img', { src: c.url, width: c.width, height: c.height, alt: c.title, decoding: 'async' })),
  );
}

function answerView(report) {
  return h(
    'div',
    { class: 'view view-answer' },
    h('p', { class: 'headline' }, report.headline),
    report.fields.length ? h('div', { class: 'fields' }, report.fields.map(fieldTile)) : null,
    report.charts.length ? h('div', { class: 'charts' }, report.charts.map((c) => chartFigure(c))) : null,
    report.notes.length ? h('ul', { class: 'notes' }, report.notes.map((n) => h('li', {}, n))) : null,
    sourcesLine(report.sources),
  );
}

/** Tabs over the rendered answer and each platform's payload. */
function tabbed(first, previews) {
  const views = [{ key: 'answer', label: first.label, el: first.el }];
  for (const p of PLATFORMS) {
    const payload = previews?.[p.key];
    views.push({
      key: p.key,
      label: p.label,
      el: h('div', { class: `view view-${p.key}` }, payload === undefined ? h('p', { class: 'muted' }, p.missing()) : jsonView(payload)),
    });
  }
  const bar = h('div', { class: 'tabs', role: 'tablist' });
  const show = (key) => {
    for (const v of views) {
      v.el.hidden = v.key !== key;
      v.tab.setAttribute('aria-selected', String(v.key === key));
    }
  };
  for (const v of views) {
    v.tab = h('button', { type: 'button', role: 'tab', class: `tab tab-${v.key}`, 'data-view': v.key, onclick: () => show(v.key) }, v.label);
    bar.append(v.tab);
  }
  show('answer');
  return { bar, views: views.map((v) => v.el) };
}

/** The core's follow-ups under an answer: each button or select option asks its line through /api/ask. */
function actionsBar(actions) {
  if (!actions?.length) return null;
  const items = actions.map((a) => {
    if (a.kind === 'button') {
      return h('button', { type: 'button', class: 'follow-up', 'data-action': a.id, onclick: () => ask(a.line, a.basis) }, a.label);
    }
    const select = h('select', { class: 'follow-up', 'data-action': a.id, 'aria-label': a.placeholder },
      h('option', { value: '' }, a.placeholder),
      ...a.options.map((o, i) => h('option', { value: String(i), ...(o.selected ? { selected: '' } : {}) }, o.label)));
    select.addEventListener('change', () => {
      const o = a.options[Number(select.value)];
      if (o) ask(o.line, o.basis);
    });
    return select;
  });
  return h('div', { class: 'follow-ups', role: 'group', 'aria-label': w().followUps }, ...items);
}

function answerCard(report, previews, actions) {
  const tone = toneOf(report.tone);
  const { bar, views } = tabbed({ label: w().answer, el: answerView(report) }, previews);
  return h(
    'li',
    { class: `msg bot answer tone-${tone}`, 'data-command': report.command },
    h('div', { class: 'card-head' },
      h('span', { class: `pill tone-${tone}` }, toneLabel(report.tone)),
      h('h3', { class: 'title' }, report.title),
      bar),
    views,
    actionsBar(actions),
  );
}

const OUTCOME = {
  usage: { icon: '✎', label: 'usage' },
  data: { icon: '⚠', label: 'dataMissing' },
  rate: { icon: '⏳', label: 'slowDown' },
  error: { icon: '✖', label: 'error' },
};

function outcomeCard(kind, message, previews) {
  const o = OUTCOME[kind] ?? OUTCOME.error;
  const example = /(?:Example|예): (\/.+)$/.exec(message ?? '')?.[1];
  const line = h(
    'div',
    { class: 'oneline' },
    h('span', { class: 'icon', 'aria-hidden': 'true' }, o.icon),
    h('span', { class: 'text' }, message),
    example ? h('button', { type: 'button', class: 'use', onclick: () => fill(example) }, w().useExample) : null,
  );
  const { bar, views } = tabbed({ label: w()[o.label], el: h('div', { class: 'view' }, line) }, previews);
  return h('li', { class: `msg bot outcome outcome-${kind}` }, h('div', { class: 'card-head compact' }, bar), views);
}

function render(body) {
  return body.outcome === 'answer' && body.report
    ? answerCard(body.report, body.previews, body.actions)
    : outcomeCard(body.outcome, body.message ?? body.error ?? w().noAnswer, body.previews);
}

/**
 * Brings `el` into view above the composer: a new ask shows its line and the spinner, an answer its
 * headline at the top of the screen. Never the page's end, which on a phone is the digest panel.
 */
function reveal(el, block) {
  requestAnimationFrame(() => el.scrollIntoView({ block, behavior: 'instant' }));
}

async function ask(raw, basis) {
  const line = raw.trim();
  if (!line) return;
  if (state.history.at(-1) !== line) state.history.push(line);
  state.historyAt = state.history.length;
  log.append(h('li', { class: 'msg user' }, h('code', {}, line)));
  const pending = h('li', { class: 'msg bot pending' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), w().working);
  log.append(pending);
  reveal(pending, 'end');
  let body;
  try {
    const res = await fetch('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(basis ? { line, basis } : { line }) });
    body = await res.json();
    if (!body.outcome) body = { outcome: 'error', message: body.error ?? `HTTP ${res.status}` };
  } catch {
    body = { outcome: 'error', message: w().noServer };
  }
  if (body.report?.locale) follow(body.report.locale);
  else if (body.outcome === 'answer') follow('en');
  const card = render(body);
  pending.replaceWith(card);
  reveal(card, 'start');
}

// ---- the composer: autocomplete and argument hints ------------------------------------------

function fill(text) {
  input.value = text;
  input.focus();
  update();
}

/** What an argument means: its description, else how the command's examples use it (`e.g. move=-3`). */
function argNote(cmd, a) {
  if (a.description) return a.description;
  const used = cmd.examples.flatMap((e) => e.split(/\s+/)).find((w) => w.toLowerCase().startsWith(`${a.name}=`));
  return used ? `e.g. ${used}` : '';
}

function suggestionsFor(value) {
  const text = value.replace(/^\s+/, '');
  if (!/\s/.test(text)) {
    const token = text.replace(/^\//, '').toLowerCase();
    return state.commands
      .filter((c) => c.name.startsWith(token) || (token.length > 1 && c.name.includes(token)))
      .map((c) => ({ label: `/${c.name}`, detail: c.summary, insert: `/${c.name} ` }));
  }
  const words = text.split(/\s+/);
  const cmd = findCommand(words[0]);
  const last = words.at(-1);
  if (!cmd || last.includes('=')) return [];
  const head = words.slice(0, -1).join(' ');
  const given = new Set(words.slice(1, -1).map((w) => w.split('=')[0].toLowerCase()));
  const out = cmd.args
    .filter((a) => !given.has(a.name) && a.name.startsWith(last.toLowerCase()))
    .map((a) => ({
      label: `${a.name}=`,
      detail: [argNote(cmd, a), a.default !== undefined ? `default ${a.default}` : null].filter(Boolean).join(' · '),
      insert: `${head} ${a.name}=`,
    }));
  // /help takes a command name as a bare word.
  if (cmd.name === 'help' && words.length === 2) {
    out.unshift(...state.commands.filter((c) => c.name !== 'help' && c.name.startsWith(last.replace(/^\//, ''))).map((c) => ({ label: c.name, detail: c.summary, insert: `${head} ${c.name}` })));
  }
  return out;
}

function showSuggestions(items) {
  state.items = items;
  state.active = -1;
  suggest.replaceChildren(
    ...items.map((it, i) =>
      h('div', { class: 'option', role: 'option', id: `opt-${i}`, onmousedown: (e) => { e.preventDefault(); accept(i); } },
        h('code', {}, it.label), h('span', {}, it.detail ?? '')),
    ),
  );
  suggest.hidden = items.length === 0;
  // Open upwards only where the list fits above the input; near the top of the screen (a phone, an
  // empty conversation) it opens below, so it is always on screen.
  if (!suggest.hidden) suggest.classList.toggle('below', input.getBoundingClientRect().top < Math.min(300, suggest.scrollHeight) + 12);
  input.setAttribute('aria-expanded', String(items.length > 0));
}

function highlight(i) {
  state.active = i;
  [...suggest.children].forEach((el, j) => el.classList.toggle('active', j === i));
  if (i >= 0) input.setAttribute('aria-activedescendant', `opt-${i}`);
  else input.removeAttribute('aria-activedescendant');
}

function accept(i) {
  const it = state.items[i];
  if (!it) return;
  fill(it.insert);
}

function showArgHint(value) {
  const words = value.trim().split(/\s+/);
  const cmd = findCommand(words[0]);
  if (!cmd) {
    defaultArgHint();
    return;
  }
  const given = new Set(words.slice(1).map((w) => w.split('=')[0].toLowerCase()));
  argHint.replaceChildren(
    h('code', { class: 'usage' }, cmd.usage),
    ...cmd.args.map((a) => {
      const note = argNote(cmd, a);
      return h('span', { class: `arg${given.has(a.name) ? ' given' : ''}` },
        h('b', {}, a.name), a.default !== undefined ? `=${a.default}` : a.optional ? '' : ' (required)',
        note ? h('span', { class: 'desc' }, ` ${note}`) : null);
    }),
  );
}

function update() {
  showSuggestions(suggestionsFor(input.value));
  showArgHint(input.value);
}

input.addEventListener('input', update);
input.addEventListener('focus', update);
input.addEventListener('blur', () => setTimeout(() => showSuggestions([]), 100));
input.addEventListener('keydown', (e) => {
  const open = !suggest.hidden && state.items.length > 0;
  if (e.key === 'ArrowDown' && open) {
    e.preventDefault();
    highlight((state.active + 1) % state.items.length);
  } else if (e.key === 'ArrowUp' && open && state.active >= 0) {
    e.preventDefault();
    highlight(state.active - 1);
  } else if (e.key === 'ArrowUp' && state.history.length) {
    e.preventDefault();
    state.historyAt = Math.max(0, state.historyAt - 1);
    fill(state.history[state.historyAt]);
    showSuggestions([]);
  } else if (e.key === 'Tab' && open) {
    e.preventDefault();
    accept(state.active >= 0 ? state.active : 0);
  } else if (e.key === 'Enter' && open && state.active >= 0) {
    e.preventDefault();
    accept(state.active);
  } else if (e.key === 'Escape') {
    showSuggestions([]);
  }
});

$('composer').addEventListener('submit', (e) => {
  e.preventDefault();
  const line = input.value;
  input.value = '';
  showSuggestions([]);
  showArgHint('');
  void ask(line);
});

// ---- the build-a-command panel: the form Slack's modal draws, from /api/form -----------------

/** The builder speaks the page's language (?lang=, else the browser's; see initialLang). */
const pageLang = () => ui.lang;

/** `/name k=v …` in the form's field order, a value with spaces quoted (the core's own spelling). */
function spellLine(cmd, values) {
  const words = [`/${cmd.name}`];
  for (const f of cmd.fields) {
    const v = (values[f.name] ?? '').trim();
    if (v) words.push(`${f.name}=${/\s/.test(v) ? `"${v}"` : v}`);
  }
  return words.join(' ');
}

function fieldInput(f) {
  const id = `build-${f.name}`;
  const common = { id, name: f.name, 'data-arg': f.name, ...(f.optional ? {} : { required: true }) };
  let control;
  if (f.kind === 'date') control = h('input', { ...common, type: 'date' });
  else if (f.kind === 'select') control = h('select', common, h('option', { value: '' }, '—'), ...f.options.map((o) => h('option', { value: o }, o)));
  else if (f.kind === 'number') control = h('input', { ...common, type: 'number', step: 1, min: f.min, max: f.max, placeholder: f.default });
  else control = h('input', { ...common, type: 'text', maxlength: 100, placeholder: f.default });
  return h('label', { class: 'field', for: id },
    h('span', { class: 'name' }, f.name),
    control,
    f.description ? h('span', { class: 'hint' }, f.description) : null);
}

async function loadBuilder() {
  let form;
  try {
    form = await (await fetch(`/api/form?lang=${encodeURIComponent(pageLang())}`)).json();
  } catch {
    $('builder').hidden = true;
    return;
  }
  const labels = form.labels;
  $('builder-title').textContent = labels.build;
  $('build-command-label').textContent = labels.command;
  $('build-line-label').textContent = labels.line;
  $('build-submit').textContent = labels.submit;
  const pick = $('build-command');
  pick.replaceChildren(...form.commands.map((c) => h('option', { value: c.name }, `/${c.name}`)));
  const current = () => form.commands.find((c) => c.name === pick.value) ?? form.commands[0];
  const values = () => Object.fromEntries([...$('build-fields').querySelectorAll('[data-arg]')].map((el) => [el.dataset.arg, el.value]));
  const preview = () => { $('build-line').textContent = spellLine(current(), values()); };
  const draw = () => {
    const cmd = current();
    $('build-summary').textContent = cmd.summary;
    $('build-fields').replaceChildren(...cmd.fields.map(fieldInput));
    preview();
  };
  pick.addEventListener('change', draw);
  $('build-fields').addEventListener('input', preview);
  $('build-fields').addEventListener('change', preview);
  $('build').addEventListener('submit', (e) => {
    e.preventDefault();
    void ask(spellLine(current(), values()));
  });
  draw();
}

// ---- the digest panel -----------------------------------------------------------------------

/** `2026-11-23T08:30:00+09:00` → `Mon 2026-11-23 08:30 +09:00` (the wall time where the digest posts). */
function runLabel(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}):\d{2}([+-]\d{2}:\d{2}|Z)$/.exec(iso);
  if (!m) return iso;
  const day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDay();
  return `${w().weekdays[day]} ${m[1]}-${m[2]}-${m[3]} ${m[4]} ${m[5]}`;
}

const latest = (sources) => sources.map((s) => s.asOf).sort().at(-1);

async function loadDigest() {
  const panel = $('digest');
  let body;
  try {
    body = await (await fetch('/api/digest-preview')).json();
  } catch {
    body = { outcome: 'error', message: w().digestFailed };
  }
  const s = body.schedule;
  const next = s?.next ?? [];
  const schedule = s
    ? h('div', { class: 'schedule' },
        h('div', { class: 'next' }, h('span', { class: 'label' }, w().postsNext), h('strong', {}, next.length ? runLabel(next[0]) : w().noRun)),
        next.length > 1 ? h('ol', { class: 'runs' }, next.slice(1).map((r) => h('li', {}, runLabel(r)))) : null,
        h('div', { class: 'muted small' }, ...w().cron(s.cron, s.tz).map((part, i) => (i === 1 ? h('code', {}, part) : part))))
    : null;
  let content;
  if (body.outcome === 'answer' && body.report) {
    const r = body.report;
    content = h('div', { class: `digest-card tone-${toneOf(r.tone)}` },
      h('div', { class: 'digest-head' }, h('span', { class: `pill tone-${toneOf(r.tone)}` }, toneLabel(r.tone)), h('span', { class: 'digest-title' }, r.title)),
      h('p', { class: 'headline small' }, r.headline),
      h('dl', { class: 'digest-fields' },
        r.fields.flatMap((f) => [h('dt', {}, f.tone ? h('span', { class: `dot tone-${toneOf(f.tone)}` }) : null, f.label), h('dd', {}, f.value)])),
      r.charts.length ? h('div', { class: 'thumbs' }, r.charts.map((c) => chartFigure(c, 'thumb'))) : null,
      r.sources.length
        ? h('details', { class: 'more' }, h('summary', {}, w().digestSources(r.sources.length, latest(r.sources))), sourcesLine(r.sources))
        : null);
  } else {
    content = h('p', { class: 'muted' }, body.message ?? body.error ?? w().noDigest);
  }
  panel.replaceChildren(
    h('h2', {}, w().nextDigest),
    schedule,
    content,
    h('button', { type: 'button', class: 'secondary', onclick: () => void ask(ui.lang === 'ko' ? '/digest lang=ko' : '/digest') }, w().askDigest),
  );
}

// ---- start ----------------------------------------------------------------------------------

async function start() {
  applyWords();
  try {
    const cat = await (await fetch('/api/commands')).json();
    state.commands = cat.commands;
    state.previews = cat.previews;
    const badge = $('data-badge');
    badge.textContent = cat.demo ? w().demoData : w().data(cat.data);
    badge.classList.toggle('demo', Boolean(cat.demo));
    badge.hidden = false;
    const chips = $('try');
    for (const c of state.commands) {
      const example = c.examples[0] ?? `/${c.name}`;
      chips.append(h('button', { type: 'button', class: 'chip', title: c.summary, onclick: () => void ask(example) }, example));
    }
  } catch {
    argHint.textContent = w().noCommands;
  }
  log.append(h('li', { class: 'msg bot welcome' }, h('p', {}, ...w().welcome)));
  void loadBuilder();
  void loadDigest();
}

void start();
