import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TariffDto } from '../../../shared/schemas';

/**
 * Which change the notice stands before: the tariff page (its items), an item's dialog, the price
 * change dialog (which explains the price itself), or the tariff settings (on the page, below the
 * page's notice, so without repeating the count).
 */
export type InUseContext = 'page' | 'item' | 'price' | 'settings';

const effectsOf: Record<InUseContext, readonly string[]> = {
  page: ['charges', 'price', 'fixed'],
  item: ['charges', 'price', 'fixed'],
  price: [],
  settings: ['settings', 'rule'],
};

/**
 * Says, before anything is changed, how many bookings a tariff in use has and what a change of it
 * does to them (from the server's counts). Nothing is shown for a tariff no booking ever used.
 */
export function TariffInUseNotice({ tariff, context }: { tariff: TariffDto; context: InUseContext }) {
  const { t } = useTranslation();
  if (!tariff.inUse) return null;
  const current = tariff.currentBookingCount;
  const effects = effectsOf[context];
  return (
    <Alert
      color="blue"
      variant="light"
      title={t('catalog.inUse.title')}
      data-testid={`tariff-in-use-${context}`}
    >
      {context !== 'settings' && (
        <Text size="sm" fw={500} data-testid="tariff-booking-count">
          {current > 0 ? t('catalog.inUse.current', { count: current }) : t('catalog.inUse.noCurrent')}
          {tariff.bookingCount > current && ` ${t('catalog.inUse.all', { count: tariff.bookingCount })}`}
        </Text>
      )}
      {effects.length > 0 && (
        <>
          <Text size="sm" mt={context === 'settings' ? 0 : 'xs'}>
            {t(context === 'settings' ? 'catalog.inUse.settingsTitle' : 'catalog.inUse.effectsTitle')}
          </Text>
          <List size="sm" spacing={2} mt={2}>
            {effects.map((effect) => (
              <List.Item key={effect}>{t(`catalog.inUse.${effect}`)}</List.Item>
            ))}
          </List>
        </>
      )}
    </Alert>
  );
}
