import type { PersonalisedEmail } from './types.js';

/** Renders the mail. Names are used verbatim: unicode and very long names must survive intact. */
export function personaliseEmail(campaign: { name: string; subject: string }, recipientName: string): PersonalisedEmail {
  const subject = campaign.subject.includes('{{name}}')
    ? campaign.subject.replaceAll('{{name}}', recipientName)
    : `${recipientName}, ${campaign.subject}`;
  const body = [`Hello ${recipientName},`, '', `${campaign.subject.replaceAll('{{name}}', recipientName)}`, '', `— ${campaign.name}`].join('\n');
  return { subject, body };
}
