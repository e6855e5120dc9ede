/**
 * The wire bodies of successful answers, built in one place so their field order and names follow
 * the vendor's samples exactly (wire names are kept verbatim: `control_code`, `sanctions_data`).
 */
import type { CertificateInfo } from '../mobileid/certificate-info.ts';

export interface LoginResponse {
  status: 'ok';
  certificate: CertificateInfo;
  code: string;
  token: string;
  control_code: string;
}

export interface WaitingResponse {
  status: 'waiting';
  token: string;
  control_code: string;
}

/** The identity part stored with an ok session (the session's token and control code are added on read). */
export interface IdentifiedResult {
  country: string;
  certificate: CertificateInfo;
  code: string;
  name: string;
  surname: string;
  sanctions_data: unknown[];
  peps_data: unknown[];
}

export interface IdentifiedResponse {
  status: 'ok';
  country: string;
  certificate: CertificateInfo;
  code: string;
  token: string;
  control_code: string;
  name: string;
  surname: string;
  sanctions_data: unknown[];
  peps_data: unknown[];
}

/**
 * A response body serialised once, when the session finished: a finished session's answer never
 * changes, so status requests send the stored text instead of parsing and re-serialising it.
 */
export class SerializedJson {
  constructor(readonly bytes: Buffer) {}
}

export function identifiedResponse(result: IdentifiedResult, token: string, controlCode: string): IdentifiedResponse {
  return {
    status: 'ok',
    country: result.country,
    certificate: result.certificate,
    code: result.code,
    token,
    control_code: controlCode,
    name: result.name,
    surname: result.surname,
    sanctions_data: result.sanctions_data,
    peps_data: result.peps_data,
  };
}
