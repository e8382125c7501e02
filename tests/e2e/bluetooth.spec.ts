import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { Measurement, MeasurementPage } from '@naer/shared/contracts';
import { currentUser, expectNoSeriousAxeViolations, logIn } from './helpers';
import { installMockBluetooth, loadGattVectors, mockBluetoothLog, pulseOximeter, removeBluetooth } from './support/mock-bluetooth';

// These tests fake the server with page.route, which does not see requests once a service worker
// controls the page (it then sends them itself); the service worker has its own tests (pwa, offline).
test.use({ serviceWorkers: 'block' });

// Demo patients no other spec submits for, one per test that submits.
const CONTINUOUS_PATIENT = 'hanne.kristensen@demo.naer.dk';
const FLAGGED_PATIENT = 'kirsten.petersen@demo.naer.dk';
const REMEMBERED_PATIENT = 'ruth.thomsen@demo.naer.dk';

const vectors = loadGattVectors();
const continuous = vectors.plxContinuous.map((v) => v.hex);
const lastContinuous = vectors.plxContinuous.at(-1);
const flaggedSpotCheck = vectors.plxSpotCheck.find((v) => !v.truncated && ((v.measurementStatus ?? 0) & (1 << 14)) !== 0);
const truncatedSpotCheck = vectors.plxSpotCheck.find((v) => v.truncated);

async function storedReadings(page: Page, ids: string[]): Promise<Measurement[]> {
  const { patientId } = await currentUser(page);
  const response = await page.request.get(`/api/patients/${patientId}/measurements?limit=50`);
  expect(response.status()).toBe(200);
  const { items } = (await response.json()) as MeasurementPage;
  return ids.map((id) => {
    const found = items.find((m) => m.id === id);
    expect(found, `measurement ${id} is stored`).toBeDefined();
    return found as Measurement;
  });
}

async function sendReading(page: Page, card: ReturnType<Page['getByTestId']>): Promise<Measurement[]> {
  const posted = page.waitForResponse((r) => r.url().endsWith('/api/measurements') && r.request().method() === 'POST');
  await card.getByRole('button', { name: /^Send/ }).click();
  const response = await posted;
  expect(response.status()).toBe(201);
  return ((await response.json()) as { measurements: Measurement[] }).measurements;
}

test('pairs a pulse oximeter, shows SpO2 and pulse, and submits them with the device information', async ({ page }) => {
  expect(lastContinuous?.spo2).toBe(95);
  await installMockBluetooth(page, { devices: [pulseOximeter('oximeter-1', { continuous })] });
  await logIn(page, CONTINUOUS_PATIENT, '/today');

  const panel = page.getByTestId('bluetooth-panel');
  await expect(panel.getByRole('heading', { name: 'Hent fra måleapparat' })).toBeVisible();
  await expect(panel.getByRole('radio', { name: 'Iltmåler (fingermåler)' })).toBeChecked();
  await panel.getByRole('button', { name: 'Forbind apparat' }).click();

  // A continuous stream offers its latest value: the third vector, SpO2 95 and pulse 90.
  const card = panel.getByTestId('device-reading');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(/Iltmætning 95 %, puls 90 — fra Nonin 3230, kl\. \d\d\.\d\d/);
  await expect(panel.getByRole('heading', { name: 'Målinger fra Nonin 3230' })).toBeFocused();

  // The first send is lost on the way; the retry sends the same ids, so the server stores each reading once.
  const bodies: Array<{ measurements: Array<{ id: string }> }> = [];
  let dropNext = true;
  await page.route('**/api/measurements', async (route) => {
    bodies.push(route.request().postDataJSON() as { measurements: Array<{ id: string }> });
    if (dropNext) {
      dropNext = false;
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  await card.getByRole('button', { name: /^Send/ }).click();
  await expect(card).toContainText('Målingen blev ikke sendt. Tjek din internetforbindelse');
  const sent = await sendReading(page, card);
  await expect(card).toContainText('Målingen er modtaget');
  expect(bodies).toHaveLength(2);
  expect(bodies[1]).toEqual(bodies[0]);
  expect(sent.map((m) => m.id)).toEqual(bodies[0]?.measurements.map((m) => m.id));
  expect(sent.map((m) => [m.kind, m.value, m.unit])).toEqual([
    ['spo2', 95, '%'],
    ['heart_rate', 90, '/min'],
  ]);

  const stored = await storedReadings(page, sent.map((m) => m.id));
  for (const m of stored) {
    expect(m).toMatchObject({ source: 'device', quality: 'ok' });
    expect(m.device).toEqual({
      name: 'Nonin 3230',
      manufacturer: 'Nonin Medical, Inc.',
      model: '3230',
      serialNumber: '502012345',
      firmware: '1.4.2',
      characteristic: '0x2A5F',
      flags: ['measurement-ongoing'],
    });
  }
  // The readings also appear in the patient's latest list.
  for (const m of stored) await expect(page.locator(`[data-measurement-id="${m.id}"]`)).toHaveCount(1);

  const log = await mockBluetoothLog(page);
  expect(log.requestDevice).toEqual([{ filters: [{ services: [0x1822] }], optionalServices: [0x180a] }]);
  expect(log.connects).toBe(1);
  expect(log.disconnects).toBe(1);
});

test('a reading the device flagged as questionable is explained, and stored as questionable; a cut-off packet is never used', async ({ page }) => {
  expect(flaggedSpotCheck && truncatedSpotCheck).toBeTruthy();
  await installMockBluetooth(page, {
    devices: [pulseOximeter('oximeter-2', { spotCheck: [truncatedSpotCheck?.hex ?? '', flaggedSpotCheck?.hex ?? ''] })],
  });
  await logIn(page, FLAGGED_PATIENT, '/today');

  const panel = page.getByTestId('bluetooth-panel');
  await panel.getByRole('button', { name: 'Forbind apparat' }).click();
  const card = panel.getByTestId('device-reading');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(/Iltmætning 94 %, puls 147 — fra Nonin 3230/);
  await expect(card).toContainText('Apparatet er i tvivl om denne måling:');
  await expect(card).toContainText('Apparatet markerede målingen som usikker.');
  await expect(card).toContainText('Der var for lidt blodgennemstrømning i fingeren');
  await expect(card).toContainText('Den bliver sendt som usikker');
  // The vector's clock says November 2024: too old to be true, so the time of receipt is used.
  await expect(card).toContainText('Apparatets ur passer ikke');
  await expect(panel).toContainText('1 måling(er) fra apparatet kunne ikke læses');
  await expectNoSeriousAxeViolations(page);

  const sent = await sendReading(page, card);
  await expect(card).toContainText('Målingen er modtaget');
  const stored = await storedReadings(page, sent.map((m) => m.id));
  expect(stored.map((m) => [m.kind, m.value])).toEqual([
    ['spo2', 94],
    ['heart_rate', 147],
  ]);
  for (const m of stored) {
    expect(m.source).toBe('device');
    expect(m.quality).toBe('questionable');
    expect(['questionable', 'red']).toContain(m.triage.level);
    expect(m.triage.level).not.toBe('green');
    expect(m.device?.characteristic).toBe('0x2A5E');
    expect(m.device?.flags).toEqual(
      expect.arrayContaining(['questionable-measurement', 'equipment-malfunction', 'low-perfusion', 'device-time-implausible']),
    );
  }
});

test('a remembered device is read again without the chooser', async ({ page }) => {
  await installMockBluetooth(page, { devices: [pulseOximeter('oximeter-3', { continuous: continuous.slice(0, 1) })], getDevices: true });
  await logIn(page, REMEMBERED_PATIENT, '/today');
  const panel = page.getByTestId('bluetooth-panel');
  await panel.getByRole('button', { name: 'Forbind apparat' }).click();
  const card = panel.getByTestId('device-reading');
  await expect(card).toContainText('Iltmætning 100 %, puls 90');
  await card.getByRole('button', { name: /^Kassér/ }).click();
  await expect(card).toContainText('Kasseret.');

  await page.reload();
  await panel.getByRole('button', { name: 'Hent fra Nonin 3230' }).click();
  await expect(panel.getByTestId('device-reading')).toContainText('Iltmætning 100 %, puls 90');
  const log = await mockBluetoothLog(page);
  expect(log.requestDevice).toEqual([]);
  expect(log.getDevices).toBe(1);
  expect(log.disconnects).toBe(1);
});

test('without Web Bluetooth the panel says so kindly and manual entry stays available', async ({ page }) => {
  await removeBluetooth(page);
  await logIn(page, 'patient@demo.naer.dk', '/today');
  await expect(page.getByTestId('bluetooth-unsupported')).toHaveText(
    'Din browser kan ikke forbinde til måleapparater via Bluetooth. Brug Chrome eller Edge på Android, Windows eller Mac — eller skriv tallene ind herunder.',
  );
  await expect(page.getByRole('button', { name: 'Forbind apparat' })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: /Iltmætning/ })).toBeVisible();
});
