import { useEffect, useState } from 'preact/hooks';
import { api, type AssignmentItem } from '../api';
import { formatDate, useI18n, type MessageKey } from '../i18n';
import { ErrorText } from './error-text';

interface Token {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
}

const SCOPES = ['read', 'submit', 'manage'];

export function TokensPage() {
  const { t, locale } = useI18n();
  const [tokens, setTokens] = useState<Token[]>([]);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read', 'submit']);
  const [created, setCreated] = useState<string | null>(null);
  const [assignments, setAssignments] = useState<AssignmentItem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = (): void => void api<Token[]>('/api/me/tokens').then(setTokens, setError);
  useEffect(load, []);
  useEffect(
    () => void api<AssignmentItem[]>('/api/assignments').then(setAssignments, setError),
    [],
  );
  const create = async (event: Event): Promise<void> => {
    event.preventDefault();
    try {
      const result = await api<{ token: string }>('/api/me/tokens', {
        method: 'POST',
        body: JSON.stringify({ name, scopes }),
      });
      setCreated(result.token);
      setName('');
      load();
    } catch (failure) {
      setError(failure);
    }
  };
  const revoke = async (id: string): Promise<void> => {
    await api(`/api/me/tokens/${id}`, { method: 'DELETE' });
    load();
  };
  const origin = location.origin;
  return (
    <section>
      <h1>{t('tokens.heading')}</h1>
      <p>{t('tokens.intro')}</p>
      <form class="card inline" onSubmit={(event) => void create(event)}>
        <label for="token-name">{t('tokens.name')}</label>
        <input
          id="token-name"
          required
          maxLength={100}
          value={name}
          onInput={(event) => setName(event.currentTarget.value)}
        />
        <fieldset>
          <legend>{t('tokens.scopes')}</legend>
          {SCOPES.map((scope) => (
            <label key={scope}>
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(event) =>
                  setScopes(
                    event.currentTarget.checked
                      ? [...scopes, scope]
                      : scopes.filter((s) => s !== scope),
                  )
                }
              />
              {t(`tokens.scope.${scope}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('tokens.create')}</button>
      </form>
      {created && (
        <div class="card notice" role="status">
          <p>{t('tokens.created')}</p>
          <pre data-testid="new-token">{created}</pre>
        </div>
      )}
      <ErrorText error={error} />
      {tokens.length === 0 ? (
        <p>{t('tokens.none')}</p>
      ) : (
        <table data-testid="tokens">
          <thead>
            <tr>
              <th scope="col">{t('tokens.name')}</th>
              <th scope="col">{t('tokens.scopes')}</th>
              <th scope="col">{t('tokens.lastUsed')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('tokens.revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <td>
                  {token.name} <code>{token.prefix}…</code>
                </td>
                <td>{token.scopes.map((s) => t(`tokens.scope.${s}` as MessageKey)).join(', ')}</td>
                <td>
                  {token.lastUsedAt ? formatDate(locale, token.lastUsedAt) : t('tokens.never')}
                </td>
                <td>
                  <button type="button" onClick={() => void revoke(token.id)}>
                    {t('tokens.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('tokens.cli')}</h2>
      <p>{t('tokens.cliInstall')}</p>
      <pre data-testid="cli-install">{'npm i -g .\nnpx dmlg --help'}</pre>
      <p>{t('tokens.cliHelp')}</p>
      <pre data-testid="cli-instructions">
        {cliInstructions(origin, assignments[0]?.slug ?? 'kmeans')}
      </pre>
      <h2>{t('tokens.git')}</h2>
      <p>{t('tokens.gitHelp')}</p>
      <pre data-testid="git-instructions">
        {gitInstructions(origin, assignments, t('tokens.gitCredentials'))}
      </pre>
    </section>
  );
}

function cliInstructions(origin: string, slug: string): string {
  return [
    `dmlg login --url ${origin} --token <token>`,
    'dmlg assignments',
    `dmlg submit ${slug} <file>`,
    'dmlg status',
  ].join('\n');
}

/** One clone line per assignment the reader can see, with its real course and slug. */
function gitInstructions(
  origin: string,
  assignments: readonly AssignmentItem[],
  credentials: string,
): string {
  const clones = assignments.length
    ? assignments.map((item) => `git clone ${origin}/git/${item.course}/${item.slug}.git`)
    : [`git clone ${origin}/git/<course>/<assignment>.git`];
  return [...clones, `# ${credentials}`, 'git commit -am "..." && git push'].join('\n');
}
