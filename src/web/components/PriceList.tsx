import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { describeTerminationRule } from '../../shared/termination-text';
import { useLocale } from '../app/i18n';
import { localizedTextOf } from './localized-values';
import {
  amountParts,
  formatPercent,
  formatUnitPrice,
  groupPriceList,
  type PriceListItem,
  type PriceListTariff,
} from './price-list';

type PriceListProps = {
  tariff: PriceListTariff;
  /** The operator's currency (session.tenant.currency). */
  currency: string;
  /** Heading level of the group titles (the page decides where the list sits). */
  headingOrder?: 3 | 4 | 5;
};

/** A tariff as a client reads it: prices by group, VAT, minimum term and notice in words. */
export function PriceList({ tariff, currency, headingOrder = 4 }: PriceListProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const groups = groupPriceList(tariff.items);
  const hasFlagged = tariff.items.some((item) => item.minimumTurnoverFlag);
  return (
    <Stack gap="md" data-testid="price-list">
      {groups.length === 0 && (
        <Text c="dimmed" size="sm">
          {t('catalog.priceList.empty')}
        </Text>
      )}
      {groups.map(({ group, items }) => (
        <Stack key={group} gap={4}>
          <Title order={headingOrder} size="h5">
            {t(`catalog.priceList.groups.${group}`)}
          </Title>
          <Table verticalSpacing={6} withRowBorders={false}>
            <Table.Tbody>
              {items.map((item) => (
                <PriceRow
                  key={item.id}
                  item={item}
                  currency={currency}
                  tariffVatRate={tariff.vatRate}
                  showBillingMode={group === 'monthly' || group === 'usage' || group === 'options'}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ))}
      <Stack gap={4} pt="xs" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        <Text size="sm" data-testid="price-list-vat">
          {t('catalog.priceList.vatNote', { rate: formatPercent(tariff.vatRate, locale) })}
        </Text>
        <Text size="sm" data-testid="price-list-rule">
          {describeTerminationRule(tariff.terminationRule, locale)}
        </Text>
        {tariff.minimumTurnover !== null && hasFlagged && (
          <Text size="sm">
            {t('catalog.priceList.minimumTurnover', {
              amount: formatUnitPrice(tariff.minimumTurnover, currency, locale),
            })}
          </Text>
        )}
        {tariff.businessOnly && (
          <Group>
            <Badge variant="light" color="gray">
              {t('catalog.priceList.businessOnly')}
            </Badge>
          </Group>
        )}
      </Stack>
    </Stack>
  );
}

function PriceRow({
  item,
  currency,
  tariffVatRate,
  showBillingMode,
}: {
  item: PriceListItem;
  currency: string;
  tariffVatRate: string;
  /** The group title already says "one-time" or "yearly"; monthly items say in advance or in arrears. */
  showBillingMode: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const price = formatUnitPrice(item.unitPrice, currency, locale);
  const amount =
    item.key === 'usage' && item.unit
      ? t('catalog.priceList.perUnit', { price, unit: t(`catalog.units.${item.unit}`) })
      : price;
  const details = [
    showBillingMode ? t(`catalog.billingModes.${item.billingMode}`) : '',
    item.vatRate !== null && item.vatRate !== tariffVatRate
      ? t('catalog.priceList.itemVat', { rate: formatPercent(item.vatRate, locale) })
      : '',
  ].filter(Boolean);
  // Two columns: what it is (with how it is billed under it) and what it costs. A middle column for
  // the billing mode left too little room in a narrow card, and long words ran into each other.
  return (
    <Table.Tr data-testid="price-list-item">
      <Table.Td style={{ overflowWrap: 'break-word' }}>
        <Text size="sm" fw={500}>
          {localizedTextOf(item.title, locale)}
          {item.minimumTurnoverFlag ? ' *' : ''}
        </Text>
        {details.length > 0 && (
          <Text size="xs" c="dimmed">
            {details.join(' · ')}
          </Text>
        )}
        {item.terminationRule && (
          <Text size="xs" c="dimmed">
            {t('catalog.priceList.ownNotice', {
              rule: describeTerminationRule(item.terminationRule, locale),
            })}
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right" style={{ verticalAlign: 'top' }}>
        {/* In a narrow card "€ 0,85 per call" wraps between the price and its unit, not beyond the card. */}
        <Text size="sm" fw={600} data-testid="price-list-amount">
          {amountParts(amount, price).join(' ')}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
