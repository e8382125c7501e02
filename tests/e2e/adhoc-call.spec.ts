import { expect, test } from '@playwright/test';
import { CLINICIAN, expectNoSeriousAxeViolations, logIn } from './helpers';

// Hans Christensen (COPD, fever): no other spec uses him.
const PATIENT = 'Hans Christensen';

test('the acute nurse calls the hospital from a patient page; it rings on the hospital board, a nurse takes it, and both see each other', async ({ browser }) => {
  test.setTimeout(90_000);
  const acuteContext = await browser.newContext();
  const hospitalContext = await browser.newContext();
  try {
    const hospital = await hospitalContext.newPage();
    await logIn(hospital, CLINICIAN, '/board');
    await expect(hospital.locator('[data-connection="live"]')).toBeVisible();

    const acute = await acuteContext.newPage();
    await logIn(acute, 'akut@demo.naer.dk', '/board');
    await acute.locator('table').getByRole('link', { name: PATIENT, exact: true }).click();
    await expect(acute.getByRole('heading', { level: 1, name: PATIENT })).toBeVisible();
    await acute.getByTestId('call-organisation').first().click();
    await expect(acute).toHaveURL(/\/consultations\//);

    const ring = hospital.getByTestId('incoming-call');
    await expect(ring).toContainText('Ali Hassan');
    await expect(ring).toContainText(PATIENT);
    await expectNoSeriousAxeViolations(hospital);
    await ring.getByRole('button', { name: 'Tag opkaldet' }).click();
    await expect(hospital).toHaveURL(/\/consultations\//);

    for (const page of [acute, hospital]) {
      await expect
        .poll(() => page.evaluate(() => [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')].filter((v) => v.videoWidth > 0 && v.currentTime > 0).length), { timeout: 30_000 })
        .toBe(1);
    }
  } finally {
    await acuteContext.close();
    await hospitalContext.close();
  }
});
