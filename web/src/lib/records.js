// SPDX-License-Identifier: AGPL-3.0-or-later
// Signed records (docs/formats/record.md) built and signed in the browser, byte for byte as the
// C++ core does, so a citizen's private key never leaves their device.
//   body      := u8 2, fixed[32] log, u16 kind, fixed[32] author, i64 author_time, bytes payload
//   signature := Ed25519 by author over "veche/record/v2\n" || body
//   record id := SHA-256("veche/record-id/v2\n" || body)
// `log` is the id of the log the record is for (GET /log/id): a record signed for one node's log
// is refused by every other.

import { Encoder, concat, utf8 } from './encoding.js';

export const Kind = {
  citizenEnrol: 40,
  citizenBind: 41,
  text: 50,
  initiativeFile: 52,
  initiativeSign: 53,
  initiativeWithdraw: 54,
  vote: 58,
  ballot: 65, // payload: encodeBallotPayload in ballot.js
  nominationFile: 78,
  nominationSign: 79,
  candidacyFile: 80,
  meetingVote: 88,
  officeVote: 92,
  ratingSet: 150,
  recallSign: 155,
  recallVote: 156,
  actingAccept: 162,
};
export const RatingValue = { withdrawn: 0, approve: 1, disapprove: 2 };
export const Choice = { yes: 1, no: 2, abstain: 3 };
const MeasureKind = { law: 1 };

// log: the 32-byte id of the log every record made here is signed for.
export function makeRecords(sodium, log) {
  if (!(log instanceof Uint8Array) || log.length !== 32) throw new Error('makeRecords needs the 32-byte log id');
  const sha256 = (bytes) => sodium.crypto_hash_sha256(bytes);

  function keyFromSeed(seed) {
    const pair = sodium.crypto_sign_seed_keypair(seed);
    return { seed, publicKey: pair.publicKey, privateKey: pair.privateKey };
  }

  function body(kind, payload, author, authorTime) {
    return new Encoder(2).fixed(log, 32).u16(kind).fixed(author, 32).i64(authorTime).bytes(payload).finish();
  }

  // Returns { bytes, id } of the signed record. authorTime: microseconds since the epoch.
  function sign(kind, payload, key, authorTime = BigInt(Date.now()) * 1000n) {
    const b = body(kind, payload, key.publicKey, authorTime);
    const signature = sodium.crypto_sign_detached(concat(utf8('veche/record/v2\n'), b), key.privateKey);
    return { bytes: concat(b, signature), id: sha256(concat(utf8('veche/record-id/v2\n'), b)) };
  }

  // The enrolment key of a one-time code: seed SHA-256("veche/enrolment-code/v1\n" || code).
  function enrolmentKey(code) {
    return keyFromSeed(sha256(concat(utf8('veche/enrolment-code/v1\n'), utf8(code))));
  }

  function bindPayload(citizenId, code, citizenKey) {
    const enrolment = enrolmentKey(code);
    const message = new Encoder(1)
      .string('veche/citizen-bind')
      .string(citizenId)
      .fixed(enrolment.publicKey, 32)
      .fixed(citizenKey.publicKey, 32)
      .finish();
    const proof = sodium.crypto_sign_detached(message, enrolment.privateKey);
    return new Encoder(1).string(citizenId).fixed(proof, 64).finish();
  }

  const idPayload = (id) => new Encoder(1).string(id).finish();

  return {
    sha256,
    keyFromSeed,
    sign,
    enrolmentKey,
    bindPayload,
    votePayload: (measure, choice) => new Encoder(1).string(measure).u8(Choice[choice]).finish(),
    initiativeSignPayload: idPayload,
    textPayload: (text) => new Encoder(1).string(text).finish(),
    textHash: (text) => sha256(utf8(text)),
    // docs/formats/offices.md: a citizens' nomination, a signature of one, a candidacy whose
    // promises are published texts (their hashes, in order).
    nominationFilePayload: (id, contest, nominee) => new Encoder(1).string(id).string(contest).string(nominee).finish(),
    nominationSignPayload: idPayload,
    meetingVotePayload: (meeting, choice) => new Encoder(1).string(meeting).u8(Choice[choice]).finish(),
    // An open round's vote (charter open_elections): a candidate's citizen id, or yes / no.
    officeVotePayload: (contest, choice) => new Encoder(1).string(contest).string(choice).finish(),
    // docs/formats/accountability.md: the author's one current rating of an office's holder.
    ratingSetPayload: (office, rating) => new Encoder(1).string(office).u8(RatingValue[rating]).finish(),
    // The runner-up designated to act for a suspended holder accepts.
    actingAcceptPayload: (office) => new Encoder(1).string(office).finish(),
    // A signature on the petition to recall an office's holder.
    recallSignPayload: (office) => new Encoder(1).string(office).finish(),
    // A vote in a recall: true to recall the holder, false to keep them.
    recallVotePayload: (office, recall) => new Encoder(1).string(office).u8(recall ? 1 : 0).finish(),
    candidacyFilePayload: (contest, nomination, promiseHashes) => {
      const e = new Encoder(1).string(contest).string(nomination).u8(promiseHashes.length);
      for (const hash of promiseHashes) e.fixed(hash, 32);
      return e.finish();
    },
    // An initiative proposing a law whose text (published first) has this hash.
    lawInitiativePayload: (id, territory, title, textHash) =>
      new Encoder(1).string(id).u8(MeasureKind.law).string(territory).string(title).fixed(textHash, 32).finish(),
    personalDataCommitment: (salt, data) => sha256(concat(utf8('veche/personal-data/v1\n'), salt, utf8(data))),
    enrolPayload: (p) =>
      new Encoder(1)
        .string(p.id)
        .string(p.residence)
        .i64(p.majorityDate)
        .i64(p.consultativeDate)
        .fixed(p.commitment, 32)
        .fixed(p.enrolmentKey, 32)
        .finish(),
  };
}
