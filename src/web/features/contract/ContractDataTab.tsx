import { SimpleGrid, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { AccountOwnerSection } from '../account-closing/AccountOwnerSection';
import { BillingAddressSection } from './BillingAddressSection';
import { ContractDurationSection } from './ContractDurationSection';
import { CustomerNumberSection } from './CustomerNumberSection';
import { contractKey } from './contract.api';
import { InvoiceReceiptSection } from './InvoiceReceiptSection';
import { LegalSection } from './LegalSection';
import { PartnerSection } from './PartnerSection';
import { PaymentTermsSection } from './PaymentTermsSection';
import { PurchaseOrderSection } from './PurchaseOrderSection';
import type { SectionProps } from './SectionCard';
import { TestAccountSection } from './TestAccountSection';
import { VatSection } from './VatSection';

/** Tab (1) Contract data: the sections (2)–(12) of DOMAIN.md §3, from the one contract request. */
export function ContractDataTab(props: SectionProps) {
  const queryClient = useQueryClient();
  const { realm, accountId } = props;
  return (
    <Stack gap="lg" data-testid="contract-data">
      <AccountOwnerSection
        accountId={accountId}
        realm={realm}
        onClosed={() => {
          // A client's session ended with the closing: their page stays as it is, with the answer.
          if (realm === 'staff')
            void queryClient.invalidateQueries({ queryKey: contractKey(realm, accountId) });
        }}
      />
      <PartnerSection {...props} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <BillingAddressSection {...props} />
        <InvoiceReceiptSection {...props} />
        <PurchaseOrderSection {...props} />
        <CustomerNumberSection {...props} />
        <PaymentTermsSection {...props} />
        <ContractDurationSection {...props} />
      </SimpleGrid>
      <VatSection {...props} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <LegalSection {...props} />
        <TestAccountSection {...props} />
      </SimpleGrid>
    </Stack>
  );
}
