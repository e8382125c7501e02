import { expect, test } from '@playwright/test';
import type { WebSocketRoute } from '@playwright/test';
import { CLINICIAN, currentUser, logIn, redAlertFor, submitSpo2 } from './helpers';

// Another demo patient than live-alert.spec.ts uses, so the tests do not share data.
const PATIENT = 'niels.jorgensen@demo.naer.dk';

test('the board catches up on an alert raised while its live connection was down', async ({ browser }) => {
  const clinicianContext = await browser.newContext();
  const patientContext = await browser.newContext();
  try {
    const board = await clinicianContext.newPage();
    // Socket.IO traffic goes through these routes so the test can cut it, like a dropped network.
    let outage = false;
    const sockets: WebSocketRoute[] = [];
    await board.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (outage) return ws.close();
      ws.connectToServer();
      sockets.push(ws);
    });
    await board.route(/\/socket\.io\//, (route) => (outage ? route.abort('connectionrefused') : route.continue()));
    // Engine.IO starts on HTTP long-polling and upgrades; "5" is the frame that completes the upgrade.
    let upgraded = false;
    board.on('websocket', (ws) => ws.on('framesent', (frame) => (upgraded ||= frame.payload === '5')));

    await logIn(board, CLINICIAN, '/board');
    await expect(board.locator('[data-connection="live"]')).toBeVisible();
    await expect.poll(() => upgraded).toBe(true);

    outage = true;
    for (const ws of sockets) await ws.close();
    await expect(board.locator('[data-connection="reconnecting"]')).toBeVisible();

    const today = await patientContext.newPage();
    await logIn(today, PATIENT, '/today');
    const patientId = (await currentUser(today)).patientId ?? '';
    const measurement = await submitSpo2(today, '85');
    expect(measurement.triage.level).toBe('red');

    const alert = redAlertFor(board, patientId, measurement.id);
    // The event was sent while the board was away: it must not be there yet...
    await expect(alert).toHaveCount(0);

    // ...and the resync on reconnect must bring it in, without a reload.
    outage = false;
    await expect(board.locator('[data-connection="live"]')).toBeVisible({ timeout: 15_000 });
    await expect(alert).toBeVisible();
    await expect(board.locator(`tr[data-patient-id="${patientId}"]`)).toHaveAttribute('data-status', 'red');
  } finally {
    await clinicianContext.close();
    await patientContext.close();
  }
});
