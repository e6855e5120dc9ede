/**
 * @eidgate/client — a typed client for eidgate and other Mark Sign-compatible Mobile-ID gateways.
 */
export { EidgateClient, type EidgateClientOptions } from './client.ts';
export { MobileApi, MAX_WAIT_SECONDS, type IdentifyOptions, type LoginParams, type RequestOptions, type StatusOptions } from './mobile.ts';
export { EidgateError, isEidgateError, kindOfErrorCode, type EidgateErrorInit, type EidgateErrorKind } from './errors.ts';
export type { Certificate, ExplanationItem, Identity, LoginResult, ScreeningMatch, SessionStatus } from './results.ts';
export type { Locale } from './transport.ts';
export type {
  WireCertificate, WireErrorResponse, WireIdentifiedResponse, WireLoginResponse, WireMatchRecord, WireWaitingResponse,
} from './wire.ts';
