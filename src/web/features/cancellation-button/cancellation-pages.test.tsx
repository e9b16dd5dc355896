// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  anonymousSession,
  englishAppPerTest,
  jsonResponse,
  mockFetch,
  problemResponse,
  renderApp,
  staffSession,
} from '../../test/render-app';

englishAppPerTest();

function fill(label: RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

const receipt = {
  id: 'dddddddd-dddd-4ddd-8ddd-dddddddddddd',
  receivedAt: '2026-11-26T12:00:00.000Z',
  receiptToken: 'secret-receipt-token-1234567890',
  declaration: {
    kind: 'extraordinary',
    reason: 'No service for weeks',
    name: 'Anna de Vries',
    email: 'anna@example.nl',
    contract: 'K-1001',
    desiredEndDate: null,
    confirmationEmail: 'anna@example.nl',
  },
};

describe('the cancellation button', () => {
  it('is in the footer; sends exactly the declared fields, shows server field messages, then the receipt with the PDF link', async () => {
    let attempt = 0;
    const calls = mockFetch((url) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(anonymousSession());
      if (url.pathname === '/api/v1/public/cancellations') {
        attempt += 1;
        if (attempt === 1)
          return problemResponse(400, {
            code: 'validation_failed',
            errors: [
              { field: 'desiredEndDate', message: 'The end cannot lie in the past', code: 'in_the_past' },
            ],
          });
        return jsonResponse(receipt, 201);
      }
    });
    renderApp('/cancel-contracts');
    const footer = await screen.findByRole('link', { name: 'Cancel contracts here' });
    expect(footer.getAttribute('href')).toBe('/cancel-contracts');
    fireEvent.click(screen.getByLabelText('Extraordinary cancellation'));
    fill(/^Your name/, 'Anna de Vries');
    fill(/^Your e-mail address/, 'anna@example.nl');
    fill(/^Contract/, 'K-1001');
    fill(/^E-mail address for the confirmation/, 'anna@example.nl');
    fireEvent.click(screen.getByRole('button', { name: 'cancel now' }));
    await screen.findByText('Please give the reason for the extraordinary cancellation.');
    expect(calls.some((c) => c.path === '/api/v1/public/cancellations')).toBe(false);

    fill(/^Reason for the extraordinary cancellation/, 'No service for weeks');
    fill(/^Desired end/, '2020-01-01');
    fireEvent.click(screen.getByRole('button', { name: 'cancel now' }));
    await screen.findByText('The end cannot lie in the past');
    fill(/^Desired end/, '');
    fireEvent.click(screen.getByRole('button', { name: 'cancel now' }));
    await screen.findByText('Cancellation received');
    const posts = calls.filter((c) => c.path === '/api/v1/public/cancellations');
    expect(posts.at(-1)?.body).toEqual({
      kind: 'extraordinary',
      reason: 'No service for weeks',
      name: 'Anna de Vries',
      email: 'anna@example.nl',
      contract: 'K-1001',
      desiredEndDate: null,
      confirmationEmail: 'anna@example.nl',
      locale: 'en',
    });
    expect(screen.getByText('Earliest possible date')).toBeTruthy();
    expect(screen.getByText('DDDDDDDDDD')).toBeTruthy();
    const pdf = screen.getByRole('link', { name: 'Download as PDF' });
    expect(pdf.getAttribute('href')).toBe(
      `/api/v1/public/cancellations/${receipt.id}/receipt.pdf?token=${receipt.receiptToken}`,
    );
  });

  it('the staff page is offered only with the ability', async () => {
    mockFetch((url) => {
      if (url.pathname === '/api/v1/session')
        return jsonResponse(staffSession({ 'cancellation.match': false }));
    });
    renderApp('/staff/cancellations');
    await screen.findByText('This page is not available for your user.');
    expect(screen.queryByRole('link', { name: 'Cancellations' })).toBeNull();
  });
});
