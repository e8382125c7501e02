import type { Request, Response } from 'express';
import { declaredRoutes } from '../../kernel/routes';
import type { ExportFile, PatientExportService } from './patient-export.service';

/** The FHIR API's base on this host: where each Bundle entry's fullUrl can be read again. */
const fhirBase = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}/fhir/R4`;

function asDownload(res: Response, file: ExportFile): string {
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  return file.body;
}

export function patientExportRoutes(service: PatientExportService) {
  return declaredRoutes({
    'export.fhir': async ({ actor, params, req, res }) => asDownload(res, await service.fhirBundle(actor, params.patientId, fhirBase(req))),
    'export.summary': async ({ actor, params, res }) => {
      const file = await service.summary(actor, params.patientId);
      // Opened from disk or by mistake in the browser: no scripts, nothing fetched, only its own styles.
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'");
      return asDownload(res, file);
    },
  });
}
