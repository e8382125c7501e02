import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { currentUser, expectNoSeriousAxeViolations, logIn } from './helpers';

const ADMIN = 'admin@demo.naer.dk';
const HOSPITAL = 'Lunge- og Hjerteambulatoriet, Nordsjællands Hospital';

/** One SpO2 reading as another system sends it: a transaction Bundle with an identifier, so a resend replays. */
function spo2Bundle(patientId: string, identifier: string) {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        request: { method: 'POST', url: 'Observation' },
        resource: {
          resourceType: 'Observation',
          status: 'final',
          identifier: [{ system: 'urn:naer:e2e', value: identifier }],
          code: { coding: [{ system: 'http://loinc.org', code: '59408-5' }] },
          subject: { reference: `Patient/${patientId}` },
          effectiveDateTime: new Date().toISOString(),
          valueQuantity: { value: 96, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
        },
      },
    ],
  };
}

test('an administrator registers a system and a webhook, sees the credential and the secret once, follows a failing delivery and revokes the system', async ({ page, browser, request }) => {
  const id = randomUUID().slice(0, 8);
  const systemName = `E2E-journal ${id}`;
  const webhookUrl = `http://127.0.0.1:9/naer-e2e-${id}`;

  // Karen Jensen's patient id, for the reading the system sends (the hospital is on her care team).
  const patientContext = await browser.newContext();
  const patientPage = await patientContext.newPage();
  await logIn(patientPage, 'patient@demo.naer.dk', '/today');
  const patientId = (await currentUser(patientPage)).patientId;
  await patientContext.close();
  expect(patientId).toBeTruthy();

  await logIn(page, ADMIN, '/board');
  await page.getByRole('navigation').getByRole('link', { name: 'Eksterne systemer' }).click();
  await expect(page).toHaveURL('/admin/systems');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Eksterne systemer');

  // The system's credential is shown once.
  const newSystem = page.getByRole('region', { name: 'Tilføj system' });
  await newSystem.getByRole('button', { name: 'Opret og vis adgangsnøgle' }).click();
  await expect(newSystem.getByRole('alert')).toHaveText('Skriv systemets navn.');
  await expect(newSystem.getByRole('alert')).toBeFocused();
  await newSystem.getByLabel('Navn').fill(systemName);
  await newSystem.getByLabel('Organisation').selectOption({ label: HOSPITAL });
  await newSystem.getByRole('button', { name: 'Opret og vis adgangsnøgle' }).click();
  await expect(newSystem.getByRole('status')).toContainText(`Adgangsnøglen til ${systemName} vises kun denne ene gang`);
  const token = (await page.getByTestId('system-token').textContent()) ?? '';
  expect(token).toMatch(/^naer_sys_/);
  const systemRow = page.getByRole('region', { name: 'Registrerede systemer' }).getByRole('row').filter({ hasText: systemName });
  await expect(systemRow).toContainText('Aktiv');

  // A webhook to an address nobody answers; the event checkboxes are required.
  const newWebhook = page.getByRole('region', { name: 'Tilføj webhook' });
  await newWebhook.getByLabel('Organisation').selectOption({ label: HOSPITAL });
  await newWebhook.getByLabel('Adresse (URL)').fill(webhookUrl);
  await newWebhook.getByRole('button', { name: 'Opret og vis hemmelighed' }).click();
  await expect(newWebhook.getByRole('alert')).toHaveText('Vælg mindst én hændelse.');
  await expect(newWebhook.getByRole('alert')).toBeFocused();
  const events = newWebhook.getByRole('group', { name: 'Hvad skal systemet have besked om?' });
  await events.getByLabel('Ny måling').check();
  await events.getByLabel('Ny alarm').check();
  await newWebhook.getByRole('button', { name: 'Opret og vis hemmelighed' }).click();
  await expect(newWebhook.getByRole('status')).toContainText(`Hemmeligheden til ${webhookUrl} vises kun denne ene gang`);
  await expect(newWebhook.getByRole('status')).toBeFocused();
  const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
  expect(secret).toMatch(/^whsec_/);
  const webhook = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: webhookUrl }) });
  await expect(webhook).toContainText(HOSPITAL);
  await expect(webhook).toContainText('Ny alarm, Ny måling');
  await expectNoSeriousAxeViolations(page);

  // Neither secret is in the page once it is loaded again.
  await page.reload();
  await expect(systemRow).toContainText('Aktiv');
  await expect(webhook).toContainText('0 opgivet');
  await expect(page.getByText(token)).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);

  // The system sends a reading with its credential; the webhook's delivery of it fails and waits for a retry.
  const imported = await request.post('/fhir/R4', {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
    data: spo2Bundle(patientId!, `e2e-${id}`),
  });
  expect(imported.status()).toBe(200);
  const show = webhook.getByRole('button', { name: 'Vis leveringer' });
  await show.click();
  await expect(webhook.getByRole('button', { name: 'Skjul leveringer' })).toHaveAttribute('aria-expanded', 'true');
  const delivery = webhook.getByRole('row').filter({ hasText: 'Ny måling' });
  await expect(async () => {
    // The job tries every second; reopen until the first attempt has failed.
    await webhook.getByRole('button', { name: 'Skjul leveringer' }).click();
    await show.click();
    await expect(delivery).toContainText('Afventer', { timeout: 1_000 });
    await expect(delivery.locator('td').nth(2)).not.toHaveText('0', { timeout: 1_000 });
    await expect(delivery.locator('.last-error')).not.toHaveText('–', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expectNoSeriousAxeViolations(page);

  // Turning the webhook off asks first.
  await webhook.getByRole('button', { name: 'Slå fra' }).click();
  await expect(webhook.getByRole('button', { name: `Ja, slå webhooken til ${webhookUrl} fra nu` })).toBeFocused();
  await webhook.getByRole('button', { name: `Ja, slå webhooken til ${webhookUrl} fra nu` }).click();
  await expect(webhook).toContainText('Slået fra');

  // Revoking the system: its credential is refused from then on.
  await systemRow.getByRole('button', { name: 'Tilbagekald' }).click();
  await systemRow.getByRole('button', { name: `Ja, tilbagekald ${systemName} nu` }).click();
  await expect(systemRow).toContainText('Tilbagekaldt');
  const refused = await request.get(`/fhir/R4/Patient/${patientId}`, { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
});
