// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Ewelists developers
//
// Writes cognito-fixture.json: the values amazon-cognito-identity-js (npm,
// AWS's own client) computes for one USER_SRP_AUTH sign-in, with its private
// value a, the server's b and the salt fixed, so that test-srp can check our
// arithmetic (src/common/ewe-srp.c) against the library nobody here wrote.
// Everything on the client's side is the library's own code
// (AuthenticationHelper, DateHelper, and the signature as CognitoUser
// computes it); B = k v + g^b uses the library's own N, g, k, hash and
// padHex, since the library has no server half. Run:
//
//   npm install amazon-cognito-identity-js@6.3.21
//   node cognito-fixture.cjs > cognito-fixture.json

const { Buffer } = require('buffer');
const { Sha256 } = require('@aws-crypto/sha256-js');
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper').default;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;
const DateHelper = require('amazon-cognito-identity-js/lib/DateHelper').default;

const poolId = 'local_ewelists';
const poolName = poolId.split('_')[1];
const userId = '5b8d5c39-7c1e-4b58-9d6a-2f0c1d3e4a5b';
const password = 'Correct-Horse-9';
// Fixed, so the output is the same every run: hashes of fixed phrases.
const fixed = phrase => {
  const h = new Sha256();
  h.update(phrase);
  return Buffer.from(h.digestSync()).toString('hex');
};
const aHex = fixed('ewelists srp fixture a') + fixed('ewelists srp fixture a, second half');
const bHex = fixed('ewelists srp fixture b') + fixed('ewelists srp fixture b, second half');
// The top bit set, so padHex's extra zero byte is exercised.
const saltHex = 'f' + fixed('ewelists srp fixture salt').slice(1, 32);
const secretBlock = Buffer.from('a secret block as the server would send it').toString('base64');
// Sunday 6 December 2026, 04:05:09 UTC: a one-digit day and padded time.
const when = Date.UTC(2026, 11, 6, 4, 5, 9);

const helper = new AuthenticationHelper(poolName);
helper.smallAValue = new BigInteger(aHex, 16);
helper.largeAValue = null;
let A;
helper.getLargeAValue((err, value) => { if (err) throw err; A = value; });

const N = helper.N;
const g = helper.g;
const salt = new BigInteger(saltHex, 16);
const x = new BigInteger(helper.hexHash(helper.padHex(salt) + helper.hash(`${poolName}${userId}:${password}`)), 16);
let v;
g.modPow(x, N, (err, value) => { if (err) throw err; v = value; });
let gb;
g.modPow(new BigInteger(bHex, 16), N, (err, value) => { if (err) throw err; gb = value; });
const B = helper.k.multiply(v).add(gb).mod(N);

const RealDate = Date;
global.Date = class extends RealDate { constructor (...args) { super(...(args.length ? args : [when])); } };
const timestamp = new DateHelper().getNowString();
global.Date = RealDate;

helper.getPasswordAuthenticationKey(userId, password, B, salt, (err, hkdf) => {
  if (err) throw err;
  const message = Buffer.concat([
    Buffer.from(poolName, 'utf8'),
    Buffer.from(userId, 'utf8'),
    Buffer.from(secretBlock, 'base64'),
    Buffer.from(timestamp, 'utf8'),
  ]);
  const mac = new Sha256(hkdf);
  mac.update(message);
  const signature = Buffer.from(mac.digestSync()).toString('base64');

  process.stdout.write(JSON.stringify({
    made_by: 'tests/core/srp/cognito-fixture.cjs with amazon-cognito-identity-js 6.3.21',
    pool_id: poolId,
    user_id: userId,
    password,
    salt: saltHex,
    a: aHex,
    b: bHex,
    k: helper.k.toString(16),
    x: x.toString(16),
    v: v.toString(16),
    A: A.toString(16),
    B: B.toString(16),
    u: helper.UValue.toString(16),
    key: Buffer.from(hkdf).toString('hex'),
    secret_block: secretBlock,
    timestamp,
    signature,
  }, null, 2) + '\n');
});
