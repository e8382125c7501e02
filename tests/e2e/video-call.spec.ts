import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { Consultation, Measurement } from '@naer/shared/contracts';
import { CLINICIAN, currentUser, expectNoSeriousAxeViolations, logIn } from './helpers';

const PATIENT = 'patient@demo.naer.dk';
const HOME_NURSE = 'kommune@demo.naer.dk';
const NOT_INVITED = 'gp@demo.naer.dk';

interface Person {
  context: BrowserContext;
  page: Page;
}

/** The demo's call: Karen's follow-up with the hospital nurse and the home nurse, open now. */
async function demoCall(browser: Browser): Promise<{ id: string; people: Record<'hospital' | 'patient' | 'homeNurse', Person> }> {
  const people = {
    hospital: await signIn(browser, CLINICIAN, '/board'),
    patient: await signIn(browser, PATIENT, '/today'),
    homeNurse: await signIn(browser, HOME_NURSE, '/board'),
  };
  const [hospital, homeNurse] = await Promise.all([currentUser(people.hospital.page), currentUser(people.homeNurse.page)]);
  const response = await people.patient.page.request.get('/api/consultations');
  expect(response.status()).toBe(200);
  const { consultations } = (await response.json()) as { consultations: Consultation[] };
  const call = consultations.find((c) => c.status === 'scheduled' && c.call === null && c.type === 'follow_up' && [hospital.id, homeNurse.id].every((id) => c.participants.some((p) => p.userId === id)));
  expect(call, 'the demo data books a call for Karen with the hospital and the home nurse').toBeDefined();
  return { id: call?.id ?? '', people };
}

async function signIn(browser: Browser, email: string, landing: '/today' | '/board', noCamera = false): Promise<Person> {
  const context = await browser.newContext();
  if (noCamera) {
    await context.addInitScript(() => {
      const devices = navigator.mediaDevices;
      const original = devices.getUserMedia.bind(devices);
      devices.getUserMedia = (constraints) => (constraints?.video ? Promise.reject(new DOMException('Requested device not found', 'NotFoundError')) : original(constraints));
    });
  }
  const page = await context.newPage();
  await logIn(page, email, landing);
  return { context, page };
}

async function openCall(person: Person, id: string): Promise<void> {
  await person.page.goto(`/consultations/${id}`);
}

/** How many remote videos have a picture whose playback moves on (sampled twice, 400 ms apart). */
async function playingVideos(page: Page): Promise<number> {
  const sample = () => page.getByTestId('remote-video').evaluateAll((videos) => (videos as HTMLVideoElement[]).map((v) => ({ width: v.videoWidth, time: v.currentTime })));
  const before = await sample();
  await page.waitForTimeout(400);
  const after = await sample();
  return after.filter((v, i) => v.width > 0 && v.time > (before[i]?.time ?? Infinity)).length;
}

/** `count` remote videos playing, of `tiles` remote people in all (someone without a camera has a tile, not a picture). */
async function expectPlaying(page: Page, count: number, tiles = count): Promise<void> {
  await expect(page.getByTestId('remote-video')).toHaveCount(tiles, { timeout: 20_000 });
  await expect.poll(() => playingVideos(page), { timeout: 20_000, message: `${count} remote videos playing on ${page.url()}` }).toBe(count);
}

async function closeAll(...people: Person[]): Promise<void> {
  await Promise.all(people.map((p) => p.context.close()));
}

test('three invited people see each other; one leaves and rejoins and the call recovers', async ({ browser }) => {
  test.setTimeout(240_000);
  const { id, people } = await demoCall(browser);
  const { hospital, patient, homeNurse } = people;
  try {
    for (const person of [hospital, patient, homeNurse]) await openCall(person, id);
    for (const person of [hospital, patient, homeNurse]) await expectPlaying(person.page, 2);
    await expect(patient.page.getByTestId('call-status')).toHaveAttribute('data-status', 'connected');
    await expect(patient.page.getByTestId('call-status')).toContainText('Hanne Holm');
    await expect(patient.page.getByTestId('not-acute')).toBeVisible();
    await expect(hospital.page.getByTestId('not-acute')).toHaveCount(0);
    await expect(patient.page.getByRole('heading', { level: 1 })).toContainText('Karen Jensen');
    await expectNoSeriousAxeViolations(patient.page);

    // Toggles say their state to assistive technology.
    const camera = homeNurse.page.getByRole('button', { name: 'Kamera', exact: true });
    await expect(camera).toHaveAttribute('aria-pressed', 'true');
    await camera.click();
    await expect(camera).toHaveAttribute('aria-pressed', 'false');
    await camera.click();

    await homeNurse.page.getByRole('button', { name: 'Forlad samtalen' }).click();
    await expect(homeNurse.page.getByTestId('call-status')).toHaveAttribute('data-status', 'ended');
    const rejoin = homeNurse.page.getByRole('button', { name: 'Gå ind igen' });
    await expect(rejoin).toBeFocused();
    for (const person of [hospital, patient]) await expectPlaying(person.page, 1);

    await rejoin.click();
    await expect(homeNurse.page.getByRole('button', { name: 'Forlad samtalen' })).toBeFocused();
    for (const person of [hospital, patient, homeNurse]) await expectPlaying(person.page, 2);
    await expect(hospital.page.getByTestId('call-status')).toHaveAttribute('data-status', 'connected');

    // Join → first remote frame playing, measured in the browser for ten rejoins (reported, not asserted).
    const figures: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      await homeNurse.page.getByRole('button', { name: 'Forlad samtalen' }).click();
      for (const person of [hospital, patient]) await expect(person.page.getByTestId('remote-video')).toHaveCount(1);
      figures.push(
        await homeNurse.page.evaluate(async () => {
          const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Gå ind igen');
          if (!button) throw new Error('no rejoin button');
          const start = performance.now();
          button.click();
          const playing = () => [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')].some((v) => v.videoWidth > 0 && v.currentTime > 0);
          while (!playing()) {
            if (performance.now() - start > 30_000) throw new Error('no remote frame within 30 s');
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          return Math.round(performance.now() - start);
        }),
      );
      for (const person of [hospital, patient, homeNurse]) await expectPlaying(person.page, 2);
    }
    const sorted = [...figures].sort((a, b) => a - b);
    console.log(`join → first remote frame playing (ms), 10 rejoins: ${figures.join(', ')}; median ${sorted[4]}–${sorted[5]}, max ${sorted[9]}`);
  } finally {
    await closeAll(hospital, patient, homeNurse);
  }
});

test('someone not invited is refused with the reason shown, and the call goes on', async ({ browser }) => {
  test.setTimeout(120_000);
  const { id, people } = await demoCall(browser);
  const stranger = await signIn(browser, NOT_INVITED, '/board');
  try {
    await openCall(people.hospital, id);
    await openCall(people.patient, id);
    await openCall(stranger, id);
    await expect(stranger.page.getByTestId('call-status')).toHaveAttribute('data-status', 'refused');
    await expect(stranger.page.getByTestId('call-status')).toContainText('Du er ikke inviteret til denne samtale');
    await expect(stranger.page.getByTestId('remote-video')).toHaveCount(0);
    await expect(stranger.page.getByTestId('local-preview')).toHaveCount(0);
    await expectPlaying(people.patient.page, 1);
    await expectPlaying(people.hospital.page, 1);
  } finally {
    await closeAll(people.hospital, people.patient, people.homeNurse, stranger);
  }
});

test('a participant without a camera joins with sound only, and the others still connect', async ({ browser }) => {
  test.setTimeout(120_000);
  const { id, people } = await demoCall(browser);
  const homeNurse = await signIn(browser, HOME_NURSE, '/board', true);
  try {
    await openCall(people.hospital, id);
    await openCall(people.patient, id);
    await openCall(homeNurse, id);
    await expect(homeNurse.page.getByTestId('audio-only')).toContainText('Du er med i samtalen med lyd');
    await expect(homeNurse.page.getByRole('button', { name: 'Kamera', exact: true })).toBeDisabled();
    // The nurse sees both; the others see each other and are linked to the nurse (sound, no picture).
    await expectPlaying(homeNurse.page, 2);
    for (const person of [people.hospital, people.patient]) {
      await expect(person.page.getByTestId('remote-peer')).toHaveCount(2);
      await expect(person.page.locator('[data-testid="remote-peer"][data-link="connected"]')).toHaveCount(2, { timeout: 20_000 });
      await expectPlaying(person.page, 1, 2);
      await expect(person.page.getByTestId('remote-peer').filter({ hasText: 'Mette Kofoed' })).toContainText('kun lyd');
    }
  } finally {
    await closeAll(people.hospital, people.patient, people.homeNurse, homeNurse);
  }
});

test('a reading the patient sends during the call appears on the clinician\u2019s side panel', async ({ browser }) => {
  test.setTimeout(120_000);
  const { id, people } = await demoCall(browser);
  const { hospital, patient } = people;
  try {
    await openCall(hospital, id);
    await openCall(patient, id);
    await expectPlaying(hospital.page, 1);
    const panel = hospital.page.getByTestId('call-panel');
    await expect(panel.getByRole('heading', { name: 'Målinger', exact: true })).toBeVisible();
    await expect(panel.locator('[data-measurement-id]').first()).toBeVisible();
    await expect(patient.page.getByTestId('call-panel')).toHaveCount(0);

    const started = Date.now();
    const response = await patient.page.request.post('/api/measurements', {
      data: { id: randomUUID(), kind: 'spo2', value: 93, unit: '%', measuredAt: new Date().toISOString(), source: 'manual' },
    });
    expect(response.status()).toBe(201);
    const measurement = (await response.json()) as Measurement;
    const row = panel.locator(`[data-measurement-id="${measurement.id}"]`);
    await expect(row).toBeVisible();
    console.log(`reading sent → shown on the clinician's panel: ${Date.now() - started} ms`);
    await expect(row).toContainText('93 %');
    await expect(panel.locator('[data-kind="spo2"]')).toContainText('93 %');
  } finally {
    await closeAll(hospital, patient, people.homeNurse);
  }
});
