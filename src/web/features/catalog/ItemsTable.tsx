import {
  Badge,
  Button,
  Checkbox,
  EmptyState,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  billingModes,
  itemKeys,
  type TariffDto,
  type TariffItemDto,
  tariffItemBody,
  usageUnits,
} from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { isStaleVersion, problemFieldErrors, schemaFieldErrors } from '../../app/form-errors';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AppForm } from '../../components/AppForm';
import { ErrorBanner } from '../../components/ErrorBanner';
import { errorMessage } from '../../components/error-message';
import { LocalizedTextFields } from '../../components/LocalizedTextFields';
import {
  emptyLocalized,
  fromLocalizedValues,
  type LocalizedValues,
  localizedTextOf,
  toLocalizedValues,
} from '../../components/localized-values';
import { formatPercent, formatUnitPrice } from '../../components/price-list';
import { TableScroll } from '../../components/TableScroll';
import {
  addTariffItem,
  catalogKeys,
  deleteTariffItem,
  type TariffItemInput,
  updateTariffItem,
} from './catalog.api';
import { catalogMessages } from './ModuleForm';
import { PriceChangeDialog } from './PriceChangeDialog';
import { mapRuleErrors, presetRuleValues, type RuleValues, ruleBodyOf, ruleValuesOf } from './rule-form';
import { TariffInUseNotice } from './TariffInUseNotice';
import { TerminationRuleEditor } from './TerminationRuleEditor';

type ItemKey = TariffItemDto['key'];

type ItemFormValues = {
  title: LocalizedValues;
  key: ItemKey;
  unitPrice: string;
  billingMode: TariffItemDto['billingMode'];
  vatRate: string;
  minimumTurnoverFlag: boolean;
  unit: TariffItemDto['unit'];
  hasOwnRule: boolean;
  rule: RuleValues;
  position: number | string;
};

/** The billing mode a new item of a key usually has. */
const usualBillingMode: Record<ItemKey, TariffItemDto['billingMode']> = {
  base_fee: 'monthly_in_advance',
  setup_fee: 'one_time',
  usage: 'monthly_in_arrears',
  additional_option: 'monthly_in_advance',
  manual: 'one_time',
};

function itemFormValues(item: TariffItemDto | null, position: number): ItemFormValues {
  return {
    title: item ? toLocalizedValues(item.title) : emptyLocalized(),
    key: item?.key ?? 'base_fee',
    unitPrice: item?.unitPrice ?? '',
    billingMode: item?.billingMode ?? 'monthly_in_advance',
    vatRate: item?.vatRate ?? '',
    minimumTurnoverFlag: item?.minimumTurnoverFlag ?? false,
    unit: item?.unit ?? null,
    hasOwnRule: item?.terminationRule != null,
    rule: item?.terminationRule ? ruleValuesOf(item.terminationRule) : presetRuleValues('immediate'),
    position: item?.position ?? position,
  };
}

/** The request body; the price stays the exact text typed (trimmed), never a float. */
function itemBodyOf(values: ItemFormValues): TariffItemInput {
  return {
    title: fromLocalizedValues(values.title),
    key: values.key,
    unitPrice: values.unitPrice.trim().replace(',', '.'),
    billingMode: values.billingMode,
    vatRate: values.vatRate.trim() || null,
    minimumTurnoverFlag: values.minimumTurnoverFlag,
    unit: values.key === 'usage' ? values.unit : null,
    terminationRule: values.key === 'additional_option' && values.hasOwnRule ? ruleBodyOf(values.rule) : null,
    position: values.position === '' ? 0 : Number(values.position),
  };
}

type Editing = { item: TariffItemDto | null } | null;

export function ItemsTable({ tariff }: { tariff: TariffDto }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const queryClient = useQueryClient();
  const canManage = tariff.abilities['catalog.manage'] === true;
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<TariffItemDto | null>(null);
  const [changingPrice, setChangingPrice] = useState<TariffItemDto | null>(null);
  const items = [...tariff.items].sort((a, b) => a.position - b.position);
  // Each item's own abilities decide what its row offers (on a tariff in use: no delete, and the
  // price changes from a date instead of in place).
  const can = (item: TariffItemDto, action: string) => item.abilities[action] === true;
  const offersPriceChange = (item: TariffItemDto) =>
    can(item, 'item.changePrice') && !can(item, 'item.editPrice');
  const hasActions = items.some(
    (item) => can(item, 'item.edit') || can(item, 'item.delete') || offersPriceChange(item),
  );

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: catalogKeys.tariff(tariff.id) });
    void queryClient.invalidateQueries({ queryKey: catalogKeys.tariffs(tariff.moduleId) });
  };

  const remove = useMutation({
    mutationFn: (item: TariffItemDto) => deleteTariffItem(item.id),
    onSuccess: () => {
      setDeleting(null);
      refresh();
      notifications.show({
        color: 'green',
        message: t('catalog.items.deleted'),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
    },
  });

  return (
    <Stack>
      {items.length === 0 ? (
        <EmptyState size="sm" title={t('catalog.items.empty')} description={t('catalog.items.emptyHint')} />
      ) : (
        <TableScroll minWidth={hasActions ? 560 : 480} label={t('tables.items')}>
          <Table verticalSpacing="xs" data-testid="items-table">
            <Table.Thead>
              <Table.Tr>
                {/* Room for the title and its badges ("Eigen opzegtermijn") beside the actions. */}
                <Table.Th miw={170}>{t('catalog.items.itemTitle')}</Table.Th>
                <Table.Th ta="right">{t('catalog.items.unitPrice')}</Table.Th>
                <Table.Th>{t('catalog.items.billingMode')}</Table.Th>
                {hasActions && (
                  <Table.Th>
                    <VisuallyHidden>{t('catalog.items.actions')}</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.id} data-testid="item-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {localizedTextOf(item.title, locale) || t('catalog.untitled')}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`catalog.itemKeys.${item.key}`)}
                    </Text>
                    <Group gap={4}>
                      {item.vatRate !== null && (
                        <Badge size="xs" variant="light" color="gray">
                          {t('catalog.items.vatOverride', { rate: formatPercent(item.vatRate, locale) })}
                        </Badge>
                      )}
                      {item.minimumTurnoverFlag && (
                        <Badge size="xs" variant="light" color="orange">
                          {t('catalog.items.flagged')}
                        </Badge>
                      )}
                      {item.terminationRule && (
                        <Badge size="xs" variant="light" color="violet">
                          {t('catalog.items.ownRuleBadge')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatUnitPrice(item.unitPrice, session.tenant.currency, locale)}
                    {item.unit && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        / {t(`catalog.units.${item.unit}`)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{t(`catalog.billingModes.${item.billingMode}`)}</Table.Td>
                  {hasActions && (
                    <Table.Td>
                      <Stack gap={2} align="flex-end">
                        {can(item, 'item.edit') && (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            onClick={() => setEditing({ item })}
                            data-testid="item-edit"
                          >
                            {t('catalog.items.edit')}
                          </Button>
                        )}
                        {offersPriceChange(item) && (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            onClick={() => setChangingPrice(item)}
                            data-testid="item-price-change"
                            aria-label={t('catalog.priceChange.openFor', {
                              item: localizedTextOf(item.title, locale) || t('catalog.untitled'),
                            })}
                          >
                            {t('catalog.priceChange.open')}
                          </Button>
                        )}
                        {can(item, 'item.delete') && (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            onClick={() => {
                              remove.reset();
                              setDeleting(item);
                            }}
                            data-testid="item-delete"
                          >
                            {t('catalog.items.delete')}
                          </Button>
                        )}
                      </Stack>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      {canManage && (
        <Group>
          <Button variant="light" onClick={() => setEditing({ item: null })} data-testid="item-add">
            {t('catalog.items.add')}
          </Button>
        </Group>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.item ? t('catalog.items.editTitle') : t('catalog.items.addTitle')}
        size="xl"
      >
        {editing && (
          <ItemForm
            tariff={tariff}
            item={editing.item}
            nextPosition={items.length ? (items[items.length - 1]?.position ?? 0) + 1 : 0}
            onDone={() => {
              setEditing(null);
              refresh();
            }}
            onChangePrice={(item) => {
              setEditing(null);
              setChangingPrice(item);
            }}
          />
        )}
      </Modal>
      <PriceChangeDialog tariff={tariff} item={changingPrice} onClose={() => setChangingPrice(null)} />
      <Modal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('catalog.items.deleteTitle')}
      >
        <Stack>
          <Text size="sm">
            {t('catalog.items.deleteConfirm', {
              title: deleting ? localizedTextOf(deleting.title, locale) : '',
            })}
          </Text>
          {remove.isError && (
            <ErrorBanner
              error={remove.error}
              message={
                isApiError(remove.error) && remove.error.status === 409
                  ? `${errorMessage(remove.error, t)} ${remove.error.problem?.title ?? ''}`.trim()
                  : undefined
              }
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)}>
              {t('catalog.cancel')}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => deleting && remove.mutate(deleting)}
            >
              {t('catalog.items.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function itemMessages(t: TFunction) {
  const base = catalogMessages(t);
  return (issue: Parameters<ReturnType<typeof catalogMessages>>[0], field: string) => {
    if (field === 'unit' && issue.code === 'custom') return t('catalog.validation.usageUnit');
    if (field === 'unitPrice' && issue.code === 'custom') return t('catalog.problems.negative_not_allowed');
    if (field === 'unitPrice' && issue.code === 'invalid_format') return t('catalog.validation.price');
    if (field === 'vatRate' && issue.code === 'invalid_format') return t('catalog.validation.vatRate');
    return base(issue, field);
  };
}

function useItemForm(item: TariffItemDto | null, position: number, t: TFunction) {
  return useForm<ItemFormValues>({
    initialValues: itemFormValues(item, position),
    validate: (values) =>
      mapRuleErrors(schemaFieldErrors(tariffItemBody, itemBodyOf(values), t, itemMessages(t))),
  });
}

type ItemFormProps = {
  tariff: TariffDto;
  item: TariffItemDto | null;
  nextPosition: number;
  onDone: () => void;
  /** Opens the price change from a date (an item whose price cannot change in place). */
  onChangePrice: (item: TariffItemDto) => void;
};

function ItemForm({ tariff, item, nextPosition, onDone, onChangePrice }: ItemFormProps) {
  const { t } = useTranslation();
  const session = useSession();
  const locale = useLocale();
  const form = useItemForm(item, nextPosition, t);
  const save = useMutation({
    mutationFn: (values: ItemFormValues) =>
      item
        ? updateTariffItem(item.id, itemBodyOf(values), item.version)
        : addTariffItem(tariff.id, itemBodyOf(values)),
    onSuccess: () => {
      notifications.show({
        color: 'green',
        message: t('catalog.items.saved'),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
      onDone();
    },
    onError: (error) =>
      form.setErrors(
        mapRuleErrors(problemFieldErrors(error, t, { namespace: 'catalog.problems', stripPrefix: 'item.' })),
      ),
  });
  const values = form.getValues();
  const errors = form.errors;
  // A new item may take any kind, mode and price; an existing one what its abilities allow.
  const kindFixed = item !== null && item.abilities['item.changeKind'] !== true;
  const priceFixed = item !== null && item.abilities['item.editPrice'] !== true;
  const canChangePrice = item !== null && item.abilities['item.changePrice'] === true;
  return (
    <AppForm onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="md">
        <TariffInUseNotice tariff={tariff} context="item" />
        {save.isError && (
          <ErrorBanner
            error={save.error}
            message={isStaleVersion(save.error) ? t('catalog.items.stale') : undefined}
          />
        )}
        <LocalizedTextFields
          legend={t('catalog.items.itemTitle')}
          required
          testId="item-title"
          inputProps={(lang) => form.getInputProps(`title.${lang}`)}
          error={errors.title}
          onEdit={() => form.clearFieldError('title')}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label={t('catalog.items.key')}
            allowDeselect={false}
            data-testid="item-key"
            data={itemKeys.map((key) => ({ value: key, label: t(`catalog.itemKeys.${key}`) }))}
            value={values.key}
            disabled={kindFixed}
            description={kindFixed ? t('catalog.itemFixed.kind') : undefined}
            onChange={(value) => {
              if (!value) return;
              const key = value as ItemKey;
              form.setFieldValue('key', key);
              if (!item) form.setFieldValue('billingMode', usualBillingMode[key]);
              if (key === 'usage' && !values.unit) form.setFieldValue('unit', 'call');
            }}
            error={errors.key}
          />
          <TextInput
            label={t('catalog.items.unitPrice')}
            description={
              priceFixed
                ? t('catalog.itemFixed.price')
                : t('catalog.items.unitPriceHint', { currency: session.tenant.currency })
            }
            required
            inputMode="decimal"
            data-testid="item-price"
            // Fixed: shown as prices are shown (the form keeps the stored price for the save).
            {...(priceFixed && item
              ? {
                  readOnly: true,
                  variant: 'filled',
                  value: formatUnitPrice(item.unitPrice, session.tenant.currency, locale),
                }
              : form.getInputProps('unitPrice'))}
          />
          <Select
            label={t('catalog.items.billingMode')}
            allowDeselect={false}
            disabled={kindFixed}
            description={kindFixed ? t('catalog.itemFixed.kind') : undefined}
            data-testid="item-billing"
            data={billingModes.map((mode) => ({ value: mode, label: t(`catalog.billingModes.${mode}`) }))}
            {...form.getInputProps('billingMode')}
          />
          {values.key === 'usage' && (
            <Select
              label={t('catalog.items.unit')}
              allowDeselect={false}
              data={usageUnits.map((unit) => ({ value: unit, label: t(`catalog.units.${unit}`) }))}
              {...form.getInputProps('unit')}
            />
          )}
          <TextInput
            label={t('catalog.items.vatRate')}
            description={t('catalog.items.vatRateHint', { rate: tariff.vatRate })}
            rightSection="%"
            inputMode="decimal"
            {...form.getInputProps('vatRate')}
          />
          <NumberInput
            label={t('catalog.items.position')}
            min={0}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('position')}
          />
        </SimpleGrid>
        <Checkbox
          label={t('catalog.items.minimumTurnoverFlag')}
          description={t('catalog.items.minimumTurnoverFlagHint')}
          {...form.getInputProps('minimumTurnoverFlag', { type: 'checkbox' })}
        />
        {values.key === 'additional_option' && (
          <Stack gap="xs">
            <Checkbox
              label={t('catalog.items.ownRule')}
              description={t('catalog.items.ownRuleHint')}
              {...form.getInputProps('hasOwnRule', { type: 'checkbox' })}
            />
            {values.hasOwnRule && (
              <TerminationRuleEditor
                testId="item-rule"
                values={values.rule}
                onChange={(rule) => form.setFieldValue('rule', rule)}
                errors={{
                  minimumTermMonths: errors['rule.minimumTermMonths'],
                  renewalMonths: errors['rule.renewalMonths'],
                  noticeAmount: errors['rule.noticeAmount'],
                  noticeUnit: errors['rule.noticeUnit'],
                  anchor: errors['rule.anchor'],
                  '': errors.rule,
                }}
              />
            )}
          </Stack>
        )}
        <Group justify="flex-end">
          {item && priceFixed && canChangePrice && (
            <Button
              variant="light"
              mr="auto"
              onClick={() => onChangePrice(item)}
              data-testid="item-form-price-change"
            >
              {t('catalog.priceChange.open')}
            </Button>
          )}
          <Button variant="default" onClick={onDone}>
            {t('catalog.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="item-save">
            {item ? t('catalog.items.save') : t('catalog.items.create')}
          </Button>
        </Group>
      </Stack>
    </AppForm>
  );
}
