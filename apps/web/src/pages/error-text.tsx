import { ApiError } from '../api';
import { useI18n } from '../i18n';

/** An API error in the user's language, with the server's detail for the unexpected ones. */
export function ErrorText(props: { error: unknown }) {
  const { t } = useI18n();
  if (props.error === null || props.error === undefined) return null;
  let text: string;
  // A policy rejection carries the server's message in the user's language, naming the rule and time.
  if (props.error instanceof ApiError && props.error.rule) text = props.error.message;
  else if (props.error instanceof ApiError && props.error.status === 404)
    text = t('error.notFound');
  else if (props.error instanceof ApiError && props.error.status === 403)
    text = t('error.forbidden');
  else text = t('error.generic', { message: (props.error as Error).message });
  return (
    <p role="alert" class="error" data-testid="error">
      {text}
    </p>
  );
}
