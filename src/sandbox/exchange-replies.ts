/** The HTTP replies of the InvokeCommand endpoint, in the shapes Exchange Online sends. */
import type { CmdletError } from './cmdlets/exchange-errors.ts';
import type { HttpReply } from './http-io.ts';

export const EXCHANGE_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export const CONCURRENCY_TEXT =
  'You have reached the maximum number of concurrent requests per tenant. Please wait and try again';

export function replyWithCmdletError(error: CmdletError): HttpReply {
  const message = `${error.errorId}|${error.exceptionType}|${error.message}`;
  return {
    status: 400,
    headers: { 'Content-Type': EXCHANGE_JSON },
    json: {
      error: {
        code: 'InternalServerError',
        message: 'Error executing cmdlet',
        details: [{ code: 'Client', target: '', message }],
        innererror: {
          message: 'Error executing cmdlet',
          type: 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException',
          stacktrace: '',
          internalexception: { message: error.message, type: error.exceptionType, stacktrace: '' },
        },
      },
    },
  };
}

export function replyWithBadRequest(message: string, status = 400): HttpReply {
  return { status, headers: { 'Content-Type': EXCHANGE_JSON }, json: { error: { code: 'BadRequest', message } } };
}

export function replyUnauthorized(): HttpReply {
  return {
    status: 401,
    headers: {
      'WWW-Authenticate':
        'Bearer client_id="00000002-0000-0ff1-ce00-000000000000", ' +
        'trusted_issuers="00000001-0000-0000-c000-000000000000@*", ' +
        'token_types="app_asserted_user_v1 service_asserted_app_v1", ' +
        'authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"',
      'x-ms-diagnostics':
        '2000001;reason="The Authorization header is missing or is not a bearer token.";error_category="invalid_token"',
    },
  };
}

/** Exchange's 403 has no body: the reason is only in `x-ms-diagnostics`. */
export function replyForbidden(cmdletName: string | undefined): HttpReply {
  const cmdlet = cmdletName ? ` to run '${cmdletName}'` : '';
  return {
    status: 403,
    headers: {
      'x-ms-diagnostics':
        `2000008;reason="The application doesn't have the Exchange role required${cmdlet}. Assign the Exchange ` +
        'Administrator role (or a role group with the Mail Recipients, Mail Recipient Creation and Mailbox Import ' +
        'Export roles) to its service principal.";error_category="insufficient_role"',
    },
  };
}

export function replyThrottled(mode: '429' | 'text', retryAfterSeconds: number): HttpReply {
  if (mode === 'text') return { status: 500, text: CONCURRENCY_TEXT };
  return {
    status: 429,
    headers: { 'Retry-After': String(retryAfterSeconds), 'Content-Type': EXCHANGE_JSON },
    json: { error: { code: 'TooManyRequests', message: CONCURRENCY_TEXT } },
  };
}

export function replyServiceUnavailable(): HttpReply {
  return {
    status: 503,
    headers: { 'Content-Type': EXCHANGE_JSON },
    json: {
      error: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable. Try again later.' },
    },
  };
}

/** A gateway's HTML page where JSON was expected: the status says 200, the body cannot be parsed. */
export function replyWithHtml(): HttpReply {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    text: '<html><head><title>Service Unavailable</title></head><body><h2>The service is busy.</h2></body></html>',
  };
}
