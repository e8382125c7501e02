import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { AlertList } from '@naer/shared';
import { CLINICIAN, currentUser, logIn } from './helpers';

// A heart-failure patient no other spec answers questionnaires for.
const PATIENT = 'inge.andersen@demo.naer.dk';
const ADMIN = 'admin@demo.naer.dk';

test('an alert from a questionnaire an administrator loaded is named by its title, not just "Spørgeskema"', async ({ browser }) => {
  const id = `e2e-title-${randomUUID().slice(0, 8)}`;
  const title = `Licenseret åndenødsskema ${id.slice(-4)}`;
  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  try {
    const [admin, patient, nurse] = await Promise.all(contexts.map((c) => c.newPage()));
    await logIn(admin!, ADMIN, '/board');
    const loaded = await admin!.request.post('/api/admin/questionnaires', {
      data: {
        id,
        version: 1,
        title: { da: title, en: 'Licensed breathlessness questionnaire' },
        programmes: ['heart_failure'],
        cadence: 'weekly',
        items: [{ id: 'breath', type: 'scale', text: { da: 'Hvor forpustet?', en: 'How breathless?' }, label: { da: 'Åndenød', en: 'Breathlessness' }, min: 0, max: 5, minText: { da: 'Slet ikke', en: 'Not at all' }, maxText: { da: 'Meget', en: 'Very' } }],
        scoring: { type: 'sum' },
        triage: [{ type: 'score', code: 'high', op: 'ge', value: 4, level: 'yellow' }],
      },
    });
    expect(loaded.status(), await loaded.text()).toBe(201);

    await logIn(patient!, PATIENT, '/today');
    const patientId = (await currentUser(patient!)).patientId ?? '';
    const answered = await patient!.request.post('/api/questionnaire-responses', {
      data: { id: randomUUID(), questionnaireId: id, version: 1, answers: { breath: 5 }, answeredAt: new Date().toISOString(), source: 'manual' },
    });
    expect(answered.status(), await answered.text()).toBe(201);

    await logIn(nurse!, CLINICIAN, '/board');
    const list = (await (await nurse!.request.get('/api/alerts')).json()) as AlertList;
    const alert = list.items.find((a) => a.patientId === patientId && a.rule === `q:${id}`);
    expect(alert).toBeDefined();
    await nurse!.goto(`/alerts/${alert!.id}`);
    await expect(nurse!.getByText(title)).toBeVisible();
    // Retired again, so other specs' heart-failure patients are not asked it.
    expect((await admin!.request.post(`/api/admin/questionnaires/${id}/versions/1/retire`)).status()).toBe(200);
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});
