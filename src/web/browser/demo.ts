/**
 * The demo page's browser code. It holds no access token: the SDK talks to the demo's own endpoint
 * (`/demo/api`), which adds the demo client's token on the server (docs/demo-page.md says why).
 * Everything shown is built with textContent, never HTML: names come from certificates and lists.
 */
import { EidgateClient, isEidgateError, type Identity, type ScreeningMatch } from '../../../packages/client/src/index.ts';
import { describePersonalCode } from '../../mobileid/personal-code.ts';
import { TEXTS, type PageLocale, type PageTexts, type TextKey } from '../texts.ts';

/** Where the demo's token-holding endpoint is (demo-plugin.ts). */
const DEMO_API = '/demo/api';

type Phase =
  | { name: 'idle' }
  | { name: 'starting' }
  | { name: 'waiting'; controlCode: string }
  | { name: 'identified'; identity: Identity; checks: Checks }
  | { name: 'failed'; error: unknown };

interface Checks { sanctions: boolean; peps: boolean }

const element = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
};

const form = element<HTMLFormElement>('identify-form');
const personSelect = element<HTMLSelectElement>('person');
const phoneInput = element<HTMLInputElement>('phone');
const codeInput = element<HTMLInputElement>('code');
const sanctionsBox = element<HTMLInputElement>('sanctions');
const pepsBox = element<HTMLInputElement>('peps');
const startButton = element<HTMLButtonElement>('start');
const progress = element<HTMLElement>('progress');
const controlCodeText = element<HTMLElement>('control-code');
const cancelButton = element<HTMLButtonElement>('cancel');
const statusLine = element<HTMLElement>('status');
const result = element<HTMLElement>('result');
const failure = element<HTMLElement>('failure');

let locale: PageLocale = document.documentElement.lang === 'en' ? 'en' : 'lt';
let phase: Phase = { name: 'idle' };
let running: AbortController | undefined;

function texts(): PageTexts {
  return TEXTS[locale];
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function facts(rows: [string, string][]): HTMLDListElement {
  const list = make('dl', undefined, 'facts');
  for (const [term, value] of rows) list.append(make('dt', term), make('dd', value));
  return list;
}

/** "Estija (EE)": the browser knows country names in both languages. */
function countryName(code: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'region' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

function featureLabel(feature: string): string {
  const family = feature.startsWith('name_part:') ? 'name_part' : feature;
  return texts().features[family] ?? feature;
}

function renderMatch(match: ScreeningMatch, kind: 'sanctions' | 'peps'): HTMLElement {
  const t = texts();
  const box = make('article', undefined, 'match');
  box.append(make('h5', match.fullName ?? match.reference ?? '?'));
  const rows: [string, string][] = [];
  if (kind === 'sanctions' && match.listName) rows.push([t.list, match.listName]);
  if (kind === 'peps' && match.politicalPosition) rows.push([t.position, match.politicalPosition]);
  if (match.dateOfBirth) rows.push([t.entryDateOfBirth, match.dateOfBirth]);
  if (match.score !== null) rows.push([t.score, `${Math.round(match.score * 100)} %`]);
  box.append(facts(rows));
  if (match.explanation.length > 0) {
    box.append(make('p', t.why, 'label'));
    const reasons = make('ul');
    for (const item of match.explanation) {
      const sign = item.effect >= 0 ? '+' : '';
      reasons.append(make('li', `${featureLabel(item.feature)}: ${item.detail} (${sign}${item.effect.toFixed(3)})`));
    }
    box.append(reasons);
  }
  return box;
}

function renderScreening(title: string, checked: boolean, matches: ScreeningMatch[], kind: 'sanctions' | 'peps'): HTMLElement {
  const t = texts();
  const part = make('section');
  part.dataset.screening = kind;
  part.append(make('h4', title));
  if (!checked) part.append(make('p', t.notChecked, 'muted'));
  else if (matches.length === 0) part.append(make('p', t.noMatches, 'none'));
  else {
    part.append(make('p', t.matches(matches.length)));
    for (const match of matches) part.append(renderMatch(match, kind));
  }
  return part;
}

function renderIdentity(identity: Identity, checks: Checks): void {
  const t = texts();
  const issuer = identity.certificate.issuer;
  const born = describePersonalCode(identity.code)?.dateOfBirth;
  const heading = make('h2', `✓ ${t.resultHeading}`, 'verified');
  heading.id = 'result-heading';
  const rows: [string, string][] = [
    [t.name, `${identity.name} ${identity.surname}`],
    [t.personalCode, identity.code],
    [t.country, countryName(identity.country)],
  ];
  if (born) rows.push([t.dateOfBirth, born]);
  rows.push(
    [t.issuer, [issuer.commonName, issuer.organisation].filter(Boolean).join(', ')],
    [t.validity, `${identity.certificate.validFrom} – ${identity.certificate.validTo}`],
  );
  const again = make('button', t.again, 'again');
  again.type = 'button';
  again.addEventListener('click', reset);
  result.replaceChildren(
    heading,
    facts(rows),
    make('h3', t.screeningHeading),
    renderScreening(t.sanctionsMatches, checks.sanctions, identity.sanctions, 'sanctions'),
    renderScreening(t.pepsMatches, checks.peps, identity.peps, 'peps'),
    again,
  );
}

function renderFailure(error: unknown): void {
  const t = texts();
  const heading = make('h2', t.errorHeading);
  heading.id = 'failure-heading';
  const parts: HTMLElement[] = [heading];
  if (isEidgateError(error)) {
    parts.push(make('p', t.errors[error.kind], 'reason'));
    if (error.errorCode !== undefined) {
      // The gateway's own message, in the language of the request that got it.
      parts.push(make('p', `${t.gatewaySaid}: ${t.quoted(error.message)} (${t.errorCode} ${error.errorCode})`, 'muted'));
    }
  } else {
    parts.push(make('p', String(error), 'reason'));
  }
  const again = make('button', t.again, 'again');
  again.type = 'button';
  again.addEventListener('click', reset);
  parts.push(again);
  failure.replaceChildren(...parts);
}

/** Shows the current phase in the current language; the only function that changes what is visible. */
function render(): void {
  const t = texts();
  document.documentElement.lang = locale;
  // forEach: the project's DOM typings have no iterable NodeLists.
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((node) => {
    node.textContent = t[node.dataset.i18n as TextKey];
  });
  document.querySelectorAll<HTMLElement>('[data-i18n-label]').forEach((node) => {
    node.setAttribute('aria-label', t[node.dataset.i18nLabel as TextKey]);
  });
  document.querySelectorAll<HTMLButtonElement>('[data-locale]').forEach((button) => {
    button.setAttribute('aria-pressed', String(button.dataset.locale === locale));
  });
  const busy = phase.name === 'starting' || phase.name === 'waiting';
  startButton.disabled = busy;
  startButton.textContent = phase.name === 'starting' ? t.starting : t.start;
  progress.hidden = phase.name !== 'waiting';
  controlCodeText.textContent = phase.name === 'waiting' ? phase.controlCode : '';
  result.hidden = phase.name !== 'identified';
  failure.hidden = phase.name !== 'failed';
  if (phase.name === 'identified') renderIdentity(phase.identity, phase.checks);
  if (phase.name === 'failed') renderFailure(phase.error);
}

/** Moves to a phase, tells screen readers what happened, and puts focus where the news is. */
function enter(next: Phase): void {
  phase = next;
  render();
  const t = texts();
  if (next.name === 'starting') statusLine.textContent = t.starting;
  if (next.name === 'waiting') statusLine.textContent = `${t.controlCode} ${next.controlCode}. ${t.confirmHint}`;
  if (next.name === 'identified') {
    statusLine.textContent = t.identified;
    result.focus();
  }
  if (next.name === 'failed') {
    statusLine.textContent = t.errorHeading;
    failure.focus();
  }
}

function reset(): void {
  enter({ name: 'idle' });
  startButton.focus();
}

async function identify(): Promise<void> {
  const checks: Checks = { sanctions: sanctionsBox.checked, peps: pepsBox.checked };
  const client = new EidgateClient({ baseUrl: DEMO_API, locale });
  running = new AbortController();
  enter({ name: 'starting' });
  try {
    const identity = await client.mobile.identify({
      phone: phoneInput.value.trim(),
      code: codeInput.value.trim(),
      language: locale === 'lt' ? 'LIT' : 'ENG',
      ...checks,
    }, {
      signal: running.signal,
      onControlCode: (controlCode) => enter({ name: 'waiting', controlCode }),
    });
    enter({ name: 'identified', identity, checks });
  } catch (error) {
    if (isEidgateError(error) && error.kind === 'aborted') {
      statusLine.textContent = texts().cancelled;
      reset();
    } else {
      enter({ name: 'failed', error });
    }
  } finally {
    running = undefined;
  }
}

function fillFromPerson(): void {
  const option = personSelect.selectedOptions[0];
  if (!option || option.value === '') {
    phoneInput.focus();
    return;
  }
  phoneInput.value = option.dataset.phone ?? '';
  codeInput.value = option.dataset.code ?? '';
}

personSelect.addEventListener('change', fillFromPerson);
// Typing a number of one's own leaves the test person behind.
for (const input of [phoneInput, codeInput]) {
  input.addEventListener('input', () => {
    const option = personSelect.selectedOptions[0];
    if (option && (option.dataset.phone !== phoneInput.value || option.dataset.code !== codeInput.value)) personSelect.value = '';
  });
}
form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (running) return;
  void identify();
});
cancelButton.addEventListener('click', () => running?.abort());
document.querySelectorAll<HTMLButtonElement>('[data-locale]').forEach((button) => {
  button.addEventListener('click', () => {
    locale = button.dataset.locale === 'en' ? 'en' : 'lt';
    render();
  });
});

fillFromPerson();
render();
document.body.dataset.ready = 'true';
