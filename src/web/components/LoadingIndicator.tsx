import { Loader, type MantineSize, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A spinner that assistive technology announces as "Loading…": the live region carries the
 * words, the animation is hidden (a Loader is a plain span, which may not carry an aria-label).
 */
export function LoadingIndicator({ size }: { size?: MantineSize }) {
  const { t } = useTranslation();
  return (
    <span role="status">
      <Loader size={size} aria-hidden="true" />
      <VisuallyHidden>{t('common.loading')}</VisuallyHidden>
    </span>
  );
}
