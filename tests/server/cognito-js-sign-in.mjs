// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Ewelists developers
//
// Signs in to our server with amazon-cognito-identity-js's default
// authenticateUser, which is USER_SRP_AUTH, first with a wrong password
// (which must fail as Cognito fails it) and then with the right one:
//
//   node cognito-js-sign-in.mjs ENDPOINT USER_POOL_ID CLIENT_ID EMAIL PASSWORD
//
// Prints the ID token's email claim and exits 0 when both went as they must.

import cognito from 'amazon-cognito-identity-js';

const [endpoint, userPoolId, clientId, email, password] = process.argv.slice(2);
const { AuthenticationDetails, CognitoUser, CognitoUserPool } = cognito;

function signIn(secret) {
  const pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, endpoint });
  const user = new CognitoUser({ Username: email, Pool: pool });
  const details = new AuthenticationDetails({ Username: email, Password: secret });

  if (user.getAuthenticationFlowType() !== 'USER_SRP_AUTH')
    throw new Error(`the default flow is ${user.getAuthenticationFlowType()}, not USER_SRP_AUTH`);

  return new Promise((resolve, reject) => {
    user.authenticateUser(details, {
      onSuccess: session => resolve(session),
      onFailure: error => reject(error),
      newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
      mfaRequired: () => reject(new Error('unexpected MFA challenge')),
    });
  });
}

try {
  await signIn('Wrong-password-1');
  console.error('cognito-js: a wrong password signed in');
  process.exit(1);
} catch (error) {
  if (error.code !== 'NotAuthorizedException') {
    console.error(`cognito-js: a wrong password failed with ${error.code}: ${error.message}`);
    process.exit(1);
  }
}

try {
  const session = await signIn(password);
  const claims = session.getIdToken().decodePayload();

  if (!session.isValid() || claims.email !== email || !session.getRefreshToken().getToken()) {
    console.error('cognito-js: the session is not the one expected', claims);
    process.exit(1);
  }
  console.log(`cognito-js: signed in with USER_SRP_AUTH as ${claims.email}`);
} catch (error) {
  console.error(`cognito-js: the right password failed with ${error.code}: ${error.message}`);
  process.exit(1);
}
