import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import compression from 'compression';
import express from 'express';
import { BUILT_IN_QUESTIONNAIRES } from '@naer/shared/domain';
import type { QuestionnaireDefinition } from '@naer/shared/domain';
import type { IceServer } from '@naer/shared/realtime';
import type { Clock } from './kernel/clock';
import { systemClock } from './kernel/clock';
import type { Database } from './db/client';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { csrfProtection, noStore, securityHeaders } from './http/security';
import { serveWeb } from './http/static';
import type { RefusalRecorder } from './kernel/routes';
import { systemRoutes } from './http/system.routes';
import { createAccessService } from './modules/access/access.service';
import { createAlertLifecycleService } from './modules/alerts/alert-lifecycle.service';
import { createAlertLifecycleNotifier } from './modules/alerts/alert.notifier';
import { createAlertRepository } from './modules/alerts/alert.repository';
import { alertRoutes } from './modules/alerts/alert.routes';
import { createAlertService } from './modules/alerts/alert.service';
import { accessLogRoutes } from './modules/audit/access-log.routes';
import { createAccessLogService } from './modules/audit/access-log.service';
import { createAuditRepository } from './modules/audit/audit.repository';
import { authRoutes, sessionMiddleware } from './modules/auth/auth.routes';
import { createAuthService } from './modules/auth/auth.service';
import { createHandoverRepository } from './modules/handovers/handover.repository';
import { handoverRoutes } from './modules/handovers/handover.routes';
import { createHandoverService } from './modules/handovers/handover.service';
import { followEndedSessions } from './modules/auth/session-cache';
import { createSessionRepository } from './modules/auth/session.repository';
import { activationRoutes } from './modules/enrolment/activation.routes';
import { createActivationService } from './modules/enrolment/activation.service';
import { enrolmentRoutes } from './modules/enrolment/enrolment.routes';
import { createEnrolmentService } from './modules/enrolment/enrolment.service';
import { limitRoutes } from './modules/limits/limit.routes';
import { createLimitNotifier } from './modules/limits/limit.notifier';
import { createLimitRepository } from './modules/limits/limit.repository';
import { createLimitService } from './modules/limits/limit.service';
import { measurementRoutes } from './modules/measurements/measurement.routes';
import { createMonitoringNotifier } from './modules/monitoring/monitoring.notifier';
import { createMonitoringRepository } from './modules/monitoring/monitoring.repository';
import { monitoringRoutes } from './modules/monitoring/monitoring.routes';
import { createMonitoringService } from './modules/monitoring/monitoring.service';
import { createMessageNotifier } from './modules/messages/message.notifier';
import { createNoteNotifier } from './modules/notes/note.notifier';
import { createConsultationNotifier } from './modules/consultations/consultation.notifier';
import { createFhirRepository } from './modules/fhir/fhir.repository';
import { fhirRoutes } from './modules/fhir/fhir.routes';
import { createFhirService } from './modules/fhir/fhir.service';
import { fhirErrorHandler, fhirNotFound } from './modules/fhir/operation-outcome';
import { createPatientExportRepository } from './modules/patient-export/patient-export.repository';
import { patientExportRoutes } from './modules/patient-export/patient-export.routes';
import { createPatientExportService } from './modules/patient-export/patient-export.service';
import { createConsultationRepository } from './modules/consultations/consultation.repository';
import { consultationRoutes } from './modules/consultations/consultation.routes';
import { createConsultationService } from './modules/consultations/consultation.service';
import { handleCalls } from './modules/consultations/consultation.sockets';
import { createNoteRepository } from './modules/notes/note.repository';
import { noteRoutes } from './modules/notes/note.routes';
import { createNoteService } from './modules/notes/note.service';
import { createVisitNotifier } from './modules/visits/visit.notifier';
import { createVisitRepository } from './modules/visits/visit.repository';
import { visitRoutes } from './modules/visits/visit.routes';
import { createVisitService } from './modules/visits/visit.service';
import { createDashboardRepository } from './modules/dashboard/dashboard.repository';
import { createSystemClientRepository } from './modules/system-clients/system-client.repository';
import { createSystemClientService } from './modules/system-clients/system-client.service';
import { systemClientMiddleware, systemClientRoutes } from './modules/system-clients/system-client.routes';
import { createFhirImportService } from './modules/fhir-import/fhir-import.service';
import { fhirImportRoutes } from './modules/fhir-import/fhir-import.routes';
import { createWebhookRepository } from './modules/webhooks/webhook.repository';
import { createWebhookService } from './modules/webhooks/webhook.service';
import { webhookRoutes } from './modules/webhooks/webhook.routes';
import { createUserRepository } from './modules/auth/user.repository';
import { createOrganisationRepository } from './modules/organisations/organisation.repository';
import { createDashboardService } from './modules/dashboard/dashboard.service';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes';
import { createMessageRepository } from './modules/messages/message.repository';
import { messageRoutes } from './modules/messages/message.routes';
import { createMessageService } from './modules/messages/message.service';
import { createMeasurementRepository } from './modules/measurements/measurement.repository';
import { createMeasurementService } from './modules/measurements/measurement.service';
import { patientRoutes } from './modules/patients/patient.routes';
import { createPatientService } from './modules/patients/patient.service';
import { questionnaireAdminRoutes } from './modules/questionnaires/questionnaire-admin.routes';
import { createQuestionnaireAdminService } from './modules/questionnaires/questionnaire-admin.service';
import { createQuestionnaireDefinitionRepository } from './modules/questionnaires/questionnaire-definition.repository';
import { createQuestionnaireCatalog } from './modules/questionnaires/questionnaire.catalog';
import { createQuestionnaireNotifier } from './modules/questionnaires/questionnaire.notifier';
import { createQuestionnaireRepository } from './modules/questionnaires/questionnaire.repository';
import { questionnaireRoutes } from './modules/questionnaires/questionnaire.routes';
import { createQuestionnaireService } from './modules/questionnaires/questionnaire.service';
import { createRelativeNotifier } from './modules/relatives/relative.notifier';
import { createRelativeRepository } from './modules/relatives/relative.repository';
import { relativeRoutes } from './modules/relatives/relative.routes';
import { createRelativeService } from './modules/relatives/relative.service';
import type { ClusterAdapter } from './realtime/adapter';
import { createNotifier } from './realtime/notifier';
import { bindSocketsToSessions } from './realtime/session-sockets';
import { createSocketServer } from './realtime/socket-server';
import type { NaerServer } from './realtime/naer-server';

export interface AppDeps {
  database: Database;
  clock?: Clock;
  /** Built web app to serve for every non-API path; omitted in API-only tests. */
  webBuildDir?: string | undefined;
  /** Socket.IO fan-out across nodes (PostgreSQL only; see realtime/adapter.ts); the caller closes it after `close()`. */
  socketAdapter?: ClusterAdapter | undefined;
  /** Built-in questionnaire definitions (administrators add loaded ones); Naer's own by default. */
  questionnaires?: readonly QuestionnaireDefinition[];
  /** Express "trust proxy" (see config.ts); the loopback proxy by default. */
  trustProxy?: boolean | number | string;
  /** STUN/TURN servers handed to browsers for video calls (none needed on one network). */
  iceServers?: IceServer[];
}

export interface NaerApp {
  httpServer: HttpServer;
  /** The Express app, so tests can list every registered route (tests/support/endpoints.ts). */
  express: express.Express;
  io: NaerServer;
  services: {
    measurements: ReturnType<typeof createMeasurementService>;
  };
  /** Stops sockets and HTTP; the caller owns the database. */
  close(): Promise<void>;
}

// A 90-day history is ~100 kB of JSON and ~10 kB compressed: it matters on a patient's weak connection.
// Only reads: a submission's answer is small, and the middleware costs ~0.2 ms per request even unused.
const compressGet = compression({ threshold: 1024 });
const compressReads: express.RequestHandler = (req, res, next) => (req.method === 'GET' ? compressGet(req, res, next) : next());

/** Wires HTTP and sockets around the database; never listens, so tests boot it on port 0. */
export function createApp(deps: AppDeps): NaerApp {
  const { database } = deps;
  const clock = deps.clock ?? systemClock;
  const app = express();
  const httpServer = createServer(app);
  // Longer than typical proxy and client idle timeouts, so the server is never the side that races to close.
  httpServer.keepAliveTimeout = 65_000;

  const audit = createAuditRepository(database);
  const sessions = createSessionRepository(database);
  // On PostgreSQL other nodes end sessions too; their NOTIFY clears this node's session cache.
  const stopFollowingSessions = database.postgresClient ? followEndedSessions(database.postgresClient, sessions.cache) : async () => undefined;
  const auth = createAuthService({ db: database.db, sessions, audit, clock });
  const io = createSocketServer(httpServer, { auth, audit, database, clock });
  if (deps.socketAdapter) io.adapter(deps.socketAdapter.adapter);
  bindSocketsToSessions(io, { auth, clock });
  const notifier = createNotifier(io);
  const access = createAccessService({ database, audit, clock });
  const measurementRows = createMeasurementRepository(database);
  const measurements = createMeasurementService({ database, measurements: measurementRows, access, notifier, clock });

  app.disable('x-powered-by');
  const recordRefusal: RefusalRecorder = (refusal) => audit.record(database.db, { ...refusal, outcome: 'refused' }, clock.now());
  app.locals.recordRefusal = recordRefusal;
  app.set('trust proxy', deps.trustProxy ?? 'loopback');
  app.use(securityHeaders({ webBuildDir: deps.webBuildDir }));
  app.use('/api', noStore, csrfProtection, compressReads);
  app.use(express.json({ limit: '256kb' }));

  const api = express.Router();
  api.use(systemRoutes(database));
  api.use(sessionMiddleware(auth));
  api.use(authRoutes(auth));
  api.use(activationRoutes(createActivationService({ database, sessions, audit, clock, endSession: (token) => auth.logout(token) })));
  api.use(enrolmentRoutes(createEnrolmentService({ database, access, audit, clock })));
  const limits = createLimitRepository();
  api.use(limitRoutes(createLimitService({ database, limits, access, audit, notifier: createLimitNotifier(io), clock })));
  api.use(measurementRoutes(measurements));
  api.use(monitoringRoutes(createMonitoringService({ database, monitoring: createMonitoringRepository(database), access, audit, notify: createMonitoringNotifier(io), alerts: notifier, clock })));
  const lifecycleDeps = { database, alerts: createAlertRepository(database), handovers: createHandoverRepository(database), access, audit, notifier: createAlertLifecycleNotifier(io), clock };
  api.use(alertRoutes(createAlertService({ database, audit, clock }), createAlertLifecycleService(lifecycleDeps)));
  api.use(handoverRoutes(createHandoverService(lifecycleDeps)));
  api.use(patientRoutes(createPatientService({ database, access, audit, clock })));
  api.use(messageRoutes(createMessageService({ database, messages: createMessageRepository(database), access, notifier: createMessageNotifier(io), clock })));
  api.use(relativeRoutes(createRelativeService({ database, relatives: createRelativeRepository(database), access, audit, auth, notifier: createRelativeNotifier(io), clock })));
  const questionnaireDefinitions = createQuestionnaireDefinitionRepository();
  const catalog = createQuestionnaireCatalog({ database, repository: questionnaireDefinitions, builtIn: deps.questionnaires ?? BUILT_IN_QUESTIONNAIRES });
  const questionnaireDeps = { repository: createQuestionnaireRepository(database), notify: createQuestionnaireNotifier(io), catalog };
  api.use(questionnaireRoutes(createQuestionnaireService({ database, access, notifier, clock, ...questionnaireDeps })));
  api.use(questionnaireAdminRoutes(createQuestionnaireAdminService({ database, repository: questionnaireDefinitions, catalog, audit, clock })));
  api.use(visitRoutes(createVisitService({ database, visits: createVisitRepository(database), measurements, measurementRows, limits, access, notifier, visitNotifier: createVisitNotifier(io), clock })));
  api.use(dashboardRoutes(createDashboardService({ database, dashboard: createDashboardRepository(database), organisations: createOrganisationRepository(), audit, clock })));
  const notes = createNoteService({ notes: createNoteRepository(database), access, notifier: createNoteNotifier(io), clock });
  api.use(noteRoutes(notes));
  const consultations = createConsultationService({
    database, consultations: createConsultationRepository(database), access, audit, notes, notifier: createConsultationNotifier(io), clock, iceServers: deps.iceServers ?? [],
  });
  api.use(consultationRoutes(consultations));
  io.on('connection', (socket) => handleCalls(io, socket, consultations));
  api.use(accessLogRoutes(createAccessLogService({ database, access, audit, clock })));
  const fhirRows = createFhirRepository(database);
  api.use(patientExportRoutes(createPatientExportService({ database, fhir: fhirRows, exports: createPatientExportRepository(database), catalog, access, audit, clock })));
  const systemClients = createSystemClientService({ database, clients: createSystemClientRepository(), users: createUserRepository(database.db), organisations: createOrganisationRepository(), audit, clock });
  api.use(systemClientRoutes(systemClients));
  api.use(webhookRoutes(createWebhookService({ database, webhooks: createWebhookRepository(database), organisations: createOrganisationRepository(), audit, clock })));
  api.use(notFoundHandler);
  app.use('/api', api);
  // FHIR is read by external systems with their bearer credential, and by the browser with its session.
  app.use('/fhir', noStore, systemClientMiddleware(systemClients), sessionMiddleware(auth));
  // The FHIR R4 read API: the same access check and audit as the app; answers and errors as application/fhir+json.
  app.use('/fhir/R4', compressReads, fhirRoutes(createFhirService({ database, fhir: fhirRows, access, audit, clock }), clock));
  app.use('/fhir/R4', fhirImportRoutes(createFhirImportService({ measurements })));
  app.use('/fhir', fhirNotFound, fhirErrorHandler);

  if (deps.webBuildDir && existsSync(deps.webBuildDir)) serveWeb(app, deps.webBuildDir);
  app.use(errorHandler);

  return {
    httpServer,
    express: app,
    io,
    services: { measurements },
    close: async () => {
      await stopFollowingSessions();
      await io.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
