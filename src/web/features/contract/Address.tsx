import { Text } from '@mantine/core';
import { formattingLocale, type Locale } from '../../../shared/locales';

type Address = {
  company: string | null;
  name: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
};

export function countryName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([formattingLocale[locale]], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** An address as it is printed on documents, one line each. */
export function AddressLines({
  address,
  locale,
  testId,
}: {
  address: Address;
  locale: Locale;
  testId?: string;
}) {
  const lines = [
    address.company,
    address.name,
    address.street,
    `${address.postalCode} ${address.city}`,
    countryName(address.country, locale),
  ].filter((line): line is string => Boolean(line));
  return (
    <Text component="address" fs="normal" data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one address, fixed in order
        <span key={i}>
          {line}
          {i < lines.length - 1 && <br />}
        </span>
      ))}
    </Text>
  );
}
