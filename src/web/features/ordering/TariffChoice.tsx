import { Badge, Group, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../shared/schemas';
import { formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { localizedTextOf } from '../../components/localized-values';
import { PriceList } from '../../components/PriceList';
import type { PriceListTariff } from '../../components/price-list';

export type ChoosableTariff = PriceListTariff & {
  id: string;
  title: LocalizedText;
  isPublic: boolean;
  /** Staff see the offer number of a non-public tariff. */
  offerNumber?: string | null;
  /** From the server (domain core): the dates if ordered today and cancelled right away. */
  ifOrderedToday?: { start: string; earliestEnd: string; lastDayToCancel: string };
};

type TariffChoiceProps = {
  tariffs: readonly ChoosableTariff[];
  value: string | null;
  onChange: (tariffId: string) => void;
  currency: string;
  error?: string | undefined;
  /** The client's name when staff order on the client's behalf (the texts then name the client). */
  client?: string | undefined;
};

/** The tariffs as selectable cards in the operator's order, each with its price list and dates. */
export function TariffChoice({ tariffs, value, onChange, currency, error, client }: TariffChoiceProps) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      value={value}
      onChange={onChange}
      label={t('ordering.tariffs.choose')}
      error={error}
      data-testid="tariff-choice"
    >
      <SimpleGrid cols={{ base: 1, md: tariffs.length > 1 ? 2 : 1 }} spacing="md" mt="xs">
        {tariffs.map((tariff) => (
          <TariffCard
            key={tariff.id}
            tariff={tariff}
            currency={currency}
            selected={value === tariff.id}
            client={client}
          />
        ))}
      </SimpleGrid>
    </Radio.Group>
  );
}

function TariffCard({
  tariff,
  currency,
  selected,
  client,
}: {
  tariff: ChoosableTariff;
  currency: string;
  selected: boolean;
  client: string | undefined;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const title = localizedTextOf(tariff.title, locale);
  const months = tariff.terminationRule.minimumTermMonths;
  return (
    <Radio.Card
      value={tariff.id}
      radius="md"
      p="md"
      withBorder
      style={{
        // A card is a button: keep its content at the top, not centred beside a taller neighbour.
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'flex-start',
        ...(selected ? { borderColor: 'var(--mantine-primary-color-filled)', borderWidth: 2 } : {}),
      }}
      data-testid="tariff-card"
      data-tariff-title={title}
      aria-label={title}
    >
      <Stack gap="sm" w="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="sm" wrap="nowrap" align="center">
            <Radio.Indicator />
            <Text fw={700} size="lg">
              {title}
            </Text>
          </Group>
          {!tariff.isPublic && (
            <Badge variant="light" color="grape">
              {tariff.offerNumber
                ? t('ordering.tariffs.offerWithNumber', { number: tariff.offerNumber })
                : t('ordering.tariffs.offer')}
            </Badge>
          )}
        </Group>
        <PriceList tariff={tariff} currency={currency} headingOrder={4} />
        <Stack gap={2}>
          <Text size="sm" data-testid="tariff-minimum-term">
            <Text span fw={600} size="sm">
              {t('ordering.tariffs.minimumTerm')}:{' '}
            </Text>
            {months > 0
              ? t('ordering.tariffs.months', { count: months })
              : t('ordering.tariffs.noMinimumTerm')}
          </Text>
          {tariff.ifOrderedToday && (
            <Text size="sm" data-testid="tariff-if-ordered-today">
              {t(client === undefined ? 'ordering.tariffs.ifOrderedToday' : 'ordering.staff.ifOrderedToday', {
                end: formatPlainDate(tariff.ifOrderedToday.earliestEnd, locale),
                cancelBy: formatPlainDate(tariff.ifOrderedToday.lastDayToCancel, locale),
                client,
              })}
            </Text>
          )}
        </Stack>
      </Stack>
    </Radio.Card>
  );
}
