import type { Locale } from '../../../shared/locales';
import { formatMailDate } from '../mail/mail.templates';

/** A declaration as the confirmation and the receipt word it (dates ISO, the receipt time formatted). */
export type DeclarationFacts = {
  portal: string;
  kind: 'ordinary' | 'extraordinary';
  reason: string | null;
  name: string;
  email: string;
  contract: string;
  desiredEndDate: string | null;
  confirmationEmail: string;
  /** Date and time of receipt, formatted in the operator's zone. */
  receivedAt: string;
  reference: string;
};

const words = {
  de: {
    title: 'Kündigung',
    receiptTitle: 'Eingangsbestätigung Ihrer Kündigung',
    kind: 'Art der Kündigung',
    ordinary: 'ordentliche Kündigung',
    extraordinary: 'außerordentliche Kündigung',
    reason: 'Kündigungsgrund',
    name: 'Name',
    email: 'E-Mail-Adresse',
    contract: 'Vertrag',
    desired: 'Gewünschter Beendigungszeitpunkt',
    earliest: 'zum nächstmöglichen Zeitpunkt',
    confirmationEmail: 'E-Mail-Adresse für die Bestätigung',
    received: 'Eingegangen am',
    reference: 'Vorgangsnummer',
    hello: 'Guten Tag',
    intro: 'wir haben Ihre Kündigung über den Kündigungsbutton erhalten. Inhalt Ihrer Erklärung:',
    endsOn: 'Der Vertrag endet am',
    endFollows:
      'Den Zeitpunkt, zu dem der Vertrag endet, teilen wir Ihnen mit, sobald wir den Vertrag zugeordnet haben.',
    endKnownIntro: 'wir haben Ihre Kündigung dem Vertrag zugeordnet.',
    subjectReceipt: 'Eingang Ihrer Kündigung',
    subjectEnd: 'Ihre Kündigung: Vertragsende',
    pdfNote:
      'Diese Bestätigung gibt Ihre über den Kündigungsbutton abgegebene Erklärung mit Datum und Uhrzeit des Eingangs wieder.',
  },
  nl: {
    title: 'Opzegging',
    receiptTitle: 'Ontvangstbevestiging van uw opzegging',
    kind: 'Soort opzegging',
    ordinary: 'gewone opzegging',
    extraordinary: 'buitengewone opzegging',
    reason: 'Reden van de opzegging',
    name: 'Naam',
    email: 'E-mailadres',
    contract: 'Contract',
    desired: 'Gewenste einddatum',
    earliest: 'zo vroeg mogelijk',
    confirmationEmail: 'E-mailadres voor de bevestiging',
    received: 'Ontvangen op',
    reference: 'Kenmerk',
    hello: 'Goedendag',
    intro: 'wij hebben uw opzegging via de opzegknop ontvangen. De inhoud van uw verklaring:',
    endsOn: 'Het contract eindigt op',
    endFollows:
      'De datum waarop het contract eindigt, laten wij u weten zodra wij het contract hebben gevonden.',
    endKnownIntro: 'wij hebben uw opzegging aan het contract gekoppeld.',
    subjectReceipt: 'ontvangst van uw opzegging',
    subjectEnd: 'uw opzegging: einddatum',
    pdfNote: 'Deze bevestiging geeft uw verklaring via de opzegknop weer, met datum en tijd van ontvangst.',
  },
  en: {
    title: 'Cancellation',
    receiptTitle: 'Receipt of your cancellation',
    kind: 'Kind of cancellation',
    ordinary: 'ordinary cancellation',
    extraordinary: 'extraordinary cancellation',
    reason: 'Reason for cancelling',
    name: 'Name',
    email: 'E-mail address',
    contract: 'Contract',
    desired: 'Desired end',
    earliest: 'at the earliest possible date',
    confirmationEmail: 'E-mail address for the confirmation',
    received: 'Received on',
    reference: 'Reference',
    hello: 'Hello',
    intro: 'we have received your cancellation through the cancellation button. What you declared:',
    endsOn: 'The contract ends on',
    endFollows:
      'We will tell you the date on which the contract ends as soon as we have identified the contract.',
    endKnownIntro: 'we have matched your cancellation to the contract.',
    subjectReceipt: 'receipt of your cancellation',
    subjectEnd: 'your cancellation: end of the contract',
    pdfNote: 'This receipt states what you declared with the cancellation button and when it was received.',
  },
} as const;

export function declarationWords(locale: Locale) {
  return words[locale];
}

/** The declaration's content as label/value lines, in the reader's language. */
export function declarationLines(locale: Locale, f: DeclarationFacts): [string, string][] {
  const w = words[locale];
  return [
    [w.kind, f.kind === 'ordinary' ? w.ordinary : w.extraordinary],
    ...(f.reason ? ([[w.reason, f.reason]] as [string, string][]) : []),
    [w.name, f.name],
    [w.email, f.email],
    [w.contract, f.contract],
    [w.desired, f.desiredEndDate ? formatMailDate(locale, f.desiredEndDate) : w.earliest],
    [w.confirmationEmail, f.confirmationEmail],
    [w.received, f.receivedAt],
    [w.reference, f.reference],
  ];
}

/**
 * The confirmation to the declarant: at once with the content, the time of receipt and the end
 * (or that the end follows once the contract is identified); later, when staff matched it, the end.
 */
export function cancellationConfirmation(
  locale: Locale,
  f: DeclarationFacts & { endDate: string | null; stage: 'receipt' | 'end_date'; link: string },
): { subject: string; text: string } {
  const w = words[locale];
  const content = declarationLines(locale, f)
    .map(([label, value]) => `${label}: ${value}`)
    .join('\n');
  const end = f.endDate ? `${w.endsOn} ${formatMailDate(locale, f.endDate)}.` : w.endFollows;
  const intro = f.stage === 'end_date' ? `${w.endKnownIntro} ${w.intro}` : w.intro;
  return {
    subject: `${f.portal}: ${f.stage === 'end_date' ? w.subjectEnd : w.subjectReceipt}`,
    text: `${w.hello} ${f.name},\n\n${intro}\n\n${content}\n\n${end}\n\n${f.link}\n\n${f.portal}`,
  };
}
