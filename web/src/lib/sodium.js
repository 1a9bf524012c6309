// SPDX-License-Identifier: AGPL-3.0-or-later
// libsodium (WebAssembly, the "sumo" build: Argon2id for sealing keys, and ristretto255 for secret
// ballots), ready to use.
import sodium from 'libsodium-wrappers-sumo';

export default async function sodiumReady() {
  await sodium.ready;
  return sodium;
}
