import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { CLINICIAN, currentUser, expectNoSeriousAxeViolations, logIn } from './helpers';

const PATIENT = 'patient@demo.naer.dk';

/** A full page load would drop this flag: updates must arrive over the socket. */
async function markNoReload(page: Page) {
  await page.evaluate(() => {
    (window as Window & { naerNoReload?: boolean }).naerNoReload = true;
  });
}
const stillNoReload = (page: Page) => page.evaluate(() => (window as Window & { naerNoReload?: boolean }).naerNoReload);

test('a patient\u2019s message shows as unread on the board live; the nurse replies and the patient sees the reply and the read receipt live', async ({ browser }) => {
  const clinicianContext = await browser.newContext();
  const patientContext = await browser.newContext();
  try {
    const board = await clinicianContext.newPage();
    await logIn(board, CLINICIAN, '/board');
    await expect(board.locator('[data-connection="live"]')).toBeVisible();

    const messages = await patientContext.newPage();
    await logIn(messages, PATIENT, '/today');
    const patient = await currentUser(messages);
    const patientId = patient.patientId ?? '';
    await messages.getByRole('link', { name: 'Beskeder' }).click();
    await expect(messages).toHaveURL('/messages');
    await expect(messages.getByRole('heading', { level: 1 })).toHaveText('Beskeder til dit behandlerteam');

    const unread = board.locator(`tr[data-patient-id="${patientId}"] [data-testid="unread-messages"]`);
    await expect(unread).toBeVisible();
    const before = Number(await unread.getAttribute('data-unread'));
    await markNoReload(board);

    const question = `Jeg hoster mere end normalt. Skal jeg gøre noget? (${randomUUID().slice(0, 6)})`;
    await messages.getByLabel('Skriv en besked').fill(question);
    await messages.getByRole('button', { name: 'Send besked' }).click();
    const sent = messages.locator('li[data-sender-role="patient"]', { hasText: question });
    await expect(sent).toBeVisible();
    await expect(sent.getByTestId('receipt')).toHaveText(/Sendt/);
    await expect(messages.getByLabel('Skriv en besked')).toHaveValue('');

    await expect(unread).toHaveAttribute('data-unread', String(before + 1));
    expect(await stillNoReload(board)).toBe(true);
    await markNoReload(messages);

    await unread.getByRole('link').click();
    await expect(board).toHaveURL(`/patients/${patientId}/messages`);
    await expect(board.getByRole('heading', { level: 1 })).toContainText(patient.displayName);
    await expect(board.locator('li[data-sender-role="patient"]', { hasText: question })).toBeVisible();

    await expect(sent.getByTestId('receipt')).toHaveText(/Læst af sygeplejerske, Lunge- og Hjerteambulatoriet/);

    const reply = `Tag din anfaldsmedicin, og mål igen om en time. Vi ringer i eftermiddag. (${randomUUID().slice(0, 6)})`;
    await board.getByLabel('Skriv en besked').fill(reply);
    await board.getByRole('button', { name: 'Send besked' }).click();
    // Receipts are for what the patient can see: their page is the one in front (the nurse's page was, until now).
    await messages.bringToFront();
    const answer = messages.locator('li[data-sender-role="clinician"]', { hasText: reply });
    await expect(answer).toBeVisible();
    await expect(answer).toContainText('Hanne Holm, sygeplejerske');
    expect(await stillNoReload(messages)).toBe(true);

    // The patient's open page leaves a receipt the nurse sees live.
    const delivered = board.locator('li[data-sender-role="clinician"]', { hasText: reply });
    await expect(delivered.getByTestId('receipt')).toHaveText(new RegExp(`Læst af ${patient.displayName}`));
  } finally {
    await clinicianContext.close();
    await patientContext.close();
  }
});

test('a relative\u2019s open page shows "Adgangen er trukket tilbage" the moment the patient withdraws access', async ({ browser }) => {
  const patientContext = await browser.newContext();
  const relativeContext = await browser.newContext();
  try {
    const patientPage = await patientContext.newPage();
    await logIn(patientPage, PATIENT, '/today');
    await patientPage.goto('/relatives');
    await patientPage.getByLabel('Mine målinger').check();
    await patientPage.getByLabel('Mine beskeder – og skrive til mit behandlerteam').check();
    await patientPage.getByRole('button', { name: 'Lav en invitationskode' }).click();
    const code = (await patientPage.getByTestId('invitation-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const relative = await relativeContext.newPage();
    await relative.goto(`/relative/join?code=${encodeURIComponent(code)}`);
    await expect(relative.getByLabel('Invitationskode')).toHaveValue(code);
    const name = `Søren Pårørende ${randomUUID().slice(0, 4)}`;
    await relative.getByLabel('Dit navn').fill(name);
    await relative.getByLabel('E-mail').fill(`soren-${randomUUID().slice(0, 8)}@example.dk`);
    await relative.getByLabel('Adgangskode').fill('min lange adgangskode');
    await relative.getByRole('button', { name: 'Tag imod invitationen' }).click();
    await expect(relative.getByRole('heading', { level: 1 })).toContainText('Karen Jensen');
    await expect(relative.getByRole('heading', { name: 'Seneste målinger' })).toBeVisible();
    await expect(relative.getByRole('heading', { name: 'Beskeder' })).toBeVisible();
    await markNoReload(relative);

    await patientPage.reload();
    const grant = patientPage.locator('li[data-grant-id]', { hasText: name });
    await grant.getByRole('button', { name: `Fjern adgang for ${name}` }).click();
    await grant.getByRole('button', { name: 'Ja, fjern adgangen' }).click();
    await expect(grant).toHaveCount(0);

    await expect(relative.getByTestId('access-revoked')).toContainText('Adgangen er trukket tilbage');
    await expect(relative.getByRole('heading', { name: 'Seneste målinger' })).toHaveCount(0);
    expect(await stillNoReload(relative)).toBe(true);
  } finally {
    await patientContext.close();
    await relativeContext.close();
  }
});

test('messages, relatives and "Hvem har set mine data" have no serious or critical axe violations', async ({ browser }) => {
  const patientContext = await browser.newContext();
  const anonymous = await browser.newContext();
  try {
    const page = await patientContext.newPage();
    await logIn(page, PATIENT, '/today');

    await page.goto('/messages');
    await expect(page.getByTestId('message-thread')).toBeVisible();
    await expect(page.getByText('Henter beskeder')).toHaveCount(0);
    await expectNoSeriousAxeViolations(page);

    await page.goto('/relatives');
    await page.getByRole('button', { name: 'Lav en invitationskode' }).click();
    await expect(page.getByTestId('invitation-code')).toBeVisible();
    await expectNoSeriousAxeViolations(page);

    await page.goto('/access-log');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hvem har set mine data');
    await expect(page.getByText('Henter …')).toHaveCount(0);
    await expectNoSeriousAxeViolations(page);
    await page.getByLabel('Vis også det, jeg selv har gjort').check();
    await expect(page.getByText('Dig').first()).toBeVisible();

    const join = await anonymous.newPage();
    await join.goto('/relative/join');
    await expect(join.getByRole('heading', { level: 1 })).toHaveText('Bliv pårørende i Naer');
    await expectNoSeriousAxeViolations(join);
  } finally {
    await patientContext.close();
    await anonymous.close();
  }
});
