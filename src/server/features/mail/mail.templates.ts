import type { Locale } from '../../../shared/locales';

type Message = { subject: string; text: string };

/** Texts of the e-mails the portal sends, per language. */
export const mailTemplates = {
  passwordReset(
    locale: Locale,
    p: { name: string; link: string; portal: string; validMinutes: number },
  ): Message {
    switch (locale) {
      case 'de':
        return {
          subject: `${p.portal}: Passwort zurücksetzen`,
          text: `Hallo ${p.name},\n\nüber diesen Link können Sie ein neues Passwort festlegen:\n\n${p.link}\n\nDer Link ist ${p.validMinutes} Minuten gültig und kann nur einmal verwendet werden. Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.\n\n${p.portal}`,
        };
      case 'en':
        return {
          subject: `${p.portal}: reset your password`,
          text: `Hello ${p.name},\n\nuse this link to choose a new password:\n\n${p.link}\n\nThe link is valid for ${p.validMinutes} minutes and works once. If you did not ask for this, ignore this e-mail.\n\n${p.portal}`,
        };
      default:
        return {
          subject: `${p.portal}: wachtwoord opnieuw instellen`,
          text: `Beste ${p.name},\n\nmet deze link kiest u een nieuw wachtwoord:\n\n${p.link}\n\nDe link is ${p.validMinutes} minuten geldig en werkt één keer. Heeft u hier niet om gevraagd, dan kunt u deze e-mail negeren.\n\n${p.portal}`,
        };
    }
  },
};
