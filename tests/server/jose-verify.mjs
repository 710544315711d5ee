// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Ewelists developers
//
// Verifies an ID and an access token from ewelists-server with jose, a
// JWT library that is not ours, exactly as a third party would: the
// discovery document from the issuer, the keys from its jwks_uri, and
// iss, aud and RS256 checked by the library.
//
//   node jose-verify.mjs ISSUER CLIENT_ID ID_TOKEN ACCESS_TOKEN

import { createRemoteJWKSet, errors, jwtVerify } from 'jose';

const [issuer, clientId, idToken, accessToken] = process.argv.slice(2);

function check (condition, message) {
  if (!condition) {
    console.error(`not ok: ${message}`);
    process.exit(1);
  }
  console.log(`ok: ${message}`);
}

async function refused (promise, errorClass, message) {
  try {
    await promise;
  } catch (error) {
    check(error instanceof errorClass, `${message} (${error.code})`);
    return;
  }
  check(false, message);
}

const discoveryUrl = `${issuer}/.well-known/openid-configuration`;
const response = await fetch(discoveryUrl);
check(response.ok, `GET ${discoveryUrl}`);
const discovery = await response.json();
check(discovery.issuer === issuer, 'the discovery document names the issuer');
check(discovery.jwks_uri === `${issuer}/.well-known/jwks.json`, 'jwks_uri is under the issuer');
check(discovery.id_token_signing_alg_values_supported.includes('RS256'), 'RS256 is offered');

const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
const options = { issuer, algorithms: ['RS256'] };

const id = await jwtVerify(idToken, jwks, { ...options, audience: clientId });
check(id.protectedHeader.alg === 'RS256' && typeof id.protectedHeader.kid === 'string', 'ID token: RS256 with a kid');
check(id.payload.token_use === 'id', 'ID token: token_use is id');
for (const claim of ['sub', 'aud', 'email_verified', 'iss', 'cognito:username', 'origin_jti', 'event_id',
                     'token_use', 'auth_time', 'exp', 'iat', 'jti', 'email']) {
  check(claim in id.payload, `ID token: has ${claim}`);
}

const access = await jwtVerify(accessToken, jwks, options);
check(access.payload.token_use === 'access', 'access token: token_use is access');
check(access.payload.client_id === clientId, 'access token: client_id');
check(access.payload.scope === 'aws.cognito.signin.user.admin', 'access token: scope');
for (const claim of ['sub', 'iss', 'client_id', 'origin_jti', 'event_id', 'token_use', 'scope', 'auth_time',
                     'exp', 'iat', 'jti', 'username']) {
  check(claim in access.payload, `access token: has ${claim}`);
}
check(access.payload.event_id === id.payload.event_id, 'both tokens: one event_id');

// And jose refuses what it should: another issuer, another audience, a
// changed payload.
await refused(jwtVerify(idToken, jwks, { ...options, issuer: 'https://evil.example.org', audience: clientId }),
              errors.JWTClaimValidationFailed, 'refused: another issuer');
await refused(jwtVerify(idToken, jwks, { ...options, audience: 'someone-elses-app' }),
              errors.JWTClaimValidationFailed, 'refused: another audience');
const [header, payload, signature] = idToken.split('.');
const changed = Buffer.from(JSON.stringify({ ...id.payload, sub: 'someone-else' })).toString('base64url');
await refused(jwtVerify(`${header}.${changed}.${signature}`, jwks, { ...options, audience: clientId }),
              errors.JWSSignatureVerificationFailed, 'refused: a changed payload');
void payload;
